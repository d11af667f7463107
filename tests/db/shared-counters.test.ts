// Window counters in one SQLite file: two handles (two workers) count into the same windows.
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { openSharedCounters } from '../../src/db/shared-counters.ts';
import { tempDir } from '../support/server.ts';

describe('shared counters', () => {
  test('hits through two handles share one window; it restarts once over', () => {
    const path = join(tempDir(), 'counters.db');
    const a = openSharedCounters(path);
    const b = openSharedCounters(path);
    expect(a.hit('k', 1000, 10_000)).toBe(1);
    expect(b.hit('k', 1000, 10_100)).toBe(2);
    expect(a.hit('k', 1000, 10_999)).toBe(3);
    expect(b.peek('k', 1000, 10_999)).toBe(3);
    // The window opened at 10 000 ends at 11 000.
    expect(b.peek('k', 1000, 11_000)).toBe(0);
    expect(b.hit('k', 1000, 11_000)).toBe(1);
    expect(a.hit('other', 1000, 11_000)).toBe(1);
    a.reset('k');
    expect(b.peek('k', 1000, 11_001)).toBe(0);
    expect(b.peek('other', 1000, 11_001)).toBe(1);
    a.close();
    b.close();
  });

  test('a value put through one handle is taken once through another, and expires', () => {
    const path = join(tempDir(), 'counters.db');
    const a = openSharedCounters(path);
    const b = openSharedCounters(path);
    a.put('code', 'Ann Lee', 1000, 10_000);
    expect(b.take('code', 10_500)).toBe('Ann Lee');
    expect(a.take('code', 10_500)).toBe('');
    a.put('late', 'x', 1000, 10_000);
    expect(b.take('late', 11_000)).toBe('');
    a.close();
    b.close();
  });
});
