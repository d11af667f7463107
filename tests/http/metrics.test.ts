// GET /api/metrics: who may scrape, and that the series move with what the server does (parsed
// with a Prometheus text-format parser, not string matching).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import parsePrometheusTextFormat, {
  type PromFamily,
  type PromMetric,
} from 'parse-prometheus-text-format';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

let server: TestServer;
let pb: PocketBase;
let recordId: string;
let userToken: string;
const TOKEN = 'scrape-token-0123456789abcdef';

async function scrapeText(auth = pb.authStore.token): Promise<string> {
  const res = await server.fetch('/api/metrics', { headers: { authorization: auth } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text();
}

const scrape = async () => parsePrometheusTextFormat(await scrapeText());

const HISTOGRAM = 'satchel_http_request_duration_seconds';

/**
 * The latency histogram of each group. The parser merges a histogram's labelled series into one
 * (it keeps only `le`), so each group's lines are parsed as a document of their own, unlabelled.
 */
function histograms(text: string): Map<string, PromMetric> {
  const lines = text.split('\n');
  const header = lines.filter(
    (l) => l.startsWith(`# HELP ${HISTOGRAM} `) || l.startsWith(`# TYPE ${HISTOGRAM} `),
  );
  expect(header).toHaveLength(2);
  const out = new Map<string, PromMetric>();
  for (const line of lines) {
    const m = new RegExp(`^${HISTOGRAM}_count\\{group="([^"]+)"\\}`).exec(line);
    if (!m) continue;
    const label = `group="${m[1]}"`;
    const own = lines
      .filter((l) => l.startsWith(HISTOGRAM) && l.includes(`{${label}`))
      .map((l) => l.replace(`{${label},`, '{').replace(`{${label}}`, ''));
    const [parsed] = parsePrometheusTextFormat(`${header.join('\n')}\n${own.join('\n')}\n`);
    expect(parsed!.type).toBe('HISTOGRAM');
    out.set(m[1]!, parsed!.metrics[0]!);
  }
  return out;
}

function family(families: PromFamily[], name: string): PromFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in the scrape`);
  return f;
}

/** The value of the sample whose labels include `labels` (0 when absent: a counter not yet moved). */
function value(families: PromFamily[], name: string, labels: Record<string, string> = {}): number {
  const m = family(families, name).metrics.find((x) =>
    Object.entries(labels).every(([k, v]) => x.labels?.[k] === v),
  );
  return m ? Number(m.value) : 0;
}

const requestsOf = (f: PromFamily[], group: string, status?: string) =>
  family(f, 'satchel_http_requests_total')
    .metrics.filter((m) => m.labels?.group === group && (!status || m.labels.status === status))
    .reduce((sum, m) => sum + Number(m.value), 0);

beforeAll(async () => {
  server = await startServer();
  pb = await server.superuserClient();
  await pb.collections.create({
    name: 'posts',
    type: 'base',
    viewRule: '',
    fields: [{ name: 'title', type: 'text' }],
  });
  recordId = (await pb.collection('posts').create({ title: 'a' })).id;
  await pb.collection('users').create({
    email: 'user@example.com',
    password: '1234567890',
    passwordConfirm: '1234567890',
  });
  const user = server.client();
  await user.collection('users').authWithPassword('user@example.com', '1234567890');
  userToken = user.authStore.token;
});
afterAll(() => server.stop());

describe('access', () => {
  test('guests 401, regular users 403, superusers 200', async () => {
    expect((await server.fetch('/api/metrics')).status).toBe(401);
    const asUser = await server.fetch('/api/metrics', { headers: { authorization: userToken } });
    expect(asUser.status).toBe(403);
    expect((await scrape()).length).toBeGreaterThan(0);
  });

  test('the scrape token: right one 200, wrong or unset refused; hidden in the settings view', async () => {
    const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });
    // No token configured: nothing a guest sends gets in, not even the empty string.
    expect((await server.fetch('/api/metrics', bearer(TOKEN))).status).toBe(401);
    expect((await server.fetch('/api/metrics', bearer(''))).status).toBe(401);

    const short = await server.fetch('/api/satchel/settings', {
      method: 'PATCH',
      headers: { authorization: pb.authStore.token, 'content-type': 'application/json' },
      body: JSON.stringify({ metrics: { token: 'short' } }),
    });
    expect(short.status).toBe(400);
    expect((await short.json()).data.metrics.token.code).toBe('validation_invalid_value');

    const saved = await pb.send('/api/satchel/settings', {
      method: 'PATCH',
      body: { metrics: { token: TOKEN } },
    });
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    expect(saved.metrics).toEqual({ hasToken: true });
    const view = await pb.send('/api/satchel/settings', {});
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(view.openapi).toEqual({ public: false });

    expect((await server.fetch('/api/metrics', bearer(TOKEN))).status).toBe(200);
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase(), 'x'.repeat(29)]) {
      expect((await server.fetch('/api/metrics', bearer(wrong))).status).toBe(401);
    }
    // The token is no auth token: it opens nothing else.
    expect((await server.fetch('/api/settings', bearer(TOKEN))).status).toBe(401);
    // Without `Bearer ` the header is an auth token, and this isn't one.
    expect((await server.fetch('/api/metrics', { headers: { authorization: TOKEN } })).status).toBe(
      401,
    );

    await pb.send('/api/satchel/settings', { method: 'PATCH', body: { metrics: { token: '' } } });
    expect((await server.fetch('/api/metrics', bearer(TOKEN))).status).toBe(401);
  });
});

describe('series', () => {
  test('record views count in the records group; a 404 under its status; buckets add up', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      const res = await server.fetch(`/api/collections/posts/records/${recordId}`);
      expect(res.status).toBe(200);
    }
    expect((await server.fetch('/api/nothing-here')).status).toBe(404);
    const text = await scrapeText();
    const after = parsePrometheusTextFormat(text);
    expect(requestsOf(after, 'records', '200') - requestsOf(before, 'records', '200')).toBe(3);
    expect(requestsOf(after, 'none', '404') - requestsOf(before, 'none', '404')).toBe(1);

    expect(family(after, HISTOGRAM).type).toBe('HISTOGRAM');
    const byGroup = histograms(text);
    expect([...byGroup.keys()]).toContain('records');
    for (const [group, m] of byGroup) {
      const buckets = Object.entries(m.buckets!)
        .map(([le, n]) => [le === '+Inf' ? Infinity : Number(le), Number(n)] as const)
        .sort(([a], [b]) => a - b);
      expect(buckets.length).toBeGreaterThan(10);
      for (let i = 1; i < buckets.length; i++) {
        expect(buckets[i]![1]).toBeGreaterThanOrEqual(buckets[i - 1]![1]);
      }
      expect(buckets.at(-1)![0]).toBe(Infinity);
      expect(buckets.at(-1)![1]).toBe(Number(m.count));
      // The scrape itself is counted once it has been answered, so the metrics group lags by one.
      if (group !== 'metrics') expect(Number(m.count)).toBe(requestsOf(after, group));
    }
    expect(Number(byGroup.get('records')!.sum)).toBeGreaterThan(0);
  });

  test('realtime connections go 1 → 0 and subscriptions follow', async () => {
    expect(value(await scrape(), 'satchel_realtime_connections', { transport: 'sse' })).toBe(0);
    const abort = new AbortController();
    const res = await server.fetch('/api/realtime', { signal: abort.signal });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const clientId = /"clientId":"(\w+)"/.exec(first)![1]!;
    const during = await scrape();
    expect(value(during, 'satchel_realtime_connections', { transport: 'sse' })).toBe(1);
    expect(value(during, 'satchel_realtime_subscriptions')).toBe(0);
    const sub = await server.fetch('/api/realtime', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, subscriptions: ['posts/*', `posts/${recordId}`] }),
    });
    expect(sub.status).toBe(204);
    expect(value(await scrape(), 'satchel_realtime_subscriptions')).toBe(2);
    abort.abort();
    await reader.cancel().catch(() => {});
    // The server learns of the disconnect from its socket: poll until it has.
    await waitFor(
      'the realtime client to disconnect',
      async () => value(await scrape(), 'satchel_realtime_connections', { transport: 'sse' }) === 0,
    );
  });

  test('write queue, database files, storage and backups', async () => {
    const before = await scrape();
    await pb.collection('posts').create({ title: 'b' });
    const after = await scrape();
    const queue = family(after, 'satchel_write_queue_wait_seconds').metrics[0]!;
    const queued = Number(family(before, 'satchel_write_queue_wait_seconds').metrics[0]!.count);
    expect(Number(queue.count)).toBeGreaterThan(queued);
    expect(value(after, 'satchel_write_queue_depth')).toBe(0);
    expect(value(after, 'satchel_write_queue_commits_total')).toBeGreaterThan(
      value(before, 'satchel_write_queue_commits_total'),
    );
    expect(value(after, 'satchel_database_file_bytes', { file: 'data.db' })).toBeGreaterThan(0);
    expect(value(after, 'satchel_database_file_bytes', { file: 'auxiliary.db' })).toBeGreaterThan(
      0,
    );
    expect(value(after, 'satchel_storage_bytes')).toBeGreaterThanOrEqual(0);
    expect(value(after, 'satchel_backup_last_success_timestamp_seconds')).toBe(0);
    expect(value(after, 'satchel_backup_running')).toBe(0);

    const t0 = Date.now() / 1000;
    await pb.backups.create('metrics_test.zip');
    const backed = await scrape();
    expect(value(backed, 'satchel_backup_last_success_timestamp_seconds')).toBeGreaterThanOrEqual(
      Math.floor(t0),
    );
    expect(value(backed, 'satchel_backup_last_run_success')).toBe(1);
  });
});
