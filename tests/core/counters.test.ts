// The in-process window counters: the same answers the shared file gives (tests/db/shared-counters.test.ts).
import { describe, expect, test } from 'bun:test';
import { createLocalCounters } from '../../src/core/counters.ts';
import { createLocalValues } from '../../src/core/expiring-values.ts';

describe('local counters', () => {
  test('a window opens at the first hit, counts, ends after windowMs, and resets', () => {
    const c = createLocalCounters();
    expect(c.peek('k', 1000, 0)).toBe(0);
    expect(c.hit('k', 1000, 10_000)).toBe(1);
    expect(c.hit('k', 1000, 10_999)).toBe(2);
    expect(c.peek('k', 1000, 10_999)).toBe(2);
    expect(c.peek('k', 1000, 11_000)).toBe(0);
    expect(c.hit('k', 1000, 11_000)).toBe(1);
    c.reset('k');
    expect(c.peek('k', 1000, 11_001)).toBe(0);
  });

  test('local values: taken once, gone after their ttl', () => {
    const v = createLocalValues();
    v.put('k', 'v', 1000, 10_000);
    expect(v.take('k', 10_999)).toBe('v');
    expect(v.take('k', 10_999)).toBe('');
    v.put('k', 'v', 1000, 10_000);
    expect(v.take('k', 11_000)).toBe('');
  });
});
