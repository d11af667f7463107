// A round-robin in front of several servers for tests: each request to the next, bodies streamed both ways (SSE too).

export interface RoundRobin {
  readonly url: string;
  stop(): void;
}

/** `targets()` is asked on every request, so a caller can leave out a server it killed. */
export function roundRobin(targets: () => string[]): RoundRobin {
  let turn = 0;
  const proxy = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    fetch(req) {
      const urls = targets();
      const target = new URL(req.url);
      const headers = new Headers(req.headers);
      headers.delete('host');
      return fetch(urls[turn++ % urls.length] + target.pathname + target.search, {
        method: req.method,
        headers,
        body: req.body,
        redirect: 'manual',
      });
    },
  });
  return { url: `http://127.0.0.1:${proxy.port}`, stop: () => proxy.stop(true) };
}
