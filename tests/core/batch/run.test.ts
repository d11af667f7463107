// runBatch on a real core: one transaction, stop at the first failure, timeout between sub-requests.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../../src/app.ts';
import type { BatchAction, BatchTarget } from '../../../src/core/batch/actions.ts';
import type { BatchRequest } from '../../../src/core/batch/requests.ts';
import { runBatch } from '../../../src/core/batch/run.ts';
import type { Core } from '../../../src/core/core.ts';
import { BadRequestError } from '../../../src/core/errors.ts';
import { findRecordById } from '../../../src/core/records/find.ts';
import { saveRecordInternal } from '../../../src/core/records/save.ts';
import { tempDir } from '../../support/server.ts';
import { defineCollection } from '../records/helpers.ts';

let core: Core;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  core = await openCore(join(dir, 'data'));
  await defineCollection(core, { name: 'items', fields: [{ name: 'n', type: 'number' }] });
  await saveRecordInternal(core, 'items', { id: 'existing0000000', n: 1 }, { isNew: true });
});
afterAll(() => {
  core.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const create = (n: number): BatchRequest => ({
  method: 'POST',
  url: '/api/collections/items/records',
  headers: {},
  body: { id: `item${n}`.padEnd(15, '0'), n },
});

/** Stands in for the HTTP route table: the record routes of `items`. */
function match(req: BatchRequest): BatchTarget | null {
  const path = req.url.split('?')[0];
  const one = path?.startsWith('/api/collections/items/records/');
  if (path === '/api/collections/items/records') {
    if (req.method === 'POST') return { action: 'create', collection: 'items' };
    if (req.method === 'PUT') return { action: 'upsert', collection: 'items' };
  }
  if (one && req.method === 'PATCH') return { action: 'update', collection: 'items' };
  if (one && req.method === 'DELETE') return { action: 'delete', collection: 'items' };
  return null;
}

/** Writes the record itself (standing in for the dispatched route) and answers `status`. */
function writer(statuses: number[]) {
  const seen: string[] = [];
  return {
    seen,
    match,
    execute: async (req: BatchRequest, action: { method: string; url: string }, i: number) => {
      seen.push(`${action.method} ${action.url}`);
      await saveRecordInternal(core, 'items', req.body, { isNew: true });
      const status = statuses[i] ?? 200;
      return { status, body: status >= 400 ? { status, message: 'no', data: {} } : { i } };
    },
  };
}

describe('runBatch', () => {
  test('results in order, writes committed', async () => {
    const w = writer([200, 200]);
    const results = await runBatch(core, [create(1), create(2)], { timeoutMs: 3000, ...w });
    expect(results).toEqual([
      { status: 200, body: { i: 0 } },
      { status: 200, body: { i: 1 } },
    ]);
    expect(findRecordById(core, 'items', 'item20000000000')).not.toBeNull();
  });

  test('the first failure rolls everything back and names its index', async () => {
    const w = writer([200, 404, 200]);
    const err = await runBatch(core, [create(3), create(4), create(5)], {
      timeoutMs: 3000,
      ...w,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).data).toEqual({
      requests: {
        '1': {
          code: 'batch_request_failed',
          message: 'Batch request failed.',
          response: { status: 404, message: 'no', data: {} },
        } as never,
      },
    });
    expect(w.seen).toHaveLength(2);
    expect(findRecordById(core, 'items', 'item30000000000')).toBeNull();
    expect(findRecordById(core, 'items', 'item40000000000')).toBeNull();
  });

  test('past the timeout: rolled back, no further sub-request started', async () => {
    let clock = 0;
    const w = writer([]);
    const execute: typeof w.execute = async (req, action, i) => {
      const r = await w.execute(req, action, i);
      clock += 2000; // each sub-request "takes" two seconds
      return r;
    };
    const err = await runBatch(core, [create(6), create(7), create(8)], {
      timeoutMs: 3000,
      match,
      execute,
      now: () => clock,
    }).catch((e: unknown) => e);
    expect(err).toEqual(new BadRequestError('Batch transaction failed.'));
    expect((err as BadRequestError).data).toEqual({});
    expect(w.seen).toHaveLength(2);
    expect(findRecordById(core, 'items', 'item60000000000')).toBeNull();
  });

  test('upsert: update when body.id is stored, create otherwise; unknown actions fail', async () => {
    const w = writer([]);
    const upsert = (id: string): BatchRequest => ({
      method: 'PUT',
      url: '/api/collections/items/records?fields=id',
      headers: {},
      body: { id },
    });
    const execute = async (_req: BatchRequest, action: BatchAction) => {
      w.seen.push(`${action.method} ${action.url}`);
      return { status: 200, body: null };
    };
    await runBatch(core, [upsert('existing0000000'), upsert('fresh0000000000'), upsert('')], {
      timeoutMs: 3000,
      match,
      execute,
    });
    expect(w.seen).toEqual([
      'PATCH /api/collections/items/records/existing0000000?fields=id',
      'POST /api/collections/items/records?fields=id',
      'POST /api/collections/items/records?fields=id',
    ]);
    const err = await runBatch(
      core,
      [{ method: 'GET', url: '/api/collections/items/records', headers: {}, body: {} }],
      { timeoutMs: 3000, match, execute },
    ).catch((e: unknown) => e);
    expect((err as BadRequestError).data).toMatchObject({
      requests: { '0': { code: 'batch_request_failed', response: { status: 400 } } },
    });
  });
});
