// bcrypt hashing as PocketBase does it (auth.md §2), through Bun.password.
import { ValidationError } from '../errors.ts';

/** bcrypt only looks at 72 bytes; PocketBase refuses longer inputs instead of truncating them. */
export const MAX_PASSWORD_BYTES = 72;

export function passwordTooLong(plain: string): boolean {
  return Buffer.byteLength(plain, 'utf8') > MAX_PASSWORD_BYTES;
}

/** `cost` 0 means PocketBase's default of 10. Inputs over 72 bytes are rejected, never pre-hashed. */
export async function hashPassword(plain: string, cost = 0): Promise<string> {
  if (passwordTooLong(plain)) {
    throw new ValidationError('Failed to hash the password.', {
      password: { code: 'validation_invalid_value', message: 'Invalid value.' },
    });
  }
  const hash = await Bun.password.hash(plain, { algorithm: 'bcrypt', cost: cost || 10 });
  // Go's bcrypt writes `$2a$` (collections-and-fields.md §7.1). For inputs of at most 72 bytes
  // (all we accept) `$2b$` computes the same hash; only the label differs.
  return hash.startsWith('$2b$') ? `$2a$${hash.slice(4)}` : hash;
}

/** Verifies `$2a$`, `$2b$` and `$2y$` hashes; false for anything malformed. */
export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  if (!hash || passwordTooLong(plain)) return false;
  try {
    return await Bun.password.verify(plain, hash, 'bcrypt');
  } catch {
    return false;
  }
}

const DUMMY_HASH = '$2a$10$Nq9xDeTA0jWcLLj4RtZFxOgW2rjP0DDyA1rHBJT0ffNeR0sDwvJbS';

/** Timing equalisation for unknown identities (auth.md §2). */
export async function dummyPasswordCheck(plain: string): Promise<void> {
  await verifyPassword(plain, DUMMY_HASH);
}
