// A fixed-bucket histogram: observing is a bucket scan and three additions, no allocation.

/** Request latency bounds in milliseconds: a cached record view is well under 1 ms, a slow list seconds. */
export const LATENCY_BOUNDS_MS = [
  0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

export class Histogram {
  /** Per-bucket counts, not cumulative (the last slot is `+Inf`); cumulated when rendered. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }

  /** `[le, cumulative count]` pairs ending with `+Inf` (equal to `count`); bounds divided by `unit`. */
  cumulative(unit = 1): [string, number][] {
    const out: [string, number][] = [];
    let acc = 0;
    for (let i = 0; i < this.counts.length; i++) {
      acc += this.counts[i]!;
      out.push([i < this.bounds.length ? String(this.bounds[i]! / unit) : '+Inf', acc]);
    }
    return out;
  }
}
