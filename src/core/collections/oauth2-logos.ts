// The OAuth2 providers' logos (PocketBase's SVGs, embedded as text so they ship in the compiled
// binary too). Loaded by oauth2-providers.ts when a list with logos is asked for, not at start.
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

/** Provider key → its logo. */
export const LOGOS: Record<string, string> = {
  apple: appleLogo,
  google: googleLogo,
  microsoft: microsoftLogo,
  yandex: yandexLogo,
  facebook: facebookLogo,
  instagram2: instagram2Logo,
  github: githubLogo,
  gitlab: gitlabLogo,
  bitbucket: bitbucketLogo,
  gitee: giteeLogo,
  gitea: giteaLogo,
  discord: discordLogo,
  twitter: twitterLogo,
  kakao: kakaoLogo,
  vk: vkLogo,
  linear: linearLogo,
  notion: notionLogo,
  monday: mondayLogo,
  lark: larkLogo,
  box: boxLogo,
  spotify: spotifyLogo,
  trakt: traktLogo,
  twitch: twitchLogo,
  patreon: patreonLogo,
  strava: stravaLogo,
  wakatime: wakatimeLogo,
  livechat: livechatLogo,
  mailcow: mailcowLogo,
  planningcenter: planningcenterLogo,
  oidc: oidcLogo,
  oidc2: oidcLogo,
  oidc3: oidcLogo,
};
