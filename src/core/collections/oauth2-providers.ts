// The OAuth2 providers a collection may configure (§2) and their public info for the dashboard.
//
// Logos are small generated SVG placeholders (a rounded square with the provider's initials), not
// the vendors' artwork, which we do not ship.

export interface ProviderInfo {
  name: string;
  displayName: string;
  logo: string;
}

/** Provider key → display name, in the order the API lists them. */
const PROVIDERS: [string, string][] = [
  ['apple', 'Apple'],
  ['bitbucket', 'Bitbucket'],
  ['box', 'Box'],
  ['discord', 'Discord'],
  ['facebook', 'Facebook'],
  ['gitea', 'Gitea'],
  ['gitee', 'Gitee'],
  ['github', 'GitHub'],
  ['gitlab', 'GitLab'],
  ['google', 'Google'],
  ['instagram2', 'Instagram'],
  ['kakao', 'Kakao'],
  ['lark', 'Lark'],
  ['linear', 'Linear'],
  ['livechat', 'LiveChat'],
  ['mailcow', 'mailcow'],
  ['microsoft', 'Microsoft'],
  ['monday', 'monday.com'],
  ['notion', 'Notion'],
  ['oidc', 'OpenID Connect'],
  ['oidc2', '(2) OpenID Connect'],
  ['oidc3', '(3) OpenID Connect'],
  ['patreon', 'Patreon'],
  ['planningcenter', 'Planning Center'],
  ['spotify', 'Spotify'],
  ['strava', 'Strava'],
  ['trakt', 'Trakt'],
  ['twitch', 'Twitch'],
  ['twitter', 'X/Twitter'],
  ['vk', 'ВКонтакте'],
  ['wakatime', 'WakaTime'],
  ['yandex', 'Yandex'],
];

const NAMES = new Set(PROVIDERS.map(([name]) => name));

export function isProviderName(name: string): boolean {
  return NAMES.has(name);
}

function placeholderLogo(name: string): string {
  const initials = name
    .replace(/[^a-z]/gi, '')
    .slice(0, 2)
    .toUpperCase();
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
    '<rect width="32" height="32" rx="6" fill="#6b7280"/>' +
    `<text x="16" y="21" font-family="sans-serif" font-size="13" text-anchor="middle" fill="#fff">${initials}</text>` +
    '</svg>'
  );
}

/** `GET /api/collections/meta/oauth2-providers`. */
export function listOAuth2Providers(): ProviderInfo[] {
  return PROVIDERS.map(([name, displayName]) => ({
    name,
    displayName,
    logo: placeholderLogo(name),
  }));
}

export function providerDisplayName(name: string): string {
  return PROVIDERS.find(([n]) => n === name)?.[1] ?? name;
}
