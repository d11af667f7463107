// Seeds a bench data dir in-process (before the server opens it): collections, N users, their tokens.
import { openCore } from '../../src/app.ts';
import { upsertSuperuser } from '../../src/core/auth/superusers.ts';
import { createAuthToken } from '../../src/core/auth/tokens/tokens.ts';
import { createCollection } from '../../src/core/collections/save.ts';
import { nowDate } from '../../src/core/dates.ts';
import { generateFromPattern, newRecordId } from '../../src/core/ids.ts';
import { emptyRecord } from '../../src/core/records/codec.ts';
import { persistRecord } from '../../src/core/records/persist.ts';

export const NOTES_RULE = 'owner = @request.auth.id || (shared = true && @request.auth.id != "")';

export interface Seeded {
  users: { id: string; token: string }[];
  superuserToken: string;
}

/**
 * `posts`: public (guests). `notes`: owner-only unless shared with signed-in users
 * (`NOTES_RULE`): every user's check is its own (`@request.auth.id` differs), yet one shared note
 * reaches them all. Users are inserted directly with one cheap bcrypt hash: 5,000 logins would
 * take minutes.
 */
export async function seed(dir: string, userCount: number): Promise<Seeded> {
  const core = await openCore(dir);
  await createCollection(core, {
    name: 'posts',
    type: 'base',
    listRule: '',
    viewRule: '',
    fields: [{ name: 'title', type: 'text' }],
  });
  const users = core.collections.require('users');
  await createCollection(core, {
    name: 'notes',
    type: 'base',
    listRule: NOTES_RULE,
    viewRule: NOTES_RULE,
    fields: [
      { name: 'text', type: 'text' },
      { name: 'owner', type: 'relation', collectionId: users.id, maxSelect: 1 },
      { name: 'shared', type: 'bool' },
    ],
  });
  const hash = await Bun.password.hash('bench-password', { algorithm: 'bcrypt', cost: 4 });
  await upsertSuperuser(core, 'bench@example.com', 'bench-password');
  const superusers = core.collections.require('_superusers');
  const su = core.store.reader.get<Record<string, unknown>>('SELECT * FROM _superusers LIMIT 1')!;
  const out: Seeded = {
    users: [],
    superuserToken: await createAuthToken(core, superusers, su as never),
  };
  const now = nowDate();
  await core.store.writes.run(async () => {
    for (let i = 0; i < userCount; i++) {
      const r = emptyRecord(users);
      Object.assign(r, {
        id: newRecordId(),
        email: `bench${i}@example.com`,
        password: hash,
        tokenKey: generateFromPattern('[a-zA-Z0-9]{50}'),
        verified: true,
        created: now,
        updated: now,
      });
      persistRecord(core, users, r, null, 'seed failed');
      out.users.push({ id: r.id, token: await createAuthToken(core, users, r) });
    }
  });
  await core.store.writes.drain();
  core.store.close();
  return out;
}
