// The collections a fresh data dir starts with (§6), shaped like the rows PocketBase itself writes.
import {
  authSystemFields,
  autodateField,
  emailIndex,
  idField,
  newAuthOptions,
  textField,
  tokenKeyIndex,
} from './defaults.ts';
import type { Collection, Field } from './model.ts';
import { SUPERUSERS, SUPERUSERS_ID, USERS_ID } from './model.ts';

/** collections-and-fields.md §6: who may see their own `_externalAuths`/`_mfas`/… rows. */
export const OWNER_RULE =
  "@request.auth.id != '' && recordRef = @request.auth.id && collectionRef = @request.auth.collectionId";

export const EXTERNAL_AUTHS = '_externalAuths';
export const MFAS = '_mfas';
export const OTPS = '_otps';
export const AUTH_ORIGINS = '_authOrigins';
/** The base collections holding per-auth-record rows (deleted with their record or collection). */
export const AUTH_SIDE_TABLES = [EXTERNAL_AUTHS, MFAS, OTPS, AUTH_ORIGINS] as const;

const created = () => autodateField('autodate2990389176', 'created', false, true);
const updated = () => autodateField('autodate3332085495', 'updated', true, true);
const requiredText = (id: string, name: string) =>
  textField(id, name, { required: true, system: true });
const refs = () => [
  requiredText('text455797646', 'collectionRef'),
  requiredText('text127846527', 'recordRef'),
];

function base(
  id: string,
  name: string,
  fields: Field[],
  indexes: string[],
  rules: Partial<Collection>,
  now: string,
): Collection {
  return {
    id,
    name,
    type: 'base',
    system: true,
    fields,
    indexes,
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
    created: now,
    updated: now,
    ...rules,
  };
}

function superusers(now: string): Collection {
  const auth = newAuthOptions();
  auth.authToken.duration = 86400;
  return {
    id: SUPERUSERS_ID,
    name: SUPERUSERS,
    type: 'auth',
    system: true,
    fields: [...authSystemFields(), created(), updated()],
    indexes: [tokenKeyIndex(SUPERUSERS_ID, SUPERUSERS), emailIndex(SUPERUSERS_ID, SUPERUSERS)],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
    created: now,
    updated: now,
    auth,
  };
}

export function systemCollections(now: string): Collection[] {
  const owner = { listRule: OWNER_RULE, viewRule: OWNER_RULE };
  const ownerDelete = { ...owner, deleteRule: OWNER_RULE };
  // PocketBase's creation order (its init migration), which is the listing's order too.
  return [
    base(
      'pbc_2279338944',
      MFAS,
      [idField(), ...refs(), requiredText('text1582905952', 'method'), created(), updated()],
      ['CREATE INDEX `idx_mfas_collectionRef_recordRef` ON `_mfas` (collectionRef,recordRef)'],
      owner,
      now,
    ),
    base(
      'pbc_1638494021',
      OTPS,
      [
        idField(),
        ...refs(),
        {
          cost: 8,
          help: '',
          hidden: true,
          id: 'password901924565',
          max: 0,
          min: 0,
          name: 'password',
          pattern: '',
          presentable: false,
          required: true,
          system: true,
          type: 'password',
        },
        textField('text3866985172', 'sentTo', { hidden: true, system: true }),
        created(),
        updated(),
      ],
      ['CREATE INDEX `idx_otps_collectionRef_recordRef` ON `_otps` (collectionRef, recordRef)'],
      owner,
      now,
    ),
    base(
      'pbc_2281828961',
      EXTERNAL_AUTHS,
      [
        idField(),
        ...refs(),
        requiredText('text2462348188', 'provider'),
        requiredText('text1044722854', 'providerId'),
        created(),
        updated(),
      ],
      [
        'CREATE UNIQUE INDEX `idx_externalAuths_record_provider` ON `_externalAuths` (collectionRef, recordRef, provider)',
        'CREATE UNIQUE INDEX `idx_externalAuths_collection_provider` ON `_externalAuths` (collectionRef, provider, providerId)',
      ],
      ownerDelete,
      now,
    ),
    base(
      'pbc_4275539003',
      AUTH_ORIGINS,
      [idField(), ...refs(), requiredText('text4228609354', 'fingerprint'), created(), updated()],
      [
        'CREATE UNIQUE INDEX `idx_authOrigins_unique_pairs` ON `_authOrigins` (collectionRef, recordRef, fingerprint)',
      ],
      ownerDelete,
      now,
    ),
    superusers(now),
  ];
}

/** The default `users` collection of §2.1 (not system: may be edited or deleted). */
export function defaultUsersCollection(now: string): Collection {
  const auth = newAuthOptions();
  auth.oauth2.mappedFields = { id: '', name: 'name', username: '', avatarURL: 'avatar' };
  const ownRecord = 'id = @request.auth.id';
  return {
    id: USERS_ID,
    name: 'users',
    type: 'auth',
    system: false,
    fields: [
      ...authSystemFields(),
      textField('text1579384326', 'name', { max: 255 }),
      {
        help: '',
        hidden: false,
        id: 'file376926767',
        maxSelect: 1,
        maxSize: 0,
        mimeTypes: ['image/jpeg', 'image/png', 'image/svg+xml', 'image/gif', 'image/webp'],
        name: 'avatar',
        presentable: false,
        protected: false,
        required: false,
        system: false,
        thumbs: [],
        type: 'file',
      },
      autodateField('autodate2990389176', 'created', false, false),
      autodateField('autodate3332085495', 'updated', true, false),
    ],
    indexes: [tokenKeyIndex(USERS_ID, 'users'), emailIndex(USERS_ID, 'users')],
    listRule: ownRecord,
    viewRule: ownRecord,
    createRule: '',
    updateRule: ownRecord,
    deleteRule: ownRecord,
    created: now,
    updated: now,
    auth,
  };
}
