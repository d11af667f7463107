// Index statement parsing: what PocketBase stores in `collection.indexes`, and what must be refused.
import { describe, expect, test } from 'bun:test';
import {
  buildIndex,
  findSingleColumnUniqueIndex,
  type ParsedIndex,
  parseIndex,
  renameIndexColumns,
  withTableName,
} from '../../../src/core/collections/index-sql.ts';

describe('parseIndex', () => {
  const valid: [string, Partial<ParsedIndex>][] = [
    ['CREATE INDEX idx ON t (a)', { unique: false, indexName: 'idx', tableName: 't' }],
    [
      "CREATE UNIQUE INDEX `idx_email` ON `users` (`email`) WHERE `email` != ''",
      { unique: true, where: "`email` != ''" },
    ],
    [
      'create unique index if not exists "i" on "t" ("a" COLLATE NOCASE DESC, b)',
      { ifNotExists: true, indexName: 'i' },
    ],
    [
      'CREATE INDEX `idx_mfas` ON `mfas` (\n  `collectionRef`,\n  `recordRef`\n)',
      { tableName: 'mfas' },
    ],
    ["CREATE INDEX [i] ON [t] (lower(name), json_extract(meta, '$.a'));", { indexName: 'i' }],
    ['CREATE INDEX main.i ON t (a)', { schemaName: 'main', indexName: 'i' }],
    ['CREATE UNIQUE INDEX "idx_x" ON "" ("tokenKey")', { tableName: '' }],
  ];
  for (const [sql, expected] of valid) {
    test(`parses ${sql.slice(0, 50)}`, () => expect(parseIndex(sql)).toMatchObject(expected));
  }

  const invalid = [
    '',
    'CREATE TABLE t (a)',
    'CREATE INDEX idx ON t ()',
    'CREATE INDEX idx ON t (a); DROP TABLE users',
    'CREATE INDEX idx ON t (a) WHERE',
    'CREATE INDEX idx ON t (a) garbage',
    'CREATE INDEX idx ON t (a',
    "CREATE INDEX idx ON t (a) WHERE a = 'unterminated",
    'CREATE INDEX `a``b` ON t (a)',
    'CREATE INDEX ON t (a)',
  ];
  for (const sql of invalid)
    test(`refuses ${JSON.stringify(sql)}`, () => expect(parseIndex(sql)).toBeNull());

  test('columns: plain names, expressions, collate and sort', () => {
    expect(
      parseIndex('CREATE INDEX i ON t (`a` COLLATE NOCASE DESC, lower(b), c ASC)')!.columns,
    ).toEqual([
      { name: 'a', isColumn: true, collate: 'NOCASE', sort: 'DESC' },
      { name: 'lower(b)', isColumn: false, collate: '', sort: '' },
      { name: 'c', isColumn: true, collate: '', sort: 'ASC' },
    ]);
  });
});

// PocketBase 0.40.4 renaming xi to xi2 answers exactly these (dbutils.Index.Build()).
test("buildIndex writes PocketBase's format on the given table", () => {
  const p = parseIndex("CREATE UNIQUE INDEX i ON old (a, lower(b) DESC) WHERE a != ''")!;
  expect(buildIndex(p, 'posts')).toBe(
    "CREATE UNIQUE INDEX `i` ON `posts` (\n  `a`,\n  lower(b) DESC\n) WHERE a != ''",
  );
  expect(buildIndex(parseIndex('create index idx_a on xi (a, c desc)')!, 'xi2')).toBe(
    'CREATE INDEX `idx_a` ON `xi2` (\n  `a`,\n  `c` DESC\n)',
  );
  expect(
    buildIndex(
      parseIndex(`CREATE UNIQUE INDEX "idx_q" ON "xi" ("c" COLLATE NOCASE) WHERE c != ''`)!,
      'xi2',
    ),
  ).toBe("CREATE UNIQUE INDEX `idx_q` ON `xi2` (`c` COLLATE NOCASE) WHERE c != ''");
  expect(buildIndex(parseIndex('create index idx_lower on xi (lower(a))')!, 'xi2')).toBe(
    'CREATE INDEX `idx_lower` ON `xi2` (lower(a))',
  );
});

test('withTableName rebuilds a statement on another table, keeps one on this table as written', () => {
  expect(withTableName('CREATE INDEX i ON "externalAuths" (a, b)', '_externalAuths')).toBe(
    'CREATE INDEX `i` ON `_externalAuths` (\n  `a`,\n  `b`\n)',
  );
  const same = 'CREATE INDEX i ON posts (a)';
  expect(withTableName(same, 'posts')).toBe(same);
});

test('renameIndexColumns follows a field rename', () => {
  const renames = new Map([['title', 'heading']]);
  expect(renameIndexColumns('CREATE INDEX i ON t (Title, lower(title))', renames)).toBe(
    'CREATE INDEX `i` ON `t` (\n  `heading`,\n  lower(title)\n)',
  );
  expect(renameIndexColumns('CREATE INDEX i ON t (other)', renames)).toBe(
    'CREATE INDEX i ON t (other)',
  );
});

test('findSingleColumnUniqueIndex', () => {
  const indexes = [
    'CREATE INDEX a ON t (email)',
    'CREATE UNIQUE INDEX b ON t (email, name)',
    "CREATE UNIQUE INDEX c ON t (`Email`) WHERE email != ''",
  ];
  expect(findSingleColumnUniqueIndex(indexes, 'email')?.indexName).toBe('c');
  expect(findSingleColumnUniqueIndex(indexes, 'name')).toBeNull();
});
