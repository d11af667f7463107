// checkBodyShape: wrong types fail as PocketBase's binding does; missing and null go to validation.
import { expect, test } from 'bun:test';
import { Type } from '@sinclair/typebox';
import { checkBodyShape } from '../../../src/http/bodies/check.ts';
import type { BodySpec } from '../../../src/http/bodies/spec.ts';

const spec: BodySpec = {
  loadError: 'cannot load',
  schema: Type.Object({
    name: Type.String(),
    count: Type.Optional(Type.Integer()),
    tags: Type.Optional(Type.Array(Type.String())),
    nested: Type.Optional(Type.Object({ on: Type.Boolean() })),
  }),
};

test.each([
  ['all there', { name: 'a', count: 2, tags: ['x'], nested: { on: true } }, true],
  ['missing required', {}, true],
  ['nulls are blanks', { name: null, count: null, tags: null, nested: { on: null } }, true],
  ['unknown keys ignored', { name: 'a', other: 5 }, true],
  ['a number for text', { name: 5 }, false],
  ['a fraction for an integer', { name: 'a', count: 1.5 }, false],
  ['text for an integer', { name: 'a', count: '2' }, false],
  ['a number in a list', { name: 'a', tags: ['x', 5] }, false],
  ['a scalar for an object', { name: 'a', nested: 5 }, false],
  ['wrong type nested', { name: 'a', nested: { on: 'yes' } }, false],
] as const)('JSON: %s', (_name, body, ok) => {
  const run = () => checkBodyShape(spec, body as Record<string, unknown>, false);
  if (ok) expect(run).not.toThrow();
  else expect(run).toThrow('cannot load');
});

test('form values (typed by guess) are converted first: 123 → "123", "2" → 2', () => {
  expect(() => checkBodyShape(spec, { name: 123, count: '2' }, true)).not.toThrow();
  expect(() => checkBodyShape(spec, { name: 'a', count: 'many' }, true)).toThrow('cannot load');
});

test('without a loadError, PocketBase’s usual message', () => {
  expect(() => checkBodyShape({ schema: spec.schema }, { name: 5 }, false)).toThrow(
    'An error occurred while loading the submitted data.',
  );
});
