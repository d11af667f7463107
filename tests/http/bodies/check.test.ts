// checkBodyShape: wrong types fail as PocketBase's binding does; missing and null go to validation.
import { expect, test } from 'bun:test';
import { Type } from '@sinclair/typebox';
import { checkBodyShape, convertFormBody } from '../../../src/http/bodies/check.ts';
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
  const run = () => checkBodyShape(spec, body as Record<string, unknown>);
  if (ok) expect(run).not.toThrow();
  else expect(run).toThrow('cannot load');
});

test('form values (typed by guess) are converted first: 123 → "123", "2" → 2', () => {
  const file = new File(['x'], 'a.txt');
  const bound = convertFormBody(spec, { name: 123, count: '2', flag: true, upload: file });
  expect(bound).toEqual({ name: '123', count: 2, flag: true, upload: file });
  expect(bound.upload).toBe(file);
  expect(() => checkBodyShape(spec, bound)).not.toThrow();
  const bad = convertFormBody(spec, { name: 'a', count: 'many' });
  expect(() => checkBodyShape(spec, bad)).toThrow('cannot load');
});

test('without a loadError, PocketBase’s usual message', () => {
  expect(() => checkBodyShape({ schema: spec.schema }, { name: 5 })).toThrow(
    'An error occurred while loading the submitted data.',
  );
});
