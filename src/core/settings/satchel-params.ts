// Satchel-only settings, kept in their own `_params` row `satchel` (not in `settings`).
//
// Why a row of their own: PocketBase decodes its `settings` row into a Go struct and writes the
// struct back on every save, so keys it does not know vanish when the dir is opened by PocketBase
// (or its dashboard saves settings). A separate row survives that untouched.
import type { Conn, Engine } from '../../db/conn.ts';
import type { Store } from '../../db/connect.ts';
import { BadRequestError, fieldError, ValidationError } from '../errors.ts';
import { readParam, writeParam } from './param-row.ts';

export interface SatchelParams {
  /** `GET /api/openapi.json`: superusers only unless `public`. */
  openapi: { public: boolean };
  /** `GET /api/metrics`: superusers, or a scraper sending `Authorization: Bearer <token>`; '' = none. */
  metrics: { token: string };
}

export const defaultSatchelParams = (): SatchelParams => ({
  openapi: { public: false },
  metrics: { token: '' },
});

/** A scrape token shorter than this could be guessed; longer than the max is a paste mistake. */
const TOKEN_MIN = 16;
const TOKEN_MAX = 255;

/** The client view: the scrape token is a secret, so it is left out (as settings leave out theirs). */
export function satchelParamsView(p: SatchelParams): unknown {
  return { ...p, metrics: { hasToken: p.metrics.token !== '' } };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Opens and seals the row: the settings store, so `--encryptionEnv` covers this row too. */
export interface ParamCodec {
  openParam(row: string, value: unknown): unknown;
  sealParam(json: string, engine?: Engine): string | Uint8Array;
}

function decode(codec: ParamCodec, value: unknown): SatchelParams {
  const out = defaultSatchelParams();
  let parsed: unknown;
  try {
    parsed = codec.openParam('satchel', value);
  } catch {
    // unreadable row (the start-up load reports it): the defaults, everything closed
    return out;
  }
  if (isObject(parsed) && isObject(parsed.openapi) && parsed.openapi.public === true) {
    out.openapi.public = true;
  }
  if (isObject(parsed) && isObject(parsed.metrics) && typeof parsed.metrics.token === 'string') {
    out.metrics.token = parsed.metrics.token;
  }
  return out;
}

/** The stored row, or the defaults when there is none. */
export function readSatchelParams(conn: Conn, codec: ParamCodec): SatchelParams {
  return decode(codec, readParam(conn, 'satchel'));
}

/** `{ openapi: { public: true } }` → merged into the row (created on the first update). */
export async function updateSatchelParams(
  store: Store,
  codec: ParamCodec,
  patch: unknown,
): Promise<SatchelParams> {
  if (!isObject(patch))
    throw new BadRequestError('An error occurred while loading the submitted data.');
  return store.writes.run((tx) => {
    const next = decode(codec, readParam(tx, 'satchel'));
    if (patch.openapi !== undefined) {
      const pub = isObject(patch.openapi) ? patch.openapi.public : undefined;
      if (pub !== undefined && typeof pub !== 'boolean') {
        throw new ValidationError('An error occurred while validating the submitted data.', {
          openapi: { public: fieldError('validation_invalid_value', 'Must be a boolean.') },
        });
      }
      if (!isObject(patch.openapi)) {
        throw new ValidationError('An error occurred while validating the submitted data.', {
          openapi: fieldError('validation_invalid_value', 'Must be an object.'),
        });
      }
      if (typeof pub === 'boolean') next.openapi.public = pub;
    }
    if (patch.metrics !== undefined) next.metrics.token = metricsToken(patch.metrics);
    const now = new Date().toISOString().replace('T', ' ');
    writeParam(tx, 'satchel', codec.sealParam(JSON.stringify(next), tx.engine), now);
    return next;
  });
}

/** `{ token: '' }` clears it; otherwise 16–255 visible ASCII characters (it travels in a header). */
function metricsToken(patch: unknown): string {
  const token = isObject(patch) ? patch.token : undefined;
  const ok =
    typeof token === 'string' &&
    (token === '' ||
      (token.length >= TOKEN_MIN && token.length <= TOKEN_MAX && /^[\x21-\x7e]+$/.test(token)));
  if (!ok) {
    throw new ValidationError('An error occurred while validating the submitted data.', {
      metrics: {
        token: fieldError(
          'validation_invalid_value',
          `Must be empty or ${TOKEN_MIN}-${TOKEN_MAX} visible ASCII characters.`,
        ),
      },
    });
  }
  return token;
}
