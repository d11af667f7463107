// Table row → a fixed-key object, compiled once per key list: one object literal per row.
import type { Row } from '../../db/conn.ts';

/** One output key and where its value comes from. */
export type BuildSlot =
  | {
      key: string;
      kind: 'column';
      column: string;
      /** The stored value → the output's, for a value present in the row; null: taken as is. */
      decode: ((raw: unknown) => unknown) | null;
      /** The value of a missing column (and of `undefined` from decode, when `zeroUndefined`). */
      zero: () => unknown;
      zeroUndefined: boolean;
    }
  | { key: string; kind: 'const'; value: unknown }
  /** The builder's second argument (a value that differs per call, e.g. a record's expand). */
  | { key: string; kind: 'arg' }
  /** `String(row.id ?? <column's value> ?? '')`: the record id as text, as the codec reads it. */
  | { key: string; kind: 'id'; column: (BuildSlot & { kind: 'column' }) | null };

export type RowBuilder = (row: Row, arg?: unknown) => Record<string, unknown>;

/** Plain identifiers only go into the generated source; anything else takes the loop. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const isPlain = (name: string) => PLAIN.test(name) && name !== '__proto__';

/**
 * A builder for `slots`: a generated function whose one object literal names every key (the
 * engine gives all rows one shape, and reads `row.<column>` through a cache), about twice as fast
 * as storing keys one by one in a loop (a page of 30 rows: 2.5 µs against 5). Names that are not
 * plain identifiers (a view's odd alias) take the loop, which gives the same objects.
 */
export function compileRowBuilder(slots: readonly BuildSlot[]): RowBuilder {
  const names = slots.flatMap((s) =>
    s.kind === 'column'
      ? [s.key, s.column]
      : s.kind === 'id'
        ? [s.key, 'id', ...(s.column ? [s.column.column] : [])]
        : [s.key],
  );
  if (!names.every(isPlain)) return loopBuilder(slots);
  const value = (s: BuildSlot & { kind: 'column' }, i: number) => {
    const read = `(v = row.${s.column}) === undefined ? z[${i}]()`;
    const decoded = s.decode ? `${read} : d[${i}](v)` : `${read} : v`;
    return s.zeroUndefined ? `(v = ${decoded}) === undefined ? z[${i}]() : v` : decoded;
  };
  const parts = slots.map((s, i) => {
    if (s.kind === 'const') return `${s.key}: k[${i}]`;
    if (s.kind === 'arg') return `${s.key}: arg`;
    if (s.kind === 'column') return `${s.key}: ${value(s, i)}`;
    return `${s.key}: String(row.id ?? ${s.column ? `(${value(s.column, i)})` : 'undefined'} ?? '')`;
  });
  const d = slots.map((s) =>
    s.kind === 'column' ? s.decode : s.kind === 'id' ? s.column?.decode : undefined,
  );
  const z = slots.map((s) =>
    s.kind === 'column' ? s.zero : s.kind === 'id' ? s.column?.zero : undefined,
  );
  const k = slots.map((s) => (s.kind === 'const' ? s.value : undefined));
  const source = `return function buildRow(row, arg) { let v; return { ${parts.join(', ')} }; };`;
  return new Function('d', 'z', 'k', source)(d, z, k) as RowBuilder;
}

function columnValue(s: BuildSlot & { kind: 'column' }, row: Row): unknown {
  const raw = row[s.column];
  if (raw === undefined) return s.zero();
  const v = s.decode ? s.decode(raw) : raw;
  return v === undefined && s.zeroUndefined ? s.zero() : v;
}

/** The same objects, key by key. */
function loopBuilder(slots: readonly BuildSlot[]): RowBuilder {
  return (row, arg) => {
    const out: Record<string, unknown> = {};
    for (const s of slots) {
      if (s.kind === 'const') out[s.key] = s.value;
      else if (s.kind === 'arg') out[s.key] = arg;
      else if (s.kind === 'column') out[s.key] = columnValue(s, row);
      else out[s.key] = String(row.id ?? (s.column ? columnValue(s.column, row) : undefined) ?? '');
    }
    return out;
  };
}
