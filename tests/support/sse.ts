// Reads a raw SSE response in tests: the `{event, data}` frames as they arrive, and a way to stop.

export interface SseFrames {
  events: { event: string; data: string }[];
  cancel(): Promise<void>;
}

export function readEvents(body: ReadableStream<Uint8Array>): SseFrames {
  const events: { event: string; data: string }[] = [];
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event:(.*)$/m.exec(frame)?.[1]?.trim() ?? '';
        const data = /^data:(.*)$/m.exec(frame)?.[1]?.trim() ?? '';
        events.push({ event, data });
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  return { events, cancel: () => reader.cancel().catch(() => {}) };
}
