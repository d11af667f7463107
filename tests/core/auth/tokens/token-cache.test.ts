// The verified-token cache never outlives a token's expiry or its signing key.
import { expect, setSystemTime } from 'bun:test';
import { rmSync } from 'node:fs';
import { openCore } from '../../../../src/app.ts';
import { createAuthToken, verifyRecordToken } from '../../../../src/core/auth/tokens/tokens.ts';
import type { Core } from '../../../../src/core/core.ts';
import type { RecordData } from '../../../../src/core/records/record.ts';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  testWithFixture,
} from '../../../support/fixture.ts';
import { copyFixture } from '../../../support/server.ts';

let core: Core;
let dir: string;

beforeAllWithFixture(async () => {
  dir = copyFixture();
  core = await openCore(dir);
});
afterAllWithFixture(() => {
  setSystemTime();
  core.store.close();
  rmSync(dir, { recursive: true, force: true });
});

testWithFixture('a cached token still expires', async () => {
  const users = core.collections.require('clients');
  const rec = core.store.reader.get<RecordData>(
    "SELECT * FROM clients WHERE id = 'gk390qegs4y47wn'",
  )!;
  const token = await createAuthToken(core, users, rec, { duration: 60 });
  expect(await verifyRecordToken(core, token, ['auth'])).not.toBeNull();
  expect(await verifyRecordToken(core, token, ['auth'])).not.toBeNull(); // from the cache
  setSystemTime(new Date(Date.now() + 61_000));
  expect(await verifyRecordToken(core, token, ['auth'])).toBeNull();
  setSystemTime();
});

testWithFixture('a cached token dies when the record tokenKey changes', async () => {
  const clients = core.collections.require('clients');
  const rec = core.store.reader.get<RecordData>(
    "SELECT * FROM clients WHERE id = 'o1y0dd0spd786md'",
  )!;
  const token = await createAuthToken(core, clients, rec);
  expect(await verifyRecordToken(core, token, ['auth'])).not.toBeNull();
  await core.store.writes.run((tx) =>
    tx.run("UPDATE clients SET tokenKey = 'rotated_rotated_rotated_rotated_rotated' WHERE id = ?", [
      rec.id,
    ]),
  );
  expect(await verifyRecordToken(core, token, ['auth'])).toBeNull();
});
