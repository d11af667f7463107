// Test support for the records module: test collections written straight into `_collections` + their tables,
// so record tests don't depend on the collections API, and AuthInfo values for each kind of caller.

import { collectionToRow } from '../../../src/core/collections/codec.ts';
import { columnType, rowidColumn } from '../../../src/core/collections/ddl.ts';
import { defaultFields, newAuthOptions } from '../../../src/core/collections/defaults.ts';
import type { Collection, Field } from '../../../src/core/collections/model.ts';
import type { Core } from '../../../src/core/core.ts';
import { getFieldKind } from '../../../src/core/fields/index.ts';
import { crc32 } from '../../../src/core/ids.ts';
import type { AuthInfo } from '../../../src/core/records/auth-info.ts';
import { findRecordById } from '../../../src/core/records/find.ts';

export interface FieldInput {
  name: string;
  type: string;
  [option: string]: unknown;
}

export interface CollectionInput {
  name: string;
  type?: 'base' | 'auth';
  fields?: FieldInput[];
  indexes?: string[];
  /** `created`/`updated` autodate fields, like the dashboard adds (default true). */
  autodates?: boolean;
  listRule?: string | null;
  viewRule?: string | null;
  createRule?: string | null;
  updateRule?: string | null;
  deleteRule?: string | null;
  manageRule?: string | null;
}

function fullField(input: FieldInput): Field {
  const kind = getFieldKind(input.type);
  if (!kind) throw new Error(`unknown field type ${input.type}`);
  return {
    id: `${input.type}${crc32(input.name)}`,
    system: false,
    hidden: false,
    presentable: false,
    help: '',
    required: false,
    ...kind.defaultOptions(),
    ...input,
  } as Field;
}

/** Creates a collection, its table and indexes directly (as PocketBase would have stored them). */
export async function defineCollection(core: Core, input: CollectionInput): Promise<Collection> {
  const type = input.type ?? 'base';
  const id = `pbc_${crc32(type + input.name)}`;
  const fields = [...defaultFields(type), ...(input.fields ?? []).map(fullField)];
  if (input.autodates ?? true) {
    fields.push(fullField({ name: 'created', type: 'autodate', onCreate: true, onUpdate: false }));
    fields.push(fullField({ name: 'updated', type: 'autodate', onCreate: true, onUpdate: true }));
  }
  const indexes = [...(input.indexes ?? [])];
  if (type === 'auth') {
    indexes.push(`CREATE UNIQUE INDEX \`idx_tokenKey_${id}\` ON \`${input.name}\` (\`tokenKey\`)`);
    indexes.push(
      `CREATE UNIQUE INDEX \`idx_email_${id}\` ON \`${input.name}\` (\`email\`) WHERE \`email\` != ''`,
    );
  }
  const rule = (v: string | null | undefined) => (v === undefined ? null : v);
  const c: Collection = {
    id,
    name: input.name,
    type,
    system: false,
    fields,
    indexes,
    listRule: rule(input.listRule),
    viewRule: rule(input.viewRule),
    createRule: rule(input.createRule),
    updateRule: rule(input.updateRule),
    deleteRule: rule(input.deleteRule),
    created: '2024-01-01 00:00:00.000Z',
    updated: '2024-01-01 00:00:00.000Z',
  };
  if (type === 'auth') c.auth = { ...newAuthOptions(), manageRule: input.manageRule ?? null };
  await core.store.writes.run((tx) => {
    const cols = fields.map((f) => {
      if (f.name === 'id' && tx.engine === 'sqlite')
        return `"id" TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL`;
      return `"${f.name}" ${columnType(tx.engine, f)}`;
    });
    const rowid = rowidColumn(tx.engine);
    if (rowid) cols.push(rowid);
    tx.exec(`CREATE TABLE "${c.name}" (${cols.join(', ')})`);
    for (const idx of indexes) tx.exec(idx);
    const row = collectionToRow(c);
    const keys = Object.keys(row);
    tx.run(
      `INSERT INTO _collections (${keys.map((k) => `"${k}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      keys.map((k) => {
        const v = (row as unknown as Record<string, unknown>)[k];
        return typeof v === 'boolean' ? Number(v) : (v as string | null);
      }),
    );
  });
  core.collections.reload(core.store.reader);
  return core.collections.require(c.name);
}

/** An AuthInfo for a stored auth record (no token needed by core functions). */
export function authAs(core: Core, collection: string, id: string): AuthInfo {
  const c = core.collections.require(collection);
  const record = findRecordById(core, c, id);
  if (!record) throw new Error(`no ${collection} record ${id}`);
  return {
    record,
    collection: c,
    isSuperuser: c.name === '_superusers',
    token: '',
    refreshable: true,
  };
}
