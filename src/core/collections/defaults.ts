// Defaults of a new collection: auth options, the system fields each type gets, auth indexes, ids.
import { crc32, randomString } from '../ids.ts';
import {
  defaultAuthAlertTemplate,
  defaultConfirmEmailChangeTemplate,
  defaultOTPTemplate,
  defaultResetPasswordTemplate,
  defaultVerificationTemplate,
} from './email-templates.ts';
import type { AuthOptions, CollectionType, Field } from './model.ts';

export const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A fresh token secret: 50 random alphanumerics, like PocketBase's `security.RandomString(50)`. */
export function newTokenSecret(): string {
  return randomString(50, ALPHANUMERIC);
}

/** collections-and-fields.md §2: the auth options of a new auth collection, secrets generated. */
export function newAuthOptions(): AuthOptions {
  const token = (duration: number) => ({ secret: newTokenSecret(), duration });
  return {
    authRule: '',
    manageRule: null,
    authAlert: { enabled: true, emailTemplate: defaultAuthAlertTemplate() },
    oauth2: {
      providers: [],
      mappedFields: { id: '', name: '', username: '', avatarURL: '' },
      enabled: false,
    },
    passwordAuth: { enabled: true, identityFields: ['email'] },
    mfa: { enabled: false, duration: 600, rule: '' },
    otp: { enabled: false, duration: 180, length: 8, emailTemplate: defaultOTPTemplate() },
    authToken: token(432000),
    passwordResetToken: token(1800),
    emailChangeToken: token(1800),
    verificationToken: token(86400),
    fileToken: token(180),
    verificationTemplate: defaultVerificationTemplate(),
    resetPasswordTemplate: defaultResetPasswordTemplate(),
    confirmEmailChangeTemplate: defaultConfirmEmailChangeTemplate(),
  };
}

// Field objects with every key PocketBase emits for their type (sorted on write by the codec).

export function textField(id: string, name: string, opts: Partial<Field> = {}): Field {
  return {
    autogeneratePattern: '',
    help: '',
    hidden: false,
    id,
    max: 0,
    min: 0,
    name,
    pattern: '',
    presentable: false,
    primaryKey: false,
    required: false,
    system: false,
    type: 'text',
    ...opts,
  };
}

export function autodateField(id: string, name: string, onUpdate: boolean, system: boolean): Field {
  return {
    hidden: false,
    id,
    name,
    onCreate: true,
    onUpdate,
    presentable: false,
    system,
    type: 'autodate',
  };
}

export function idField(): Field {
  return textField('text3208210256', 'id', {
    autogeneratePattern: '[a-z0-9]{15}',
    max: 15,
    min: 15,
    pattern: '^[a-z0-9]+$',
    primaryKey: true,
    required: true,
    system: true,
  });
}

/** `id`, `password`, `tokenKey`, `email`, `emailVisibility`, `verified` (§2.2), PocketBase's ids. */
export function authSystemFields(): Field[] {
  const flag = (id: string, name: string): Field => ({
    help: '',
    hidden: false,
    id,
    name,
    presentable: false,
    required: false,
    system: true,
    type: 'bool',
  });
  return [
    idField(),
    {
      cost: 0,
      help: '',
      hidden: true,
      id: 'password901924565',
      max: 0,
      min: 8,
      name: 'password',
      pattern: '',
      presentable: false,
      required: true,
      system: true,
      type: 'password',
    },
    textField('text2504183744', 'tokenKey', {
      autogeneratePattern: '[a-zA-Z0-9]{50}',
      hidden: true,
      max: 60,
      min: 30,
      required: true,
      system: true,
    }),
    {
      exceptDomains: [],
      help: '',
      hidden: false,
      id: 'email3885137012',
      name: 'email',
      onlyDomains: [],
      presentable: false,
      required: true,
      system: true,
      type: 'email',
    },
    flag('bool1547992806', 'emailVisibility'),
    flag('bool256245529', 'verified'),
  ];
}

/** The fields a collection of this type starts with (views get theirs from the query). */
export function defaultFields(type: CollectionType): Field[] {
  if (type === 'auth') return authSystemFields();
  if (type === 'base') return [idField()];
  return [];
}

/** `idx_<field>_<collection id or name or random>`, cut to 64 chars (PocketBase's naming). */
export function fieldIndexName(field: string, collectionId: string, collectionName = ''): string {
  const suffix = collectionId || collectionName || randomString(10, ALPHANUMERIC);
  return `idx_${field}_${suffix}`.slice(0, 64);
}

export function tokenKeyIndex(collectionId: string, table: string): string {
  return `CREATE UNIQUE INDEX \`${fieldIndexName('tokenKey', collectionId, table)}\` ON \`${table}\` (\`tokenKey\`)`;
}

export function emailIndex(collectionId: string, table: string): string {
  return `CREATE UNIQUE INDEX \`${fieldIndexName('email', collectionId, table)}\` ON \`${table}\` (\`email\`) WHERE \`email\` != ''`;
}

/** `pbc_` + CRC-32 of `type + name` (§1): `_superusers` (auth) → `pbc_3142635823`. */
export function collectionIdChecksum(type: string, name: string): string {
  return `pbc_${crc32(type + name)}`;
}

/** The checksum id, with a numeric suffix 2…999 when it is already taken. */
export function newCollectionId(type: string, name: string, isTaken: (id: string) => boolean) {
  const base = collectionIdChecksum(type, name);
  if (!isTaken(base)) return base;
  for (let i = 2; i < 1000; i++) {
    if (!isTaken(base + i)) return base + i;
  }
  return base;
}
