// Realtime delivery latency across one or several servers: the time from sending each create to
// its event at every subscriber (the create's own time included: an event may arrive before the
// create's response).

export interface DeliveryOptions {
  subscribers: number;
  events: number;
  /** Wait this long at most for the last events. */
  timeoutMs?: number;
}

/**
 * Subscriber `s` opens its stream on `urls[s]` (round), sends its subscription POST to the next
 * one, on fresh connections (so `--workers` spreads them too); creates go round the urls.
 */
export async function realtimeDelivery(
  urls: string[],
  { subscribers, events, timeoutMs = 15_000 }: DeliveryOptions,
): Promise<{ p50: number; p99: number }> {
  const at = (i: number) => urls[i % urls.length] as string;
  const arrivals: { id: string; at: number }[] = [];
  const readers = await Promise.all(
    Array.from({ length: subscribers }, async (_, s) => {
      const res = await fetch(`${at(s)}/api/realtime`, { headers: { connection: 'close' } });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const ready = Promise.withResolvers<string>();
      void (async () => {
        for (;;) {
          const { value, done } = await reader
            .read()
            .catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data:(.*)$/m.exec(frame)?.[1] ?? '{}';
            if (frame.includes('event:PB_CONNECT')) {
              ready.resolve((JSON.parse(data) as { clientId: string }).clientId);
            } else {
              const id = (JSON.parse(data) as { record: { id: string } }).record.id;
              arrivals.push({ id, at: performance.now() });
            }
          }
        }
      })();
      const clientId = await ready.promise;
      const sub = await fetch(`${at(s + 1)}/api/realtime`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ clientId, subscriptions: ['posts'] }),
      });
      if (sub.status !== 204) throw new Error(`subscribe failed: ${sub.status}`);
      return reader;
    }),
  );
  const sent = new Map<string, number>();
  for (let i = 0; i < events; i++) {
    const t0 = performance.now();
    const res = await fetch(`${at(i)}/api/collections/posts/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `rt ${i}`, body: 'z', views: i }),
    });
    sent.set(((await res.json()) as { id: string }).id, t0);
  }
  const expected = events * subscribers;
  const deadline = performance.now() + timeoutMs;
  // Only this run's creates count: a write still in flight from an earlier phase may announce its
  // record to the new subscribers too, and must not end the wait early.
  const ours = () => arrivals.filter((a) => sent.has(a.id)).length;
  while (ours() < expected && performance.now() < deadline) await Bun.sleep(10);
  for (const r of readers) await r.cancel().catch(() => {});
  const latencies = arrivals
    .filter((a) => sent.has(a.id))
    .map((a) => a.at - sent.get(a.id)!)
    .sort((a, b) => a - b);
  const pick = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const result = { p50: Number(pick(0.5).toFixed(2)), p99: Number(pick(0.99).toFixed(2)) };
  console.log(
    `  realtime delivery (${subscribers} subscribers)  p50 ${result.p50} ms   p99 ${result.p99} ms   (${latencies.length}/${expected} events)`,
  );
  return result;
}
