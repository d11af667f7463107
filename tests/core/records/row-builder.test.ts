// compileRowBuilder: the generated builder and the key-by-key loop give the same objects.
import { describe, expect, test } from 'bun:test';
import { type BuildSlot, compileRowBuilder } from '../../../src/core/records/row-builder.ts';

const column = (key: string, zeroUndefined = true, name = key): BuildSlot & { kind: 'column' } => ({
  key,
  kind: 'column',
  column: name,
  // 'none' decodes to undefined: zero or kept, by zeroUndefined.
  decode: (raw) => (raw === 'none' ? undefined : `<${String(raw)}>`),
  zero: () => [],
  zeroUndefined,
});

describe('compileRowBuilder', () => {
  const cases: [string, BuildSlot[], Record<string, unknown>, Record<string, unknown>][] = [
    [
      'columns, constants and the id in key order',
      [
        column('a'),
        { key: 'collectionId', kind: 'const', value: 'c1' },
        { key: 'id', kind: 'id', column: column('id', false) },
        column('z'),
      ],
      { z: 'zz', id: 7, a: 'aa' },
      { a: '<aa>', collectionId: 'c1', id: '7', z: '<zz>' },
    ],
    [
      'missing column → zero; undefined from decode → zero only when asked',
      [column('a'), column('b', false), column('c')],
      { b: 'none', c: 'none' },
      { a: [], b: undefined, c: [] },
    ],
    [
      'id without a row id: its column decoded, else empty',
      [{ key: 'id', kind: 'id', column: column('id', false, 'other') }],
      { other: 'x' },
      { id: '<x>' },
    ],
    ['id with no column', [{ key: 'id', kind: 'id', column: null }], {}, { id: '' }],
    [
      'no decode: the value as stored; the argument in its place',
      [
        { key: 'a', kind: 'column', column: 'a', decode: null, zero: () => 0, zeroUndefined: true },
        { key: 'expand', kind: 'arg' },
        { key: 'z', kind: 'column', column: 'z', decode: null, zero: () => 0, zeroUndefined: true },
      ],
      { a: 'none', z: undefined },
      { a: 'none', expand: 'ARG', z: 0 },
    ],

    [
      'a name that is no identifier takes the loop',
      [column('a b'), column('__proto__'), column('c')],
      { 'a b': 1, c: 2 },
      { 'a b': '<1>', c: '<2>' },
    ],
  ];
  for (const [name, slots, row, want] of cases) {
    test(name, () => {
      const out = compileRowBuilder(slots)(row, 'ARG');
      expect(out).toEqual(want);
      expect(Object.keys(out)).toEqual(Object.keys(want).filter((k) => k !== '__proto__'));
    });
  }

  test('each row gets its own zero value', () => {
    const build = compileRowBuilder([column('a')]);
    expect(build({}).a).not.toBe(build({}).a);
  });
});
