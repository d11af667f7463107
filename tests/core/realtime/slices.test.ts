// Fan-out in bounded slices: which items go between two event-loop turns, for a table of sizes.
import { describe, expect, test } from 'bun:test';
import { sendInSlices } from '../../../src/core/realtime/slices.ts';

/** Runs sendInSlices with a recording turn; returns the slices as lists of sizes. */
async function slicesOf(sizes: number[], budget: number, async = false): Promise<number[][]> {
  const slices: number[][] = [[]];
  await sendInSlices(
    sizes,
    (n) => n,
    (n) => {
      slices.at(-1)!.push(n);
      return async ? Promise.resolve() : undefined;
    },
    budget,
    async () => {
      slices.push([]);
    },
  );
  return slices;
}

describe('sendInSlices', () => {
  const cases: [string, number[], number, number[][]][] = [
    ['nothing to send: no turn', [], 4, [[]]],
    ['all within the budget: one slice', [1, 1, 1], 4, [[1, 1, 1]]],
    ['a turn once the budget is reached', [1, 1, 3, 1], 2, [[1, 1], [3], [1]]],
    ['an item past the budget goes alone', [5, 5, 5], 4, [[5], [5], [5]]],
    ['no turn after the last item', [2, 2], 2, [[2], [2]]],
    [
      '1 MiB events to 4 clients, 2 MiB budget',
      [1 << 20, 1 << 20, 1 << 20, 1 << 20],
      2 << 20,
      [
        [1 << 20, 1 << 20],
        [1 << 20, 1 << 20],
      ],
    ],
  ];
  for (const [name, sizes, budget, want] of cases) {
    test(name, async () => {
      expect(await slicesOf(sizes, budget)).toEqual(want);
      expect(await slicesOf(sizes, budget, true)).toEqual(want);
    });
  }

  test('every slice stays within the budget plus one item, and order is kept', async () => {
    const sizes = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 97) + 1);
    const budget = 300;
    const slices = await slicesOf(sizes, budget);
    expect(slices.flat()).toEqual(sizes);
    for (const slice of slices) {
      const before = slice.slice(0, -1).reduce((a, b) => a + b, 0);
      expect(before).toBeLessThan(budget);
    }
  });

  test('the default turn is a macrotask: work queued before the fan-out runs in between', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other task'));
    await sendInSlices(
      ['a', 'b'],
      () => 10,
      (s) => {
        order.push(s);
      },
      10,
    );
    // A microtask turn would give ['a', 'b', 'other task'].
    expect(order).toEqual(['a', 'other task', 'b']);
  });
});
