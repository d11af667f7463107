// Format checks PocketBase inherits from ozzo-validation's `is` package (govalidator): e-mail,
// URL (scheme optional!), domain. Written as linear scans: the original regexes rely on RE2's
// linear time and would backtrack exponentially in JS on hostile input.

const UNI = '\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF';
/** A dot-atom local part (`first.last+tag`). */
const DOT_ATOM = new RegExp(
  `^[a-zA-Z0-9!#$%&'*+\\-/=?^_\`{|}~${UNI}]+(?:\\.[a-zA-Z0-9!#$%&'*+\\-/=?^_\`{|}~${UNI}]+)*$`,
);
/** A quoted local part (`"john doe"`). */
const QUOTED = new RegExp(
  `^"(?:[\\x20\\x09]*(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\x21\\x23-\\x5b\\x5d-\\x7e${UNI}]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f${UNI}]))*[\\x20\\x09]*"$`,
);
const DOMAIN_CHAR = new RegExp(`^[a-zA-Z0-9\\-.~${UNI}]+$`);
const LABEL_EDGE = new RegExp(`[a-zA-Z0-9${UNI}]`);
const TLD_EDGE = new RegExp(`[a-zA-Z${UNI}]`);

/** govalidator's e-mail domain: `label(.label)*.tld`, the TLD starting and ending with a letter. */
function isEmailDomain(domain: string): boolean {
  const d = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (!DOMAIN_CHAR.test(d)) return false;
  if (!LABEL_EDGE.test(d[0]!) || !TLD_EDGE.test(d[d.length - 1]!)) return false;
  for (let i = 1; i < d.length - 1; i++) {
    if (d[i] === '.' && LABEL_EDGE.test(d[i - 1]!) && TLD_EDGE.test(d[i + 1]!)) return true;
  }
  return false;
}

/** ozzo `is.EmailFormat`: `a@b.co` yes, `a@localhost` no (the domain needs a TLD). */
export function isEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  return (DOT_ATOM.test(local) || QUOTED.test(local)) && isEmailDomain(value.slice(at + 1));
}

const URL_SCHEMES = new Set(['ftp', 'tcp', 'udp', 'ws', 'wss', 'http', 'https']);
const HOST_CHARS = /^[a-zA-Z0-9\u00a1-\uffff_.-]+$/;
const HOST_EDGE = /[a-zA-Z0-9\u00a1-\uffff]/;

function isHost(host: string): boolean {
  if (/^\[[0-9a-fA-F:.]+\]$/.test(host)) return true;
  if (!HOST_CHARS.test(host) || host.includes('..')) return false;
  return HOST_EDGE.test(host[0]!) && HOST_EDGE.test(host[host.length - 1]!);
}

/** `host[.][:port][/?#path]` after the scheme and optional user info. */
function isHostPortPath(s: string): boolean {
  const cut = s.search(/[/?#]/);
  let hostPort = cut === -1 ? s : s.slice(0, cut);
  const port = /:(\d{1,5})$/.exec(hostPort);
  if (port) hostPort = hostPort.slice(0, port.index);
  if (hostPort.endsWith('.')) hostPort = hostPort.slice(0, -1);
  return hostPort !== '' && isHost(hostPort);
}

/** Host (with port, like Go's `url.URL.Host`) of a URL with a scheme; `''` without one. */
export function urlHost(value: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(value);
  if (!m) return '';
  const authority = value.slice(m[0].length).split(/[/?#]/, 1)[0] ?? '';
  const at = authority.lastIndexOf('@');
  return at >= 0 ? authority.slice(at + 1) : authority;
}

/** govalidator `IsURL` (what ozzo `is.URL` runs): `example.com` passes, `not a url` doesn't. */
export function isURL(value: string): boolean {
  if (value === '' || value.length <= 3 || [...value].length >= 2083) return false;
  if (value.startsWith('.') || /\s/.test(value)) return false;
  let rest = value;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value);
  if (scheme) {
    if (!URL_SCHEMES.has(scheme[1]!)) return false;
    if (urlHost(value).startsWith('.')) return false;
    rest = value.slice(scheme[0].length);
  } else if (!value.includes(':')) {
    // Go parses a scheme-less value as a path: it must at least look like a domain
    const path = value.split(/[?#]/, 1)[0] ?? '';
    if (!path.includes('.')) return false;
  }
  if (isHostPortPath(rest)) return true;
  // optional `user[:pass]@` prefix: any non-space run before an `@`
  for (let at = rest.indexOf('@'); at > 0; at = rest.indexOf('@', at + 1)) {
    if (isHostPortPath(rest.slice(at + 1))) return true;
  }
  return false;
}

/** ozzo `is.Domain` (lower-case labels, a letter TLD or punycode). */
export function isDomain(value: string): boolean {
  if (value.length > 255) return false;
  return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{1,63}|xn--[a-z0-9]{1,59})$/.test(
    value,
  );
}
