// bcrypt as PocketBase stores it (collections-and-fields.md §7.1): `$2a$`, cost honoured, 72-byte cap.
import { expect, test } from 'bun:test';
import { hashPassword, verifyPassword } from '../../../src/core/fields/password-hash.ts';

test('hashes are `$2a$` with the asked cost (0 → 10) and verify', async () => {
  const h4 = await hashPassword('secret-pass', 4);
  expect(h4).toMatch(/^\$2a\$04\$[./A-Za-z0-9]{53}$/);
  expect(await verifyPassword('secret-pass', h4)).toBe(true);
  expect(await verifyPassword('secret-pasS', h4)).toBe(false);
  expect(await hashPassword('secret-pass')).toMatch(/^\$2a\$10\$/);
});

test('`$2b$` and `$2y$` hashes written elsewhere still verify', async () => {
  const a = await hashPassword('other-pass', 4);
  for (const prefix of ['$2b$', '$2y$']) {
    expect(await verifyPassword('other-pass', prefix + a.slice(4))).toBe(true);
  }
});

test('over 72 bytes is refused, not truncated', async () => {
  await expect(hashPassword('x'.repeat(73))).rejects.toThrow();
  expect(await verifyPassword('x'.repeat(73), await hashPassword('x'.repeat(72), 4))).toBe(false);
});
