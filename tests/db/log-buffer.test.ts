// The log writer's own connection is closed by the time the store is: a late close would checkpoint
// and delete auxiliary.db-wal/-shm by name, under a restore that has already swapped the files.
import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/db/connect.ts';
import { LogBuffer, type LogBufferOptions } from '../../src/db/log-buffer.ts';
import { tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

test('rows written by the worker are there, and every connection is closed when close() returns', async () => {
  const dir = join(tempDir(), 'sb_data');
  const store = openStore(dir);
  for (let i = 0; i < 3; i++) {
    store.logs.add({
      id: `log${i}`.padEnd(15, '0'),
      level: 0,
      message: `GET /x${i}`,
      data: '{}',
      created: '2026-01-01 00:00:00.000Z',
    });
  }
  await store.logs.drain(); // the worker has opened its connection and written the batch
  store.close();
  // SQLite removes the -shm file when the last connection to the database closes.
  expect(existsSync(join(dir, 'auxiliary.db-shm'))).toBe(false);
  const db = new Database(join(dir, 'auxiliary.db'), { readonly: true });
  try {
    expect(db.query('SELECT count(*) AS n FROM _logs').get()).toEqual({ n: 3 });
  } finally {
    db.close();
  }
});

test('rows with any text (emoji, accents, a lone surrogate) arrive whole, and so do the rows after them', async () => {
  const dir = join(tempDir(), 'sb_data');
  const store = openStore(dir);
  const messages = ['héllo wörld 🎉', 'lone \ud800 surrogate', 'after: plain', '日本語 3:x2:yy'];
  messages.forEach((message, i) => {
    store.logs.add({
      id: `u${i}`.padEnd(15, '0'),
      level: 0,
      message,
      data: JSON.stringify({ m: message }),
      created: '2026-01-01 00:00:00.000Z',
    });
  });
  await store.logs.drain();
  store.close();
  const db = new Database(join(dir, 'auxiliary.db'), { readonly: true });
  try {
    const rows = db.query('SELECT message, data FROM _logs ORDER BY rowid').all() as {
      message: string;
      data: string;
    }[];
    const stored = messages.map((m) => m.toWellFormed());
    expect(rows.map((r) => r.message)).toEqual(stored);
    // JSON text escapes a lone surrogate (`\\ud800`), so the data keeps it as it was.
    expect(rows.map((r) => JSON.parse(r.data).m)).toEqual(messages);
  } finally {
    db.close();
  }
});

describe('when buffered rows are written (PocketBase: 200 rows or 3 s)', () => {
  const row = (i: number) => ({
    id: `t${i}`.padEnd(15, '0'),
    level: 0,
    message: `GET /t${i}`,
    data: '{}',
    created: '2026-01-01 00:00:00.000Z',
  });
  /** A buffer of its own on a fresh store's auxiliary.db, and the row count a reader sees. */
  const open = (options: LogBufferOptions) => {
    const dir = join(tempDir(), 'sb_data');
    const store = openStore(dir);
    const logs = new LogBuffer(store.aux, join(dir, 'auxiliary.db'), options);
    const reader = new Database(join(dir, 'auxiliary.db'), { readonly: true });
    const count = () => (reader.query('SELECT count(*) AS n FROM _logs').get() as { n: number }).n;
    const ids = () =>
      (reader.query('SELECT id FROM _logs ORDER BY rowid').all() as { id: string }[]).map(
        (r) => r.id,
      );
    const close = () => {
      logs.close();
      reader.close();
      store.close();
    };
    return { logs, count, ids, close };
  };

  test('a lone row waits for the interval, then is written', async () => {
    const b = open({ batchSize: 3, intervalMs: 400, fullDelayMs: 50 });
    try {
      const t0 = Date.now();
      b.logs.add(row(0));
      await waitFor('the row', () => b.count() === 1);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    } finally {
      b.close();
    }
  });

  test('a full batch waits at most fullDelayMs, not the interval', async () => {
    const b = open({ batchSize: 3, intervalMs: 60_000, fullDelayMs: 100 });
    try {
      for (let i = 0; i < 4; i++) b.logs.add(row(i));
      await waitFor('the batch', () => b.count() === 4, { timeout: 30_000 });
    } finally {
      b.close();
    }
  });

  test('rows sent ahead wait for their commit, which keeps their order', async () => {
    const b = open({ batchSize: 100, intervalMs: 400, fullDelayMs: 400, sendRows: 2 });
    try {
      const t0 = Date.now();
      for (let i = 0; i < 5; i++) b.logs.add(row(i));
      await waitFor('the rows', () => b.count() === 5);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
      expect(b.ids()).toEqual([0, 1, 2, 3, 4].map((i) => row(i).id));
    } finally {
      b.close();
    }
  });

  test('close writes rows sent and unsent, in order', () => {
    const b = open({ batchSize: 100, intervalMs: 60_000, sendRows: 2 });
    try {
      for (let i = 0; i < 5; i++) b.logs.add(row(i));
      b.logs.close();
      expect(b.ids()).toEqual([0, 1, 2, 3, 4].map((i) => row(i).id));
    } finally {
      b.close();
    }
  });

  test('maxRows rows are committed at once', async () => {
    const b = open({ batchSize: 3, intervalMs: 60_000, fullDelayMs: 60_000, maxRows: 5 });
    try {
      for (let i = 0; i < 5; i++) b.logs.add(row(i));
      await waitFor('the batch', () => b.count() === 5, { timeout: 30_000 });
    } finally {
      b.close();
    }
  });
});
