// `_params` rows encrypted at rest, readable by PocketBase's `--encryptionEnv` and the other way round.
//
// PocketBase's format (learned from its data dirs and tools/security): AES-GCM keyed with the env
// variable's value taken as raw bytes (32 → AES-256; Go also takes 16 or 24), a random 12-byte
// nonce, stored as the text `base64(nonce ‖ ciphertext ‖ 16-byte tag)` (standard alphabet, padded).
// On load PocketBase tries plain JSON first and decrypts only when that fails, so a dir saved
// without a key still opens once a key is set (the next save encrypts it).
import type * as NodeCrypto from 'node:crypto';
import type { Engine } from '../../db/conn.ts';

const NONCE = 12;
const TAG = 16;

/** node:crypto (~3 MB, ~3 ms) loads with the first encrypted row, not at every start. */
const nodeCrypto = () => require('node:crypto') as typeof NodeCrypto;

/** A row that can't be read with the key at hand: the server must not start on defaults. */
export class SettingsEncryptionError extends Error {}

/** `abc…(32 chars)` → `aes-256-gcm`; any other length is refused before anything is written. */
function cipherFor(key: string): {
  name: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  key: Buffer;
} {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length === 16) return { name: 'aes-128-gcm', key: bytes };
  if (bytes.length === 24) return { name: 'aes-192-gcm', key: bytes };
  if (bytes.length === 32) return { name: 'aes-256-gcm', key: bytes };
  throw new SettingsEncryptionError(
    `the settings encryption key must be 32 characters long (got ${bytes.length} bytes)`,
  );
}

/** Throws SettingsEncryptionError for a key PocketBase could not use either. */
export function checkEncryptionKey(key: string): void {
  cipherFor(key);
}

/** JSON bytes → the stored text. */
export function encryptParam(plain: Uint8Array, key: string): string {
  const c = cipherFor(key);
  const { createCipheriv, randomBytes } = nodeCrypto();
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv(c.name, c.key, nonce);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** The stored text → JSON bytes; null when it isn't ours or the key is wrong (GCM's tag fails). */
export function decryptParam(text: string, key: string): Uint8Array | null {
  const c = cipherFor(key);
  const raw = Buffer.from(text.trim(), 'base64');
  if (raw.length < NONCE + TAG) return null;
  try {
    const decipher = nodeCrypto().createDecipheriv(c.name, c.key, raw.subarray(0, NONCE));
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    return Buffer.concat([
      decipher.update(raw.subarray(NONCE, raw.length - TAG)),
      decipher.final(),
    ]);
  } catch {
    return null;
  }
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : new TextDecoder().decode(value as Uint8Array);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * A `_params` value → its JSON, as PocketBase loads it: plain JSON first, else decrypted with `key`.
 * No row → null. Encrypted without a key, or a key that doesn't open it → SettingsEncryptionError
 * naming the row and the variable, never garbage or silent defaults.
 */
export function openParam(row: string, value: unknown, key?: string, envName?: string): unknown {
  if (value === null || value === undefined) return null;
  let text = asText(value);
  const plain = parseJson(text);
  // A JSON string is the encrypted text as PostgreSQL's JSON column keeps it (settings are objects).
  if (plain.ok && typeof plain.value !== 'string') return plain.value;
  if (plain.ok) text = plain.value as string;
  const via = envName ? ` (the value of $${envName})` : '';
  if (!key) {
    throw new SettingsEncryptionError(
      `the "${row}" row of _params is encrypted or unreadable; start with --encryptionEnv=VAR ` +
        'naming the environment variable that holds its 32-character key',
    );
  }
  const decrypted = decryptParam(text, key);
  const json = decrypted ? parseJson(new TextDecoder().decode(decrypted)) : { ok: false as const };
  if (!json.ok) {
    throw new SettingsEncryptionError(
      `the "${row}" row of _params can't be decrypted with the given key${via}: wrong key?`,
    );
  }
  return json.value;
}

/**
 * JSON text → the value to store: encrypted when a key is set, plain bytes otherwise (a BLOB, as
 * PocketBase writes on SQLite). PostgreSQL's column is JSON, which takes only JSON: the JSON text
 * as it is, and the encrypted text as a JSON string (`openParam` reads both back).
 */
export function sealParam(
  json: string,
  key?: string,
  engine: Engine = 'sqlite',
): string | Uint8Array {
  if (engine === 'postgres')
    return key ? JSON.stringify(encryptParam(new TextEncoder().encode(json), key)) : json;
  const bytes = new TextEncoder().encode(json);
  return key ? encryptParam(bytes, key) : bytes;
}
