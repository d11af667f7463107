// Bounded waits for tests: poll a condition owned by another party, or cap a promise, failing with what was awaited.

export interface WaitOptions {
  /** Give up after this many ms (default 10 s: generous on 2 busy cores, well under the test timeout). */
  timeout?: number;
  /** Poll every this many ms (default 10). */
  interval?: number;
}

const DEFAULT_TIMEOUT = 10_000;

/** Resolves with the first truthy value of `check`; throws naming `what` once `timeout` has passed. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  { timeout = DEFAULT_TIMEOUT, interval = 10 }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await Bun.sleep(interval);
  }
}

/** `promise`, or an error naming `what` (and `detail()`, e.g. what did arrive) after `timeout` ms. */
export function within<T>(
  what: string,
  promise: Promise<T>,
  { timeout = DEFAULT_TIMEOUT, detail }: { timeout?: number; detail?: () => string } = {},
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const more = detail ? ` (${detail()})` : '';
      reject(new Error(`timed out after ${timeout} ms waiting for ${what}${more}`));
    }, timeout);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
