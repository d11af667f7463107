// The spec's 30 worked examples (filter-and-rules.md §6), executed against a seeded bun:sqlite db.
import { afterAll, describe, expect, test } from 'bun:test';
import { WORKED_EXAMPLES } from './cases.ts';
import { m, matchIds, openDb } from './schema-fixture.ts';

const db = openDb();
afterAll(() => db.close());

const cases = WORKED_EXAMPLES;

describe('worked examples', () => {
  for (const [n, expr, ctx, expected] of cases) {
    test(`#${n} ${JSON.stringify(expr)} ${ctx.auth ? `as ${ctx.auth.record.id}` : ''}`, () => {
      expect(matchIds(db, expr, ctx)).toEqual(expected);
    });
  }

  test('#19 data sanity: m has an admin row', () => {
    expect(matchIds(db, 'role = "admin"', {}, {}, m)).toEqual(['m2']);
  });
});
