// What a fixed route's request body looks like: one TypeBox schema, both its check and its docs.

import type { TObject } from '@sinclair/typebox';

export interface BodySpec {
  /**
   * The body's shape. Properties that aren't Optional are required in the docs, yet a missing one
   * passes the check: PocketBase reads it as blank and its own validation answers
   * `validation_required` beside the other field errors, which the core does here too.
   */
  schema: TObject;
  /**
   * PocketBase's 400 message when the body can't be read into that shape (bad JSON, a wrong type);
   * '' for its generic one. Default: 'An error occurred while loading the submitted data.'
   */
  loadError?: string;
  /**
   * Described here, checked by the core as it reads the fields: where PocketBase makes other checks
   * before binding the body (the collection, its auth options, the caller) and the core keeps that
   * order, or where the body is a collection or a file whose errors PocketBase words per field.
   * With a `loadError`, an unreadable body still gets that message.
   */
  checkedByCore?: boolean;
  /** The content type the docs name; JSON by default. */
  contentType?: 'multipart/form-data' | 'application/x-www-form-urlencoded';
}

/** `'POST /api/sql'` → its body. Route files keep their bodies in `http/bodies/<route file>.ts`. */
export type BodyTable = Record<string, BodySpec>;
