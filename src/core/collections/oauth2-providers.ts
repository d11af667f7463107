// The OAuth2 providers a collection may configure (§2) and their public info for the dashboard.
//
// Names, display names, order and logos are PocketBase's (`tools/auth/*.go`, answered by
// `GET /api/collections/meta/oauth2-providers`); the logos are in oauth2-logos.ts, loaded with the
// first list that shows them.

export interface ProviderInfo {
  name: string;
  displayName: string;
  logo: string;
}

/** Provider key → display name, in the order PocketBase lists them. */
const PROVIDERS: [string, string][] = [
  ['apple', 'Apple'],
  ['google', 'Google'],
  ['microsoft', 'Microsoft'],
  ['yandex', 'Yandex'],
  ['facebook', 'Facebook'],
  ['instagram2', 'Instagram'],
  ['github', 'GitHub'],
  ['gitlab', 'GitLab'],
  ['bitbucket', 'Bitbucket'],
  ['gitee', 'Gitee'],
  ['gitea', 'Gitea/Forgejo'],
  ['discord', 'Discord'],
  ['twitter', 'X/Twitter'],
  ['kakao', 'Kakao'],
  ['vk', 'ВКонтакте'],
  ['linear', 'Linear'],
  ['notion', 'Notion'],
  ['monday', 'monday.com'],
  ['lark', 'Lark'],
  ['box', 'Box'],
  ['spotify', 'Spotify'],
  ['trakt', 'Trakt'],
  ['twitch', 'Twitch'],
  ['patreon', 'Patreon'],
  ['strava', 'Strava'],
  ['wakatime', 'WakaTime'],
  ['livechat', 'LiveChat'],
  ['mailcow', 'mailcow'],
  ['planningcenter', 'Planning Center'],
  ['oidc', 'OIDC'],
  ['oidc2', 'OIDC'],
  ['oidc3', 'OIDC'],
];

const NAMES = new Set(PROVIDERS.map(([name]) => name));

export function isProviderName(name: string): boolean {
  return NAMES.has(name);
}

/** `GET /api/collections/meta/oauth2-providers`. */
export function listOAuth2Providers(): ProviderInfo[] {
  const { LOGOS } = require('./oauth2-logos.ts') as typeof import('./oauth2-logos.ts');
  return PROVIDERS.map(([name, displayName]) => ({ name, displayName, logo: LOGOS[name] ?? '' }));
}

export function providerDisplayName(name: string): string {
  return PROVIDERS.find(([n]) => n === name)?.[1] ?? name;
}
