// Error lines from background loops (polls, retries), at most one per interval per loop.

/** Returns a logger that drops lines within `everyMs` of the last: an outage shouldn't flood the log. */
export function complainer(what: string, everyMs = 10_000): (err: unknown) => void {
  let last = 0;
  return (err) => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    console.error(`${what}:`, err instanceof Error ? err.message : err);
  };
}
