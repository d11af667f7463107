// The `.js` files Satchel writes, in PocketBase's templates (plugins/migratecmd): blank, snapshot,
// created / deleted / updated (a diff of collection keys and fields), so PocketBase's `migrate up`
// reads them and `git diff` shows the same text whichever server wrote the file.
import { collectionToJSON } from '../collections/codec.ts';
import type { Collection } from '../collections/model.ts';

type Json = { [key: string]: unknown };

const TYPES_DIRECTIVE = '/// <reference path="../pb_data/types.d.ts" />\n';

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const o = v as Json;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortDeep(o[k])]),
    );
  }
  return v;
}

/** Go's `MarshalIndent(v, "  ", "  ")` of a map: sorted keys, every line after the first indented. */
export function goJSON(v: unknown): string {
  return JSON.stringify(sortDeep(v), null, 2).replaceAll('\n', '\n  ');
}

/** Go's `%q` for the ids we write (`^\w+$`): a double-quoted string. */
const quote = (s: string) => JSON.stringify(s);

/** The collection as the files carry it: API JSON, no timestamps, no OAuth2 providers (secrets). */
export function fileJSON(c: Collection): Json {
  const json = collectionToJSON(c);
  delete json.created;
  delete json.updated;
  if (json.oauth2 && typeof json.oauth2 === 'object') delete (json.oauth2 as Json).providers;
  return JSON.parse(JSON.stringify(json));
}

export function blankTemplate(): string {
  return `${TYPES_DIRECTIVE}migrate((app) => {
  // add up queries...
}, (app) => {
  // add down queries...
})
`;
}

export function snapshotTemplate(collections: Collection[]): string {
  return `${TYPES_DIRECTIVE}migrate((app) => {
  const snapshot = ${goJSON(collections.map(fileJSON))};

  return app.importCollections(snapshot, false);
}, (app) => {
  return null;
})
`;
}

export function createTemplate(c: Collection): string {
  return `${TYPES_DIRECTIVE}migrate((app) => {
  const collection = new Collection(${goJSON(fileJSON(c))});

  return app.save(collection);
}, (app) => {
  const collection = app.findCollectionByNameOrId(${quote(c.id)});

  return app.delete(collection);
})
`;
}

export function deleteTemplate(c: Collection): string {
  return `${TYPES_DIRECTIVE}migrate((app) => {
  const collection = app.findCollectionByNameOrId(${quote(c.id)});

  return app.delete(collection);
}, (app) => {
  const collection = new Collection(${goJSON(fileJSON(c))});

  return app.save(collection);
})
`;
}

/** PocketBase's diffMaps: changed keys of `next` (objects recursively), removed keys as null. */
export function diffMaps(prev: Json, next: Json, exclude: string[] = []): Json {
  const diff: Json = {};
  for (const [k, v] of Object.entries(next)) {
    if (exclude.includes(k)) continue;
    if (!(k in prev)) {
      diff[k] = v;
      continue;
    }
    const old = prev[k];
    if (JSON.stringify(sortDeep(old)) === JSON.stringify(sortDeep(v))) continue;
    const bothObjects =
      old &&
      v &&
      typeof old === 'object' &&
      typeof v === 'object' &&
      !Array.isArray(old) &&
      !Array.isArray(v);
    if (bothObjects) {
      const sub = diffMaps(old as Json, v as Json);
      if (Object.keys(sub).length) diff[k] = sub;
    } else diff[k] = v;
  }
  for (const k of Object.keys(prev)) {
    if (k in diff || exclude.includes(k)) continue;
    if (!(k in next)) diff[k] = null;
  }
  return diff;
}

/**
 * The `updated_…` file: `unmarshal` of the changed collection keys, then field removals, additions
 * and changes (order-only moves ignored, as PocketBase). Null when nothing changed.
 */
export function diffTemplate(next: Collection, prev: Collection): string | null {
  const newMap = fileJSON(next);
  const oldMap = fileJSON(prev);
  const newFields = newMap.fields as Json[];
  const oldFields = oldMap.fields as Json[];
  const up: string[] = [];
  const down: string[] = [];
  const upDiff = diffMaps(oldMap, newMap, ['fields', 'created', 'updated']);
  if (Object.keys(upDiff).length) {
    const downDiff = diffMaps(newMap, oldMap, ['fields', 'created', 'updated']);
    up.push('// update collection data', `unmarshal(${goJSON(upDiff)}, collection)\n`);
    down.push('// update collection data', `unmarshal(${goJSON(downDiff)}, collection)\n`);
  }
  oldFields.forEach((f, i) => {
    if (newFields.some((n) => n.id === f.id)) return;
    up.push('// remove field', `collection.fields.removeById(${quote(String(f.id))})\n`);
    down.push('// add field', `collection.fields.addAt(${i}, new Field(${goJSON(f)}))\n`);
  });
  newFields.forEach((f, i) => {
    if (oldFields.some((o) => o.id === f.id)) return;
    up.push('// add field', `collection.fields.addAt(${i}, new Field(${goJSON(f)}))\n`);
    down.push('// remove field', `collection.fields.removeById(${quote(String(f.id))})\n`);
  });
  newFields.forEach((f, i) => {
    const j = oldFields.findIndex((o) => o.id === f.id);
    if (j < 0 || goJSON(f) === goJSON(oldFields[j])) return;
    up.push('// update field', `collection.fields.addAt(${i}, new Field(${goJSON(f)}))\n`);
    down.push(
      '// update field',
      `collection.fields.addAt(${j}, new Field(${goJSON(oldFields[j])}))\n`,
    );
  });
  if (!up.length && !down.length) return null;
  return `${TYPES_DIRECTIVE}migrate((app) => {
  const collection = app.findCollectionByNameOrId(${quote(prev.id)})

  ${up.join('\n  ').trim()}

  return app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId(${quote(next.id)})

  ${down.join('\n  ').trim()}

  return app.save(collection)
})
`;
}
