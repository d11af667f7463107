// HS256 compact JWTs against jose: what jose signs verifies, what jose's jwtVerify refuses is refused.
import { describe, expect, test } from 'bun:test';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { decodePayload, signHS256, verifyHS256 } from '../../../../src/core/auth/tokens/hs256.ts';

const KEY = 'tokenKey_of_the_record_0123456789abcdefghij' + 'the_collection_secret_0123456789';
const NOW = 1_800_000_000;
const CLAIMS = { id: 'u1', type: 'auth', collectionId: 'c1', refreshable: true, exp: NOW + 60 };

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A correct HS256 MAC under KEY over any header: only the header's own checks can refuse it. */
const withHeader = (header: Record<string, unknown>, payload: string) => {
  const data = `${b64(header)}.${payload}`;
  return `${data}.${new Bun.CryptoHasher('sha256', KEY).update(data).digest('base64url')}`;
};
const joseSign = (claims: Record<string, unknown>, header: Record<string, unknown>, key = KEY) =>
  new SignJWT(claims)
    .setProtectedHeader(header as { alg: string })
    .sign(new TextEncoder().encode(key));
/** jose's own verdict at NOW, to hold each case to. */
const joseAccepts = (token: string) =>
  jwtVerify(token, new TextEncoder().encode(KEY), {
    algorithms: ['HS256'],
    currentDate: new Date(NOW * 1000),
  }).then(
    () => true,
    () => false,
  );

describe('hs256', () => {
  test('signs as jose does, and verifies what jose signs', async () => {
    const token = signHS256(CLAIMS, KEY);
    expect(token).toBe(await joseSign(CLAIMS, { alg: 'HS256', typ: 'JWT' }));
    expect(verifyHS256(token, KEY, NOW)).toEqual(CLAIMS);
    // No `typ`, extra header members: still HS256 under the same key.
    const bare = await joseSign(CLAIMS, { alg: 'HS256', kid: 'x' });
    expect(verifyHS256(bare, KEY, NOW)).toEqual(CLAIMS);
  });

  test('the same key keeps signing correctly (the keyed state is copied, not reused)', () => {
    const a = signHS256(CLAIMS, KEY);
    const b = signHS256({ ...CLAIMS, id: 'u2' }, KEY);
    expect(signHS256(CLAIMS, KEY)).toBe(a);
    expect(verifyHS256(b, KEY, NOW)?.id).toBe('u2');
    expect(verifyHS256(a, `${KEY}x`, NOW)).toBeNull();
  });

  const valid = signHS256(CLAIMS, KEY);
  const [head, body, mac] = valid.split('.') as [string, string, string];
  const flip = (s: string, i: number) =>
    s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const forged: [string, () => Promise<string> | string][] = [
    ['another key', () => signHS256(CLAIMS, 'another key')],
    ['a claim changed, signature kept', () => `${head}.${b64({ ...CLAIMS, id: 'admin' })}.${mac}`],
    ['a signature bit flipped', () => `${head}.${body}.${flip(mac, 5)}`],
    ['the signature cut short', () => `${head}.${body}.${mac.slice(0, -1)}`],
    ['no signature', () => `${head}.${body}.`],
    ['alg none, no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${body}.`],
    ['alg none, the HS256 signature', () => `${b64({ alg: 'none' })}.${body}.${mac}`],
    ['alg hs256 (case)', () => `${b64({ alg: 'hs256', typ: 'JWT' })}.${body}.${mac}`],
    ['HS512 under the same key', () => joseSign(CLAIMS, { alg: 'HS512' })],
    ['HS384 under the same key', () => joseSign(CLAIMS, { alg: 'HS384' })],
    ['alg none over a correct MAC', () => withHeader({ alg: 'none', typ: 'JWT' }, body)],
    ['alg HS512 over a correct HS256 MAC', () => withHeader({ alg: 'HS512' }, body)],
    ['no alg over a correct MAC', () => withHeader({ typ: 'JWT' }, body)],
    [
      'a crit header over a correct MAC',
      () => withHeader({ alg: 'HS256', crit: ['x'], x: 1 }, body),
    ],
    ['expired a second ago', () => signHS256({ ...CLAIMS, exp: NOW - 1 }, KEY)],
    ['expiring now', () => signHS256({ ...CLAIMS, exp: NOW }, KEY)],
    ['exp as a string', () => signHS256({ ...CLAIMS, exp: String(NOW + 60) }, KEY)],
    ['not valid before later', () => signHS256({ ...CLAIMS, nbf: NOW + 1 }, KEY)],
    ['iat as a string', () => signHS256({ ...CLAIMS, iat: 'yesterday' }, KEY)],
    ['two parts', () => `${head}.${body}`],
    ['four parts', () => `${valid}.${mac}`],
    ['garbage', () => 'garbage'],
  ];
  test.each(forged)('refused: %s', async (_name, make) => {
    const token = await make();
    expect(verifyHS256(token, KEY, NOW)).toBeNull();
    // The case is one jose refuses too (or, for a bit-identical signature, refuses as well).
    expect(await joseAccepts(token)).toBe(false);
  });

  test('stricter than jose: a padded signature (a second spelling of a valid token) is refused', async () => {
    // PocketBase's golang-jwt decodes segments unpadded (RawURLEncoding) and refuses it too.
    const padded = `${head}.${body}.${mac}=`;
    expect(await joseAccepts(padded)).toBe(true);
    expect(verifyHS256(padded, KEY, NOW)).toBeNull();
  });

  test('a signed payload that is not a JSON object is refused', () => {
    for (const payload of ['[1]', 'null', '"x"', '{', '\xff']) {
      const data = `${head}.${Buffer.from(payload, 'latin1').toString('base64url')}`;
      const sig = new Bun.CryptoHasher('sha256', KEY).update(data).digest('base64url');
      expect(verifyHS256(`${data}.${sig}`, KEY, NOW)).toBeNull();
    }
  });

  test('nbf now and exp ahead are current', () => {
    const token = signHS256({ ...CLAIMS, nbf: NOW, iat: NOW - 10 }, KEY);
    expect(verifyHS256(token, KEY, NOW)?.nbf).toBe(NOW);
  });

  test('decodePayload: the claims unverified, as jose decodeJwt; null when they do not decode', () => {
    expect(decodePayload(valid)).toEqual(decodeJwt(valid));
    for (const bad of ['garbage', 'a.b', `${head}..${mac}`, `${head}.${b64([1])}.${mac}`, 'a.*.c'])
      expect(decodePayload(bad)).toBeNull();
  });
});
