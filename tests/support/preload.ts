// Loaded before the test files (bunfig.toml): a bare clone skips the fixture tests and says so once; CI never skips them.
import { afterAll } from 'bun:test';
import { FIXTURE_DIR, fixtureTestsSkipped, hasFixture } from './fixture.ts';
import { stopTestPostgres } from './postgres.ts';

if (!hasFixture && process.env.CI === 'true') {
  throw new Error(
    `CI=true but the PocketBase fixture ${FIXTURE_DIR} is missing: CI runs every fixture test, it must not skip them`,
  );
}

afterAll(async () => {
  await stopTestPostgres();
  const n = fixtureTestsSkipped();
  if (n === 0) return;
  console.warn(
    `[tests] the PocketBase fixture ../shared/pb-fixture is not beside this clone: ${n} groups of fixture tests skipped (one "skip" each); CI runs them. To run them here, copy PocketBase v0.39.11's tests/data to ${FIXTURE_DIR}.`,
  );
});
