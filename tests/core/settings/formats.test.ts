// Value formats used by settings and identities: e-mail, URL, host, IP/CIDR lists.
import { describe, expect, test } from 'bun:test';
import {
  ipInList,
  isEmail,
  isHost,
  isIpOrCidr,
  isUrl,
} from '../../../src/core/settings/formats.ts';

describe('formats', () => {
  test.each([
    ['a@b.c', true],
    ['test@example.com', true],
    ['users75657', false],
    ['a@', false],
    ['a b@c.d', false],
  ])('isEmail(%p) = %p', (v, ok) => expect(isEmail(v)).toBe(ok));

  test.each([
    ['http://localhost:8090', true],
    ['https://example.com/path?q=1', true],
    ['example.com', true],
    ['not a url', false],
    ['http://', false],
    ['', false],
  ])('isUrl(%p) = %p', (v, ok) => expect(isUrl(v)).toBe(ok));

  test.each([
    ['smtp.example.com', true],
    ['127.0.0.1', true],
    ['bad host', false],
  ])('isHost(%p) = %p', (v, ok) => expect(isHost(v)).toBe(ok));

  test.each([
    ['1.2.3.4', true],
    ['10.0.0.0/8', true],
    ['::1', true],
    ['2001:db8::/32', true],
    ['fe80::1:2:3:4:5', true],
    ['1.2.3.4/33', false],
    ['256.0.0.1', false],
    ['1::2::3', false],
    ['abc', false],
  ])('isIpOrCidr(%p) = %p', (v, ok) => expect(isIpOrCidr(v)).toBe(ok));

  test.each([
    ['10.1.2.3', ['10.0.0.0/8'], true],
    ['11.1.2.3', ['10.0.0.0/8'], false],
    ['127.0.0.1', ['127.0.0.1'], true],
    ['::ffff:127.0.0.1', ['127.0.0.1'], true],
    ['2001:db8::5', ['2001:db8::/32'], true],
    ['2001:db9::5', ['2001:db8::/32'], false],
    ['1.2.3.4', [], false],
  ] as const)('ipInList(%p, %p) = %p', (ip, list, ok) => expect(ipInList(ip, list)).toBe(ok));
});
