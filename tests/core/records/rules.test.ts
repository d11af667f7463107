// Rule evaluation on a copy of the fixture: stored rows, the create-time virtual row, manageRule, authRule, hooks after commit.
import { expect, test } from 'bun:test';
import { openCore } from '../../../src/app.ts';
import { checkAuthRule, matchesRecordRule } from '../../../src/core/auth/auth-rule.ts';
import type { Core } from '../../../src/core/core.ts';
import { emptyRecord } from '../../../src/core/records/codec.ts';
import { createRecord } from '../../../src/core/records/create.ts';
import { deleteRecord } from '../../../src/core/records/delete.ts';
import { findRecordById } from '../../../src/core/records/find.ts';
import { listRecords } from '../../../src/core/records/list.ts';
import { applyBody, rulesBody } from '../../../src/core/records/modifiers.ts';
import type { RecordData } from '../../../src/core/records/record.ts';
import { requestInfo } from '../../../src/core/records/request-info.ts';
import {
  canManage,
  checkRule,
  managedIds,
  newRecordMatches,
  recordMatches,
  ruleCondition,
} from '../../../src/core/records/rules.ts';
import { updateRecord } from '../../../src/core/records/update.ts';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../../support/fixture.ts';
import { copyFixture } from '../../support/server.ts';
import { authAs } from './helpers.ts';

let core: Core;
beforeAllWithFixture(async () => {
  core = await openCore(copyFixture());
});
afterAllWithFixture(() => core.store.close());

const coll = (name: string) => core.collections.require(name);
const user = () => authAs(core, 'users', '4q1xlclmfloku33');
const client = () => authAs(core, 'clients', 'gk390qegs4y47wn');
const su = () => authAs(core, '_superusers', 'sywbhecnh46rhm0');

describeWithFixture('checkRule on stored records', () => {
  const demo3 = () => coll('demo3');
  const rec = () => findRecordById(core, 'demo3', 'mk5fmymtx4wsprk')!;

  test('null → superusers only; "" → everyone; expressions per requester', () => {
    expect(checkRule(core, demo3(), null, user(), rec())).toBe(false);
    expect(checkRule(core, demo3(), null, su(), rec())).toBe(true);
    expect(checkRule(core, demo3(), '', null, rec())).toBe(true);
    expect(checkRule(core, demo3(), demo3().viewRule, null, rec())).toBe(false);
    expect(checkRule(core, demo3(), demo3().viewRule, user(), rec())).toBe(false);
    expect(checkRule(core, demo3(), demo3().viewRule, client(), rec())).toBe(true);
  });

  test('@request.query/headers/method/context/body come from the request', () => {
    const r = rec();
    const c = demo3();
    expect(checkRule(core, c, '@request.query.a = "1"', null, r, { query: { a: '1' } })).toBe(true);
    expect(checkRule(core, c, '@request.query.a = "1"', null, r, { query: { a: '2' } })).toBe(
      false,
    );
    expect(
      checkRule(core, c, '@request.headers.x_token = "t"', null, r, {
        headers: { 'X-Token': 't' },
      }),
    ).toBe(true);
    expect(checkRule(core, c, '@request.method = "DELETE"', null, r, { method: 'DELETE' })).toBe(
      true,
    );
    expect(checkRule(core, c, '@request.context = "expand"', null, r, { context: 'expand' })).toBe(
      true,
    );
    expect(checkRule(core, c, '@request.context = "default"', null, r)).toBe(true);
    expect(checkRule(core, c, '@request.body.title = title', null, r, {}, { title: 'test4' })).toBe(
      true,
    );
    expect(
      checkRule(core, c, '@request.body.title:changed = true', null, r, {}, { title: 'x' }),
    ).toBe(true);
    expect(
      checkRule(core, c, '@request.body.title:changed = true', null, r, {}, { title: 'test4' }),
    ).toBe(false);
  });

  test('a rule that does not compile fails closed instead of throwing', () => {
    expect(recordMatches(core, demo3(), 'mk5fmymtx4wsprk', 'nope = 1', requestInfo(null))).toBe(
      false,
    );
    expect(recordMatches(core, demo3(), 'mk5fmymtx4wsprk', '(((', requestInfo(null))).toBe(false);
  });

  test('ruleCondition: SQL to AND into a query', () => {
    expect(ruleCondition(core, demo3(), null, null)).toEqual({ sql: '1=0', params: [] });
    expect(ruleCondition(core, demo3(), '', null)).toEqual({ sql: '1=1', params: [] });
    expect(ruleCondition(core, demo3(), 'title = "x"', su())).toEqual({ sql: '1=1', params: [] });
    const c = ruleCondition(core, demo3(), 'title = "x"', null, undefined, { tableAlias: 't' });
    expect(c.sql).toContain('"t"."title"');
    expect(c.params).toEqual(['x']);
  });
});

describeWithFixture('the create-time virtual row', () => {
  const draft = (body: Record<string, unknown>): RecordData => {
    const r = emptyRecord(coll('demo4'));
    applyBody(coll('demo4'), r, body, { allowHidden: false });
    return r;
  };

  test('field paths and relation joins see the would-be values', () => {
    const c = coll('demo4');
    const ctx = requestInfo(null);
    const r = draft({ title: 'new', rel_one_no_cascade: 'mk5fmymtx4wsprk' });
    expect(newRecordMatches(core, c, r, 'title = "new"', ctx)).toBe(true);
    expect(newRecordMatches(core, c, r, 'title = "old"', ctx)).toBe(false);
    expect(newRecordMatches(core, c, r, 'rel_one_no_cascade.title = "test4"', ctx)).toBe(true);
    expect(newRecordMatches(core, c, r, 'rel_one_no_cascade.title = "test1"', ctx)).toBe(false);
    expect(newRecordMatches(core, c, r, 'id != ""', ctx)).toBe(true);
    // nothing was written
    expect(listRecords(core, c, su(), { filter: 'title = "new"' }).totalItems).toBe(0);
  });

  test('verified is forced false on auth collections', () => {
    const c = coll('nologin');
    const r = emptyRecord(c);
    r.verified = true;
    expect(newRecordMatches(core, c, r, 'verified = false', requestInfo(null))).toBe(true);
  });
});

describeWithFixture('@request.body as rules see it', () => {
  test('modifier keys become resolved values; hidden fields drop for non-superusers', () => {
    const c = coll('demo5');
    const stored = findRecordById(core, c, 'la4y2w4o98acwuj')!;
    const body = { 'total+': 2, 'total-': 1, extra: 'kept' };
    const next = structuredClone(stored);
    applyBody(c, next, body, { allowHidden: false });
    expect(rulesBody(c, body, next, { allowHidden: false })).toEqual({ total: 3, extra: 'kept' });
  });
});

describeWithFixture('manageRule', () => {
  test('canManage and managedIds agree (nologin: users are managers)', () => {
    const c = coll('nologin');
    const r = findRecordById(core, c, 'oos036e9xvqeexy')!;
    expect(canManage(core, c, user(), r)).toBe(true);
    expect(canManage(core, c, client(), r)).toBe(false);
    expect(canManage(core, c, null, r)).toBe(false);
    expect(canManage(core, c, su(), r)).toBe(true);
    const ids = ['oos036e9xvqeexy', 'phhq3wr65cap535', 'missing'];
    expect([...managedIds(core, c, ids, user())].sort()).toEqual(ids.slice(0, 2).sort());
    expect(managedIds(core, c, ids, client()).size).toBe(0);
    expect(managedIds(core, coll('users'), ['4q1xlclmfloku33'], user()).size).toBe(0);
  });
});

describeWithFixture('authRule and mfa.rule evaluation', () => {
  test('clients authRule `verified=true` is checked on the record', () => {
    const c = coll('clients');
    const verified = findRecordById(core, c, 'gk390qegs4y47wn')!;
    const unverified = findRecordById(core, c, 'o1y0dd0spd786md')!;
    expect(() => checkAuthRule(core, c, verified, null, 'password')).not.toThrow();
    expect(() => checkAuthRule(core, c, unverified, null, 'password')).toThrow(
      "The request doesn't satisfy the collection requirements to authenticate.",
    );
    // a superuser requester passes any authRule
    expect(() => checkAuthRule(core, c, unverified, su(), 'password')).not.toThrow();
  });

  test('@request.context is the auth method', () => {
    const c = coll('clients');
    const r = findRecordById(core, c, 'gk390qegs4y47wn')!;
    expect(matchesRecordRule(core, c, r, '@request.context = "otp"', 'otp')).toBe(true);
    expect(matchesRecordRule(core, c, r, '@request.context = "otp"', 'password')).toBe(false);
    expect(matchesRecordRule(core, c, r, '', 'password')).toBe(true);
  });
});

describeWithFixture('after-success hooks wait for the outermost commit', () => {
  test('inside a rolled-back transaction they never fire; committed ones fire once', async () => {
    const fired: string[] = [];
    let keptFired = () => {};
    const kept = new Promise<void>((resolve) => {
      keptFired = resolve;
    });
    const hooks = core.hooks;
    const ids = [
      hooks.onRecordAfterCreateSuccess.bind(async (e) => {
        fired.push(`create:${e.record.title}`);
        if (e.record.title === 'kept') keptFired();
        await e.next();
      }),
      hooks.onRecordAfterDeleteSuccess.bind(async (e) => {
        fired.push(`delete:${e.record.id}`);
        await e.next();
      }),
    ];
    try {
      await expect(
        core.store.writes.run(async () => {
          await createRecord(core, {
            collection: 'demo2',
            body: { title: 'rolled back' },
            auth: null,
          });
          expect(fired).toEqual([]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(fired).toEqual([]);
      await core.store.writes.run(async () => {
        await createRecord(core, { collection: 'demo2', body: { title: 'kept' }, auth: null });
        expect(fired).toEqual([]);
      });
      await kept;
      expect(fired).toEqual(['create:kept']);
      const r = await createRecord(core, {
        collection: 'demo2',
        body: { title: 'direct' },
        auth: null,
      });
      expect(fired).toEqual(['create:kept', 'create:direct']);
      await deleteRecord(core, { collection: 'demo2', id: r.id, auth: null });
      expect(fired.at(-1)).toBe(`delete:${r.id}`);
    } finally {
      hooks.onRecordAfterCreateSuccess.unbind(ids[0]!);
      hooks.onRecordAfterDeleteSuccess.unbind(ids[1]!);
    }
  });

  test('update rule failures never reach the hooks', async () => {
    let calls = 0;
    const id = core.hooks.onRecordUpdate.bind(async (e) => {
      calls++;
      await e.next();
    });
    try {
      const err = await updateRecord(core, {
        collection: 'demo5',
        id: 'la4y2w4o98acwuj',
        body: { total: 4 },
        auth: null,
      }).catch((e) => e);
      expect(err.status).toBe(404);
      expect(calls).toBe(0);
    } finally {
      core.hooks.onRecordUpdate.unbind(id);
    }
  });
});
