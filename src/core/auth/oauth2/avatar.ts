// The provider's avatar as a `File` for a file-typed `mappedFields.avatarURL` (auth.md §4.3): 10 s, ≤ 32 MiB,
// public addresses only, so a provider-supplied URL can't make the server probe its own network (SSRF).
import { decodeComponent } from '../../url-escapes.ts';

/** node:net (and its streams) loads with the first avatar, not at every start. */
const isIP = (ip: string): number => (require('node:net') as typeof import('node:net')).isIP(ip);

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 32 << 20;
const MAX_REDIRECTS = 5;

/**
 * Tests serve the avatar from 127.0.0.1; only they set this. Read per call, so a test can set it
 * around its own run without restarting anything.
 */
export const ALLOW_PRIVATE_ENV = 'SATCHEL_OAUTH2_AVATAR_ALLOW_PRIVATE';

function ipv4Private(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 || // "this" network
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (cloud metadata)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

/** Loopback, private, link-local, unique-local, multicast and unspecified addresses (v4 and v6). */
export function isPrivateAddress(ip: string): boolean {
  const v = isIP(ip);
  if (v === 4) return ipv4Private(ip);
  if (v !== 6) return true;
  const lower = ip.toLowerCase();
  const mapped = lower.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return ipv4Private(mapped[1]!);
  if (lower === '::' || lower === '::1') return true;
  const first = Number.parseInt(lower.split(':')[0] || '0', 16);
  return (
    (first & 0xfe00) === 0xfc00 || // fc00::/7 unique local
    (first & 0xffc0) === 0xfe80 || // fe80::/10 link-local
    (first & 0xff00) === 0xff00 // multicast
  );
}

async function assertPublicHost(url: URL): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not an http(s) URL');
  if (process.env[ALLOW_PRIVATE_ENV] === '1') return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addrs = isIP(host)
    ? [{ address: host }]
    : await (await import('node:dns/promises')).lookup(host, { all: true });
  if (addrs.length === 0 || addrs.some((a) => isPrivateAddress(a.address))) {
    throw new Error(`refused non-public avatar host ${host}`);
  }
}

async function readCapped(res: Response): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_BYTES) throw new Error('avatar too large');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new Error('avatar too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The last path segment as the original name (the stored name gets a suffix and sniffed extension). */
function fileNameOf(url: URL): string {
  const base = decodeComponent(url.pathname.split('/').pop() ?? '') ?? '';
  return base.replace(/[^\w.-]/g, '') || 'avatar';
}

/**
 * Downloads the avatar; redirects are followed by hand so every hop's host is checked. DNS is checked
 * before connecting (a rebinding race remains; the 10 s, 32 MiB and GET-only bounds still hold).
 */
export async function downloadAvatar(rawURL: string): Promise<File> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let url = new URL(rawURL);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    await assertPublicHost(url);
    const res = await fetch(url, { redirect: 'manual', signal });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`avatar: HTTP ${res.status}`);
    }
    const data = await readCapped(res);
    return new File([data], fileNameOf(url), {
      type: res.headers.get('content-type') ?? 'application/octet-stream',
    });
  }
  throw new Error('avatar: too many redirects');
}
