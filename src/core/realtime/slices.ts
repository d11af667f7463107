// Fan-out in bounded slices: hand at most a budget of bytes to the transports, then let the event
// loop run (health checks, requests, other sockets' writes) before the next slice.

/** Bytes handed to sockets between two turns of the event loop (issue 17: no task blocks > 10 ms). */
export const SLICE_BYTES = 512 << 10;

/** A macrotask turn: `setImmediate` runs after pending I/O, unlike a microtask. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `send` over `items` in order, awaiting `yieldTurn` whenever the bytes sent since the last
 * turn reach `budget`. A single item larger than the budget is sent alone (never split: frames
 * are whole). Never yields before the first item or after the last.
 *   sizes [1, 1, 3, 1], budget 2 → [1, 1] · turn · [3] · turn · [1]
 */
export async function sendInSlices<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  send: (item: T) => void | Promise<void>,
  budget = SLICE_BYTES,
  yieldTurn: () => Promise<void> = nextTurn,
): Promise<void> {
  let sent = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const pending = send(item);
    if (pending) await pending; // a synchronous send costs no microtask hop per client
    sent += sizeOf(item);
    if (sent >= budget && i < items.length - 1) {
      sent = 0;
      await yieldTurn();
    }
  }
}
