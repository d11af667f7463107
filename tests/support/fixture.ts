// PocketBase's test data dir beside the clone (`../shared/pb-fixture`): tests that read it skip when it is absent.
import { afterAll, beforeAll, describe, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURE_DIR = resolve(import.meta.dir, '../../../shared/pb-fixture');
export const hasFixture = existsSync(join(FIXTURE_DIR, 'data.db'));

const SKIPPED = 'needs ../shared/pb-fixture';
// Counted for the one line tests/support/preload.ts prints at the end of a run.
let skipped = 0;
export const fixtureTestsSkipped = (): number => skipped;

/**
 * `describe` for tests that read the fixture. Without it the body is not even collected (it may read the
 * fixture while declaring its tests): one skipped test stands for the group.
 */
export function describeWithFixture(name: string, fn: () => void): void {
  if (hasFixture) {
    describe(name, fn);
    return;
  }
  skipped++;
  describe(name, () => test.skip(SKIPPED, () => {}));
}

/** `test` for a single test that reads the fixture: skipped without it. */
export function testWithFixture(name: string, fn: () => Promise<void> | void): void {
  if (hasFixture) {
    test(name, fn);
    return;
  }
  skipped++;
  test.skip(`${name} (${SKIPPED})`, () => {});
}

/** `beforeAll` of a file whose tests all read the fixture: nothing to set up without it. */
export function beforeAllWithFixture(fn: () => Promise<void> | void): void {
  if (hasFixture) beforeAll(fn);
}

/** `afterAll` of a file whose tests all read the fixture: nothing to tear down without it. */
export function afterAllWithFixture(fn: () => Promise<unknown> | unknown): void {
  if (hasFixture) afterAll(async () => void (await fn()));
}
