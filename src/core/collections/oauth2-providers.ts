// The OAuth2 providers a collection may configure (§2) and their public info for the dashboard.
//
// Names, display names, order and logos are PocketBase's (`tools/auth/*.go`, answered by
// `GET /api/collections/meta/oauth2-providers`); the SVGs are embedded as text, so they ship in
// the compiled binary too.
import appleLogo from './oauth2-logos/apple.svg' with { type: 'text' };
import bitbucketLogo from './oauth2-logos/bitbucket.svg' with { type: 'text' };
import boxLogo from './oauth2-logos/box.svg' with { type: 'text' };
import discordLogo from './oauth2-logos/discord.svg' with { type: 'text' };
import facebookLogo from './oauth2-logos/facebook.svg' with { type: 'text' };
import giteaLogo from './oauth2-logos/gitea.svg' with { type: 'text' };
import giteeLogo from './oauth2-logos/gitee.svg' with { type: 'text' };
import githubLogo from './oauth2-logos/github.svg' with { type: 'text' };
import gitlabLogo from './oauth2-logos/gitlab.svg' with { type: 'text' };
import googleLogo from './oauth2-logos/google.svg' with { type: 'text' };
import instagram2Logo from './oauth2-logos/instagram2.svg' with { type: 'text' };
import kakaoLogo from './oauth2-logos/kakao.svg' with { type: 'text' };
import larkLogo from './oauth2-logos/lark.svg' with { type: 'text' };
import linearLogo from './oauth2-logos/linear.svg' with { type: 'text' };
import livechatLogo from './oauth2-logos/livechat.svg' with { type: 'text' };
import mailcowLogo from './oauth2-logos/mailcow.svg' with { type: 'text' };
import microsoftLogo from './oauth2-logos/microsoft.svg' with { type: 'text' };
import mondayLogo from './oauth2-logos/monday.svg' with { type: 'text' };
import notionLogo from './oauth2-logos/notion.svg' with { type: 'text' };
import oidcLogo from './oauth2-logos/oidc.svg' with { type: 'text' };
import patreonLogo from './oauth2-logos/patreon.svg' with { type: 'text' };
import planningcenterLogo from './oauth2-logos/planningcenter.svg' with { type: 'text' };
import spotifyLogo from './oauth2-logos/spotify.svg' with { type: 'text' };
import stravaLogo from './oauth2-logos/strava.svg' with { type: 'text' };
import traktLogo from './oauth2-logos/trakt.svg' with { type: 'text' };
import twitchLogo from './oauth2-logos/twitch.svg' with { type: 'text' };
import twitterLogo from './oauth2-logos/twitter.svg' with { type: 'text' };
import vkLogo from './oauth2-logos/vk.svg' with { type: 'text' };
import wakatimeLogo from './oauth2-logos/wakatime.svg' with { type: 'text' };
import yandexLogo from './oauth2-logos/yandex.svg' with { type: 'text' };

export interface ProviderInfo {
  name: string;
  displayName: string;
  logo: string;
}

/** Provider key → display name and logo, in the order PocketBase lists them. */
const PROVIDERS: [string, string, string][] = [
  ['apple', 'Apple', appleLogo],
  ['google', 'Google', googleLogo],
  ['microsoft', 'Microsoft', microsoftLogo],
  ['yandex', 'Yandex', yandexLogo],
  ['facebook', 'Facebook', facebookLogo],
  ['instagram2', 'Instagram', instagram2Logo],
  ['github', 'GitHub', githubLogo],
  ['gitlab', 'GitLab', gitlabLogo],
  ['bitbucket', 'Bitbucket', bitbucketLogo],
  ['gitee', 'Gitee', giteeLogo],
  ['gitea', 'Gitea/Forgejo', giteaLogo],
  ['discord', 'Discord', discordLogo],
  ['twitter', 'X/Twitter', twitterLogo],
  ['kakao', 'Kakao', kakaoLogo],
  ['vk', 'ВКонтакте', vkLogo],
  ['linear', 'Linear', linearLogo],
  ['notion', 'Notion', notionLogo],
  ['monday', 'monday.com', mondayLogo],
  ['lark', 'Lark', larkLogo],
  ['box', 'Box', boxLogo],
  ['spotify', 'Spotify', spotifyLogo],
  ['trakt', 'Trakt', traktLogo],
  ['twitch', 'Twitch', twitchLogo],
  ['patreon', 'Patreon', patreonLogo],
  ['strava', 'Strava', stravaLogo],
  ['wakatime', 'WakaTime', wakatimeLogo],
  ['livechat', 'LiveChat', livechatLogo],
  ['mailcow', 'mailcow', mailcowLogo],
  ['planningcenter', 'Planning Center', planningcenterLogo],
  ['oidc', 'OIDC', oidcLogo],
  ['oidc2', 'OIDC', oidcLogo],
  ['oidc3', 'OIDC', oidcLogo],
];

const NAMES = new Set(PROVIDERS.map(([name]) => name));

export function isProviderName(name: string): boolean {
  return NAMES.has(name);
}

/** `GET /api/collections/meta/oauth2-providers`. */
export function listOAuth2Providers(): ProviderInfo[] {
  return PROVIDERS.map(([name, displayName, logo]) => ({ name, displayName, logo }));
}

export function providerDisplayName(name: string): string {
  return PROVIDERS.find(([n]) => n === name)?.[1] ?? name;
}
