// Bodies of the auth routes under /api/collections/{collection}/… (http/records-auth.ts).
//
// Checked by the core's form reader (core/auth/auth-form.ts), not on reading: PocketBase looks up
// the collection, its auth options and the caller before it binds these bodies, and so does the core.
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

const S = Type.String();
const LOAD_FAILED = 'An error occurred while loading the submitted data.';
const opt = Type.Optional;
const BASE = '/api/collections/{collection}';
/** The second step of multi-factor auth: the id the first step's 401 answered with. */
const mfaId = opt(Type.String({ description: 'From the first factor (MFA), if required' }));

const specs: BodyTable = {
  [`POST ${BASE}/auth-with-password`]: {
    schema: Type.Object({
      identity: Type.String({ description: 'The email (or another identity field) of the record' }),
      password: S,
      identityField: opt(Type.String({ description: 'Which identity field to match' })),
      mfaId,
    }),
  },
  [`POST ${BASE}/auth-with-otp`]: {
    schema: Type.Object({
      otpId: S,
      password: Type.String({ description: 'The emailed code' }),
      mfaId,
    }),
  },
  [`POST ${BASE}/auth-with-oauth2`]: {
    schema: Type.Object({
      provider: S,
      code: S,
      codeVerifier: opt(S),
      redirectURL: opt(S),
      mfaId,
      createData: opt(
        Type.Record(Type.String(), Type.Unknown(), {
          description: 'Field values for a record created by this sign-in',
        }),
      ),
    }),
  },
  [`POST ${BASE}/request-otp`]: { schema: Type.Object({ email: S }) },
  [`POST ${BASE}/request-verification`]: { schema: Type.Object({ email: S }) },
  [`POST ${BASE}/confirm-verification`]: { schema: Type.Object({ token: S }) },
  [`POST ${BASE}/request-password-reset`]: { schema: Type.Object({ email: S }) },
  [`POST ${BASE}/confirm-password-reset`]: {
    schema: Type.Object({ token: S, password: S, passwordConfirm: S }),
  },
  [`POST ${BASE}/request-email-change`]: { schema: Type.Object({ newEmail: S }) },
  [`POST ${BASE}/confirm-email-change`]: { schema: Type.Object({ token: S, password: S }) },
  [`POST ${BASE}/impersonate/{id}`]: {
    schema: Type.Object({
      duration: opt(
        Type.Integer({ description: 'Token lifetime in seconds; 0 = the collection default' }),
      ),
    }),
  },
};

export const recordsAuthBodies: BodyTable = Object.fromEntries(
  Object.entries(specs).map(([key, spec]) => [
    key,
    { ...spec, checkedByCore: true, loadError: LOAD_FAILED },
  ]),
);
