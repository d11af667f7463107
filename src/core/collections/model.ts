// The collection model: what `_collections` stores and what the collections API speaks.
import type { FieldError } from '../errors.ts';

export type CollectionType = 'base' | 'auth' | 'view';

/** A field as stored in `_collections.fields` and sent on the wire: common keys plus its type's options. */
export interface Field {
  id: string;
  name: string;
  type: string;
  system: boolean;
  hidden: boolean;
  presentable: boolean;
  /** Type-specific options (`min`, `maxSelect`, `collectionId`, ...), as PocketBase names them. */
  [option: string]: unknown;
}

export interface TokenOptions {
  duration: number;
  secret: string;
}

export interface EmailTemplate {
  subject: string;
  body: string;
}

/** Auth collection options (collections-and-fields.md §2), secrets included as stored. */
export interface AuthOptions {
  authRule: string | null;
  manageRule: string | null;
  authAlert: { enabled: boolean; emailTemplate: EmailTemplate };
  oauth2: {
    providers: Record<string, unknown>[] | null;
    mappedFields: { id: string; name: string; username: string; avatarURL: string };
    enabled: boolean;
  };
  passwordAuth: { enabled: boolean; identityFields: string[] };
  mfa: { enabled: boolean; duration: number; rule: string };
  otp: { enabled: boolean; duration: number; length: number; emailTemplate: EmailTemplate };
  authToken: TokenOptions;
  passwordResetToken: TokenOptions;
  emailChangeToken: TokenOptions;
  verificationToken: TokenOptions;
  fileToken: TokenOptions;
  verificationTemplate: EmailTemplate;
  resetPasswordTemplate: EmailTemplate;
  confirmEmailChangeTemplate: EmailTemplate;
}

export interface Collection {
  id: string;
  name: string;
  type: CollectionType;
  system: boolean;
  fields: Field[];
  indexes: string[];
  listRule: string | null;
  viewRule: string | null;
  createRule: string | null;
  updateRule: string | null;
  deleteRule: string | null;
  created: string;
  updated: string;
  /** Only for view collections. */
  viewQuery?: string;
  /** Only for auth collections. */
  auth?: AuthOptions;
}

/** The row shape of `_collections` (JSON columns as text). */
export interface CollectionRow {
  id: string;
  system: boolean | number;
  type: string;
  name: string;
  fields: string;
  indexes: string;
  listRule: string | null;
  viewRule: string | null;
  createRule: string | null;
  updateRule: string | null;
  deleteRule: string | null;
  options: string;
  created: string;
  updated: string;
}

export type { FieldError };

export const RULE_KEYS = [
  'listRule',
  'viewRule',
  'createRule',
  'updateRule',
  'deleteRule',
] as const;

export const SUPERUSERS_ID = 'pbc_3142635823';
export const SUPERUSERS = '_superusers';
export const USERS_ID = '_pb_users_auth_';
