// Connection storms and the heap: each realtime connect leaves a few KB of garbage behind (the
// request, its parsing, auth resolution), and JSC lets the heap grow well past the live set before
// it collects, so 5,000 clients connecting at once left the peak RSS 10–20 MB above what they hold
// (bench/realtime.ts: SSE 154–163 → 144–145 MB, WS 136 → 122–124 MB at 5,000). A collection
// request every few hundred connects keeps the heap near the live set (every 200 rather than 500:
// SSE peak at 10,000 151–154 → 146–148 MB).
//
// Fan-outs do the same: each event frame is a string made for one client (it carries the client's
// id), ~500 B of garbage per delivery. At 10,000 subscribers the RSS climbed ~5 MB per event, to
// ~50 MB above the connected set before JSC collected (bench/realtime.ts, BENCH_WRITES=30).

/** A function that asks for a collection (`Bun.gc(false)`, ≤ 0.3 ms: it doesn't wait) every `n`th call. */
function everyNth(n: number): () => void {
  let since = 0;
  return () => {
    if (++since < n) return;
    since = 0;
    Bun.gc(false);
  };
}

/** Called once per new realtime client (SSE stream or WebSocket): a request every 200 connects. */
export const noteConnect = everyNth(200);

/** Called once per event frame handed to a client's socket: a request every 10,000 (~5 MB of frames). */
export const noteFrame = everyNth(10_000);
