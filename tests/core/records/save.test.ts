// The record write pipeline through core functions: validation codes per field type, modifiers, auth extras,
// ids, uniqueness, hooks, deletes with references. Runs on a copy of PocketBase's fixture data dir.
import { beforeAll, expect, test } from 'bun:test';
import { openCore } from '../../../src/app.ts';
import type { Collection } from '../../../src/core/collections/model.ts';
import type { Core } from '../../../src/core/core.ts';
import { SatchelError } from '../../../src/core/errors.ts';
import { verifyPassword } from '../../../src/core/fields/password-hash.ts';
import { createRecord } from '../../../src/core/records/create.ts';
import { deleteRecord } from '../../../src/core/records/delete.ts';
import { findRecordById } from '../../../src/core/records/find.ts';
import type { RecordData } from '../../../src/core/records/record.ts';
import { deleteRecordInternal, saveRecordInternal } from '../../../src/core/records/save.ts';
import { updateRecord } from '../../../src/core/records/update.ts';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../../support/fixture.ts';
import { copyFixture } from '../../support/server.ts';
import { authAs, defineCollection } from './helpers.ts';

const DEMO2 = 'sz5l5z67tg7gku0';
const DEMO2_IDS = ['llvuca81nly1qls', 'achvryl401bhse3', '0yxhwia2amd8gec'];

let core: Core;
let things: Collection;
let members: Collection;

const su = () => authAs(core, '_superusers', 'sywbhecnh46rhm0');

async function failure(p: Promise<unknown>): Promise<SatchelError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SatchelError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

function codes(err: SatchelError): Record<string, string> {
  return Object.fromEntries(
    Object.entries(err.data).map(([k, v]) => [k, String((v as { code?: string }).code)]),
  );
}

beforeAllWithFixture(async () => {
  core = await openCore(copyFixture());
  things = await defineCollection(core, {
    name: 'things',
    listRule: '',
    viewRule: '',
    createRule: '',
    updateRule: '',
    deleteRule: '',
    fields: [
      { name: 'title', type: 'text', required: true, min: 3, max: 10, pattern: '^[a-z ]+$' },
      { name: 'slug', type: 'text' },
      { name: 'code', type: 'text', autogeneratePattern: '[0-9]{4}' },
      { name: 'body', type: 'editor', maxSize: 20 },
      { name: 'count', type: 'number', min: -2, max: 10, onlyInt: true },
      { name: 'flag', type: 'bool' },
      { name: 'mail', type: 'email', onlyDomains: ['example.com'] },
      { name: 'site', type: 'url', exceptDomains: ['bad.com'] },
      {
        name: 'day',
        type: 'date',
        min: '2020-01-01 00:00:00.000Z',
        max: '2030-01-01 00:00:00.000Z',
      },
      { name: 'choice', type: 'select', values: ['a', 'b', 'c'], maxSelect: 1 },
      { name: 'choices', type: 'select', values: ['a', 'b', 'c'], maxSelect: 2 },
      { name: 'ref', type: 'relation', collectionId: DEMO2, maxSelect: 1 },
      { name: 'refs', type: 'relation', collectionId: DEMO2, maxSelect: 3 },
      { name: 'meta', type: 'json', maxSize: 30 },
      { name: 'point', type: 'geoPoint' },
      { name: 'secret', type: 'text', hidden: true },
      { name: 'doc', type: 'file', maxSelect: 1 },
    ],
    indexes: ["CREATE UNIQUE INDEX `idx_things_slug` ON `things` (`slug`) WHERE `slug` != ''"],
  });
  members = await defineCollection(core, {
    name: 'members',
    type: 'auth',
    listRule: '',
    viewRule: '',
    createRule: '',
    updateRule: '',
    deleteRule: '',
    fields: [{ name: 'nick', type: 'text' }],
  });
});

afterAllWithFixture(() => core.store.close());

const valid = { title: 'hello' };

describeWithFixture('create: validation codes per field type', () => {
  test.each([
    ['title', { title: '' }, 'validation_required'],
    ['title', { title: 'ab' }, 'validation_min_text_constraint'],
    ['title', { title: 'abcdefghijk' }, 'validation_max_text_constraint'],
    ['title', { title: 'ABC' }, 'validation_invalid_format'],
    ['body', { body: '<p>way more than twenty bytes</p>' }, 'validation_content_size_limit'],
    ['count', { count: 1.5 }, 'validation_only_int_constraint'],
    ['count', { count: 11 }, 'validation_max_number_constraint'],
    ['count', { count: -3 }, 'validation_min_number_constraint'],
    ['mail', { mail: 'nope' }, 'validation_is_email'],
    ['mail', { mail: 'a@other.com' }, 'validation_email_domain_not_allowed'],
    ['site', { site: 'not a url' }, 'validation_invalid_url'],
    ['site', { site: 'https://bad.com/x' }, 'validation_url_domain_not_allowed'],
    ['day', { day: '2019-06-01' }, 'validation_min_greater_equal_than_required'],
    ['day', { day: '2031-06-01' }, 'validation_max_less_equal_than_required'],
    ['choice', { choice: 'z' }, 'validation_invalid_value'],
    ['choices', { choices: ['a', 'b', 'c'] }, 'validation_too_many_values'],
    ['ref', { ref: 'missing12345678' }, 'validation_missing_rel_records'],
    ['refs', { refs: [DEMO2_IDS[0], 'missing12345678'] }, 'validation_missing_rel_records'],
    ['meta', { meta: { long: 'x'.repeat(40) } }, 'validation_json_size_limit'],
    ['point', { point: { lon: 200, lat: 0 } }, 'validation_invalid_longitude'],
    ['point', { point: { lon: 0, lat: -91 } }, 'validation_invalid_latitude'],
    ['doc', { doc: 'not_on_record.txt' }, 'validation_invalid_file'],
    ['id', { id: 'short' }, 'validation_min_text_constraint'],
    ['id', { id: 'UPPERCASE123456' }, 'validation_invalid_format'],
  ])('%s %p → %s', async (field, body, code) => {
    const err = await failure(
      createRecord(core, { collection: things, body: { ...valid, ...body }, auth: null }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Failed to create record.');
    expect(codes(err)[field]).toBe(code);
  });

  test('all field errors come back at once', async () => {
    const err = await failure(
      createRecord(core, {
        collection: things,
        body: { title: '', count: 1.5, mail: 'x', choice: 'z' },
        auth: null,
      }),
    );
    expect(codes(err)).toEqual({
      title: 'validation_required',
      count: 'validation_only_int_constraint',
      mail: 'validation_is_email',
      choice: 'validation_invalid_value',
    });
  });

  test('a File value is stored under a generated name', async () => {
    const rec = await createRecord(core, {
      collection: things,
      body: { ...valid, slug: 'with-file', doc: new File(['x'], 'x.txt') },
      auth: null,
    });
    // A base shorter than 3 characters gets 10 extra random characters (http-api.md §3.6).
    expect(rec.doc).toMatch(/^x[a-z0-9]{10}_[a-z0-9]{10}\.txt$/);
  });
});

describeWithFixture('create: values, defaults and normalisation', () => {
  test('zero values, autogenerate, autodates, normalised input', async () => {
    const r = await createRecord(core, {
      collection: things,
      body: {
        title: 'hi there',
        count: '7',
        flag: 'true',
        day: '2024-05-01T13:45:07Z',
        choices: '["a","b","a"]',
        refs: [DEMO2_IDS[0], DEMO2_IDS[1]],
        ref: DEMO2_IDS[2],
        meta: '[1,2]',
        point: { lon: 23.3, lat: 42.6 },
        unknown: 'ignored',
        created: '2000-01-01 00:00:00.000Z',
      },
      auth: null,
    });
    expect(r.id).toMatch(/^[a-z0-9]{15}$/);
    expect(r.code).toMatch(/^[0-9]{4}$/);
    expect(r.count).toBe(7);
    expect(r.flag).toBe(true);
    expect(r.day).toBe('2024-05-01 13:45:07.000Z');
    expect(r.choices).toEqual(['a', 'b']);
    expect(r.meta).toEqual([1, 2]);
    expect(r.point).toEqual({ lon: 23.3, lat: 42.6 });
    expect(r.unknown).toBeUndefined();
    expect(r.created).not.toBe('2000-01-01 00:00:00.000Z');
    expect(r.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(r.updated).toBe(r.created as string);
    const stored = findRecordById(core, things, r.id)!;
    expect(stored).toEqual(r);
  });

  test('client ids: valid ones are kept, duplicates are validation_not_unique', async () => {
    const r = await createRecord(core, {
      collection: things,
      body: { ...valid, id: 'myownid12345678' },
      auth: null,
    });
    expect(r.id).toBe('myownid12345678');
    const err = await failure(
      createRecord(core, { collection: things, body: { ...valid, id: r.id }, auth: null }),
    );
    expect(codes(err).id).toBe('validation_not_unique');
  });

  test('unique index: duplicate slug → validation_not_unique; partial index ignores empty values', async () => {
    await createRecord(core, { collection: things, body: { ...valid, slug: 'dup' }, auth: null });
    const err = await failure(
      createRecord(core, { collection: things, body: { ...valid, slug: 'dup' }, auth: null }),
    );
    expect(err.status).toBe(400);
    expect(codes(err)).toEqual({ slug: 'validation_not_unique' });
    await createRecord(core, { collection: things, body: { ...valid, slug: '' }, auth: null });
    await createRecord(core, { collection: things, body: { ...valid, slug: '' }, auth: null });
  });

  test('hidden fields: dropped for guests, written by superusers', async () => {
    const a = await createRecord(core, {
      collection: things,
      body: { ...valid, secret: 's' },
      auth: null,
    });
    expect(a.secret).toBe('');
    const b = await createRecord(core, {
      collection: things,
      body: { ...valid, secret: 's' },
      auth: su(),
    });
    expect(b.secret).toBe('s');
  });

  test(':autogenerate appends generated text to the submitted prefix', async () => {
    const r = await createRecord(core, {
      collection: things,
      body: { ...valid, 'code:autogenerate': 'X-' },
      auth: null,
    });
    expect(r.code).toMatch(/^X-[0-9]{4}$/);
  });
});

describeWithFixture('modifiers', () => {
  test('number +/- apply shortest key first', async () => {
    const r = await createRecord(core, {
      collection: things,
      body: { ...valid, count: 1, 'count-': 5, 'count+': 2 },
      auth: null,
    });
    expect(r.count).toBe(-2);
    const u = await updateRecord(core, {
      collection: things,
      id: r.id,
      body: { 'count+': 4 },
      auth: null,
    });
    expect(u.count).toBe(2);
  });

  test('list append, prepend, remove', async () => {
    const r = await createRecord(core, {
      collection: things,
      body: { ...valid, choices: ['b'], refs: [DEMO2_IDS[1]] },
      auth: null,
    });
    let u = await updateRecord(core, {
      collection: things,
      id: r.id,
      body: { '+choices': 'a', 'refs+': [DEMO2_IDS[2], DEMO2_IDS[1]] },
      auth: null,
    });
    expect(u.choices).toEqual(['a', 'b']);
    expect(u.refs).toEqual([DEMO2_IDS[1], DEMO2_IDS[2]]);
    u = await updateRecord(core, {
      collection: things,
      id: r.id,
      body: { 'choices-': ['a'], 'refs-': DEMO2_IDS[1] },
      auth: null,
    });
    expect(u.choices).toEqual(['b']);
    expect(u.refs).toEqual([DEMO2_IDS[2]]);
  });

  test('single relation: append keeps the last element', async () => {
    const r = await createRecord(core, {
      collection: things,
      body: { ...valid, ref: DEMO2_IDS[0], 'ref+': DEMO2_IDS[1] },
      auth: null,
    });
    expect(r.ref).toBe(DEMO2_IDS[1]!);
  });

  test('200 concurrent increments all land', async () => {
    const r = await createRecord(core, { collection: things, body: valid, auth: null });
    await Promise.all(
      Array.from({ length: 200 }, () =>
        updateRecord(core, { collection: things, id: r.id, body: { 'count+': 0.0 }, auth: null }),
      ),
    );
    await Promise.all(
      Array.from({ length: 10 }, () =>
        updateRecord(core, { collection: things, id: r.id, body: { 'count+': 1 }, auth: null }),
      ),
    );
    expect(findRecordById(core, things, r.id)!.count).toBe(10);
  });
});

describeWithFixture('update', () => {
  test('only submitted keys change; id cannot change; updated moves', async () => {
    const r = await createRecord(core, {
      collection: things,
      body: { ...valid, count: 3, slug: 'upd' },
      auth: null,
    });
    await Bun.sleep(2); // autodate resolution is 1 ms; this only separates the two timestamps
    const u = await updateRecord(core, {
      collection: things,
      id: r.id,
      body: { count: 4 },
      auth: null,
    });
    expect(u).toMatchObject({
      title: 'hello',
      slug: 'upd',
      count: 4,
      created: r.created as string,
    });
    expect(u.updated).not.toBe(r.updated as string);
    const err = await failure(
      updateRecord(core, {
        collection: things,
        id: r.id,
        body: { id: 'otherid12345678' },
        auth: null,
      }),
    );
    expect(err.message).toBe('Failed to update record.');
    // Only the id: the record's own unique values don't collide with itself.
    expect(codes(err)).toEqual({ id: 'validation_pk_change' });
  });

  test('missing record → 404', async () => {
    const err = await failure(
      updateRecord(core, { collection: things, id: 'nope', body: {}, auth: null }),
    );
    expect(err.status).toBe(404);
  });

  test('view collections are read-only', async () => {
    for (const p of [
      createRecord(core, { collection: 'view1', body: {}, auth: su() }),
      updateRecord(core, { collection: 'view1', id: 'x', body: {}, auth: su() }),
      deleteRecord(core, { collection: 'view1', id: 'x', auth: su() }),
    ]) {
      const err = await failure(p);
      expect([err.status, err.message]).toEqual([400, 'Unsupported collection type.']);
    }
  });
});

describeWithFixture('rules (interim)', () => {
  test('null rule → 403 for non-superusers; superusers pass', async () => {
    const err = await failure(createRecord(core, { collection: 'demo1', body: {}, auth: null }));
    expect([err.status, err.message]).toEqual([403, 'Only superusers can perform this action.']);
    const r = await createRecord(core, { collection: 'demo1', body: { text: 'x' }, auth: su() });
    expect(r.text).toBe('x');
  });

  test('an expression rule fails like a failing rule: create 400 {}, update/delete 404', async () => {
    const err = await failure(createRecord(core, { collection: 'demo3', body: {}, auth: null }));
    expect([err.status, err.message, err.data]).toEqual([400, 'Failed to create record.', {}]);
    const upd = await failure(
      updateRecord(core, { collection: 'demo3', id: '1tmknxy2868d869', body: {}, auth: null }),
    );
    expect(upd.status).toBe(404);
    const del = await failure(
      deleteRecord(core, { collection: 'demo3', id: '1tmknxy2868d869', auth: null }),
    );
    expect(del.status).toBe(404);
  });
});

describeWithFixture('auth collections', () => {
  const signUp = (body: Record<string, unknown>) =>
    createRecord(core, { collection: members, body, auth: null });

  test('sign-up hashes the password, generates tokenKey, stays unverified', async () => {
    const r = await signUp({
      email: 'ann@example.com',
      password: 'secret-pass',
      passwordConfirm: 'secret-pass',
      emailVisibility: true,
    });
    expect(String(r.password)).toMatch(/^\$2[aby]\$/);
    expect(await verifyPassword('secret-pass', String(r.password))).toBe(true);
    expect(String(r.tokenKey)).toMatch(/^[a-zA-Z0-9]{50}$/);
    expect(r.verified).toBe(false);
    expect(r.emailVisibility).toBe(true);
  });

  test.each([
    [
      { email: 'b@example.com' },
      { password: 'validation_required', passwordConfirm: 'validation_required' },
    ],
    [
      { email: 'b@example.com', password: 'secret-pass', passwordConfirm: 'other-pass' },
      { passwordConfirm: 'validation_values_mismatch' },
    ],
    [
      { email: 'b@example.com', password: 'short', passwordConfirm: 'short' },
      { password: 'validation_min_text_constraint' },
    ],
    [
      {
        email: 'b@example.com',
        password: 'secret-pass',
        passwordConfirm: 'secret-pass',
        verified: true,
      },
      { verified: 'validation_values_mismatch' },
    ],
    [
      { email: 'ann@example.com', password: 'secret-pass', passwordConfirm: 'secret-pass' },
      { email: 'validation_not_unique' },
    ],
    [{ password: 'secret-pass', passwordConfirm: 'secret-pass' }, { email: 'validation_required' }],
  ])('sign-up %p → %p', async (body, expected) => {
    expect(codes(await failure(signUp(body)))).toEqual(expected);
  });

  test('a password over 72 bytes is refused, never truncated', async () => {
    const long = 'é'.repeat(40);
    const err = await failure(
      signUp({ email: 'long@example.com', password: long, passwordConfirm: long }),
    );
    expect(codes(err).password).toBeDefined();
  });

  test('superusers may create verified records', async () => {
    const r = await createRecord(core, {
      collection: members,
      body: {
        email: 'v@example.com',
        password: 'secret-pass',
        passwordConfirm: 'secret-pass',
        verified: true,
      },
      auth: su(),
    });
    expect(r.verified).toBe(true);
  });

  test('auth ids are unique across auth collections', async () => {
    const err = await failure(
      createRecord(core, {
        collection: members,
        body: {
          id: '4q1xlclmfloku33',
          email: 'dup@example.com',
          password: 'secret-pass',
          passwordConfirm: 'secret-pass',
        },
        auth: null,
      }),
    );
    expect(codes(err).id).toBe('validation_invalid_auth_id');
  });

  test('non-managers: oldPassword required, email/verified fixed; tokenKey rotates on password change', async () => {
    const r = await signUp({
      email: 'c@example.com',
      password: 'first-pass',
      passwordConfirm: 'first-pass',
    });
    const self = authAs(core, 'members', r.id);
    const update = (body: Record<string, unknown>, auth = self) =>
      updateRecord(core, { collection: members, id: r.id, body, auth });
    expect(
      codes(await failure(update({ password: 'second-pass', passwordConfirm: 'second-pass' }))),
    ).toEqual({
      oldPassword: 'validation_required',
    });
    expect(
      codes(
        await failure(
          update({
            password: 'second-pass',
            passwordConfirm: 'second-pass',
            oldPassword: 'wrong-pass',
          }),
        ),
      ),
    ).toEqual({ oldPassword: 'validation_invalid_old_password' });
    expect(codes(await failure(update({ email: 'new@example.com' })))).toEqual({
      email: 'validation_values_mismatch',
    });
    expect(codes(await failure(update({ verified: true })))).toEqual({
      verified: 'validation_values_mismatch',
    });
    const u = await update({
      password: 'second-pass',
      passwordConfirm: 'second-pass',
      oldPassword: 'first-pass',
    });
    expect(await verifyPassword('second-pass', String(u.password))).toBe(true);
    expect(u.tokenKey).not.toBe(r.tokenKey as string);
    // A superuser changes email and verified freely; the email change rotates tokenKey again.
    const s = await update({ email: 'c2@example.com', verified: true }, su());
    expect(s.email).toBe('c2@example.com');
    expect(s.verified).toBe(true);
    expect(s.tokenKey).not.toBe(u.tokenKey as string);
    // Unrelated updates keep tokenKey.
    const n = await update({ nick: 'cc' });
    expect(n.tokenKey).toBe(s.tokenKey as string);
  });

  test('password change clears _mfas and _authOrigins rows of the record', async () => {
    const users = core.collections.require('users');
    const userId = 'oap640cot4yru2s';
    const count = () =>
      core.store.reader.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM _authOrigins WHERE recordRef = ? AND collectionRef = ?',
        [userId, users.id],
      )!.n;
    await core.store.writes.run((tx) => {
      tx.run(
        "INSERT INTO _authOrigins (id, collectionRef, recordRef, fingerprint, created, updated) VALUES ('testorigin12345', ?, ?, 'fp', '', '')",
        [users.id, userId],
      );
    });
    expect(count()).toBeGreaterThan(0);
    await saveRecordInternal(
      core,
      users,
      { id: userId, password: 'new-password-1' },
      { isNew: false },
    );
    expect(count()).toBe(0);
    expect(
      await verifyPassword('new-password-1', String(findRecordById(core, users, userId)!.password)),
    ).toBe(true);
  });

  test('_superusers records are always verified', async () => {
    const r = await saveRecordInternal(
      core,
      '_superusers',
      { email: 'new-su@example.com', password: 'su-password' },
      { isNew: true },
    );
    expect(r.verified).toBe(true);
    expect(await verifyPassword('su-password', String(r.password))).toBe(true);
  });
});

describeWithFixture('hooks', () => {
  test('create fires onRecordCreate around persistence and the after-success hook after commit', async () => {
    const seen: string[] = [];
    const ids = [
      core.hooks.onRecordCreate.bind(async (e) => {
        seen.push(`create:${e.collection.name}`);
        await e.next();
        seen.push(`persisted:${findRecordById(core, e.collection, e.record.id) !== null}`);
      }),
      core.hooks.onRecordAfterCreateSuccess.bind(async (e) => {
        seen.push(`after:${e.record.title}`);
        await e.next();
      }),
      core.hooks.onRecordAfterCreateError.bind(async (e) => {
        seen.push(`error:${(e.error as Error).message}`);
        await e.next();
      }),
    ];
    try {
      await createRecord(core, { collection: things, body: valid, auth: null });
      await failure(createRecord(core, { collection: things, body: { title: '' }, auth: null }));
    } finally {
      core.hooks.onRecordCreate.unbind(ids[0]!);
      core.hooks.onRecordAfterCreateSuccess.unbind(ids[1]!);
      core.hooks.onRecordAfterCreateError.unbind(ids[2]!);
    }
    expect(seen).toEqual([
      'create:things',
      'persisted:true',
      'after:hello',
      'create:things',
      'error:Failed to create record.',
    ]);
  });
});

describeWithFixture('delete', () => {
  let parents: Collection;
  let kids: Collection;
  const make = async (c: Collection, body: Record<string, unknown>) =>
    createRecord(core, { collection: c, body, auth: su() });

  beforeAll(async () => {
    parents = await defineCollection(core, {
      name: 'parents',
      deleteRule: '',
      fields: [{ name: 'n', type: 'text' }],
    });
    const pid = parents.id;
    kids = await defineCollection(core, {
      name: 'kids',
      fields: [
        { name: 'cascade', type: 'relation', collectionId: pid, maxSelect: 1, cascadeDelete: true },
        { name: 'must', type: 'relation', collectionId: pid, maxSelect: 1, required: true },
        { name: 'many', type: 'relation', collectionId: pid, maxSelect: 5 },
      ],
    });
  });

  test('cascade deletes the referencing record', async () => {
    const keep = await make(parents, { n: 'keep' });
    const p = await make(parents, { n: 'p' });
    const k = await make(kids, { cascade: p.id, must: keep.id });
    await deleteRecord(core, { collection: parents, id: p.id, auth: null });
    expect(findRecordById(core, parents, p.id)).toBeNull();
    expect(findRecordById(core, kids, k.id)).toBeNull();
  });

  test('multi relation: the id is removed, the record stays', async () => {
    const keep = await make(parents, { n: 'keep' });
    const a = await make(parents, { n: 'a' });
    const b = await make(parents, { n: 'b' });
    const k = await make(kids, { must: keep.id, many: [a.id, b.id] });
    await deleteRecord(core, { collection: parents, id: a.id, auth: null });
    expect(findRecordById(core, kids, k.id)!.many).toEqual([b.id]);
  });

  test('required reference without cascade → 400 and nothing changes', async () => {
    const p = await make(parents, { n: 'p' });
    const k = await make(kids, { must: p.id });
    const err = await failure(deleteRecord(core, { collection: parents, id: p.id, auth: null }));
    expect([err.status, err.message]).toEqual([
      400,
      'Failed to delete record. Make sure that the record is not part of a required relation reference.',
    ]);
    expect(findRecordById(core, parents, p.id)).not.toBeNull();
    expect(findRecordById(core, kids, k.id)!.must).toBe(p.id);
  });

  test('deleting an auth record deletes its _externalAuths/_authOrigins rows', async () => {
    const userId = '4q1xlclmfloku33';
    const n = () =>
      core.store.reader.get<{ n: number }>(
        'SELECT (SELECT COUNT(*) FROM _externalAuths WHERE recordRef = ?1) + (SELECT COUNT(*) FROM _authOrigins WHERE recordRef = ?1) AS n',
        [userId],
      )!.n;
    expect(n()).toBeGreaterThan(0);
    const users = core.collections.require('users');
    await deleteRecordInternal(core, users, findRecordById(core, users, userId) as RecordData);
    expect(n()).toBe(0);
  });

  test('the last superuser cannot be deleted', async () => {
    const c = core.collections.require('_superusers');
    const all = core.store.reader.all<{ id: string }>('SELECT id FROM _superusers');
    let last: SatchelError | null = null;
    for (const { id } of all) {
      try {
        await deleteRecordInternal(core, c, findRecordById(core, c, id)!);
      } catch (err) {
        last = err as SatchelError;
      }
    }
    expect(last?.status).toBe(400);
    expect(last?.message).toBe("You can't delete the only existing superuser.");
    expect(core.store.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM _superusers')!.n).toBe(
      1,
    );
  });
});
