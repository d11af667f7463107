// The hand-written registry: bucket placement, label escaping, failing sources.
import { expect, test } from 'bun:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Histogram } from '../../../src/core/metrics/histogram.ts';
import { MetricsRegistry } from '../../../src/core/metrics/registry.ts';

test('a value on a bound counts in that bucket (le is inclusive)', () => {
  const h = new Histogram([1, 5]);
  for (const v of [0, 1, 1.0001, 5, 6]) h.observe(v);
  expect(h.cumulative()).toEqual([
    ['1', 2],
    ['5', 4],
    ['+Inf', 5],
  ]);
  expect(h.sum).toBeCloseTo(13.0001);
});

test('status codes outside 100–599 count as other; labels escape', async () => {
  const r = new MetricsRegistry();
  r.requests.observe('odd "group"\\\n', 42, 3);
  r.requests.observe('records', 200, 0.2);
  r.addSource(() => {
    throw new Error('broken source');
  });
  r.addSource(() => [{ name: 'x_gauge', help: 'h', type: 'gauge', samples: [{ value: 7 }] }]);
  const orig = console.error;
  console.error = () => {};
  const text = await r.render().finally(() => {
    console.error = orig;
  });
  const parsed = parsePrometheusTextFormat(text);
  const total = parsed.find((f) => f.name === 'satchel_http_requests_total')!;
  expect(total.metrics.map((m) => m.labels)).toEqual([
    { group: 'odd "group"\\\n', status: 'other' },
    { group: 'records', status: '200' },
  ]);
  // One group's histogram alone (the parser merges labelled histogram series).
  const lines = text.split('\n').filter((l) => !l.includes('odd'));
  const hist = parsePrometheusTextFormat(lines.join('\n')).find(
    (f) => f.name === 'satchel_http_request_duration_seconds',
  )!;
  expect(hist.metrics[0]!.buckets!['0.0005']).toBe('1');
  expect(hist.metrics[0]!.buckets!['0.001']).toBe('1');
  expect(hist.metrics[0]!.buckets!['10']).toBe('1');
  expect(parsed.find((f) => f.name === 'x_gauge')!.metrics[0]!.value).toBe('7');
});
