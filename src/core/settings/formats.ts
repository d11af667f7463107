// Value formats the settings (and auth identities) are checked against: e-mail, URL, host, hex color.

/** ozzo-validation's `is.EmailFormat` (the HTML5 e-mail pattern). */
const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const DNS_RE = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;

export function isEmail(v: string): boolean {
  return v.length <= 254 && EMAIL_RE.test(v);
}

/** `http://localhost:8090`, `https://x.y/path` → true; `not a url`, `http://` → false. */
export function isUrl(v: string): boolean {
  if (!v || /\s/.test(v)) return false;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`;
  try {
    return new URL(withScheme).hostname !== '';
  } catch {
    return false;
  }
}

/** An IP address or a DNS name (ozzo's `is.Host`). */
export function isHost(v: string): boolean {
  return parseIp(v) !== null || (v.length <= 253 && DNS_RE.test(v));
}

export function isHexColor(v: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(v);
}

/** `1.2.3.4` → 4 bytes, `::1` → 16 bytes, anything else → null. */
export function parseIp(v: string): number[] | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) {
    const parts = v.split('.').map(Number);
    return parts.every((n) => n <= 255) ? parts : null;
  }
  if (!v.includes(':') || !/^[0-9a-fA-F:.]+$/.test(v)) return null;
  const halves = v.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIp(g);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(Number.parseInt(g, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** `10.0.0.0/8` → {bytes, bits}; a plain IP is a full-length prefix. */
function parseCidr(v: string): { bytes: number[]; bits: number } | null {
  const [addr, prefix, extra] = v.split('/');
  if (extra !== undefined || addr === undefined) return null;
  const bytes = parseIp(addr);
  if (!bytes) return null;
  if (prefix === undefined) return { bytes, bits: bytes.length * 8 };
  if (!/^\d{1,3}$/.test(prefix)) return null;
  const bits = Number(prefix);
  return bits <= bytes.length * 8 ? { bytes, bits } : null;
}

export function isIpOrCidr(v: string): boolean {
  return parseCidr(v) !== null;
}

/** True when `ip` equals one of the list's IPs or falls in one of its subnets. */
export function ipInList(ip: string, list: readonly string[]): boolean {
  const addr = parseIp(ip.replace(/^::ffff:(?=\d+\.)/i, ''));
  if (!addr) return false;
  return list.some((entry) => {
    const net = parseCidr(entry);
    if (!net || net.bytes.length !== addr.length) return false;
    for (let bit = 0; bit < net.bits; bit++) {
      const i = bit >> 3;
      const mask = 0x80 >> (bit & 7);
      if ((net.bytes[i]! & mask) !== (addr[i]! & mask)) return false;
    }
    return true;
  });
}
