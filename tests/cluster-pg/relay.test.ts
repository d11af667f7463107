// The relay between nodes: only the node holding the client answers; nobody holding it → 404 after the bounded wait.
import { expect, test } from 'bun:test';
import type { SQL } from 'bun';
import { PgRelay } from '../../src/cluster/pg/relay.ts';
import type { RelayRequest } from '../../src/core/realtime/relay.ts';
import { waitFor } from '../support/wait.ts';
import { closeLater, describePg, freshDatabase, terminate } from './harness.ts';

/** A relay whose node holds `clients`, recording what it was asked to apply. */
async function node(sql: SQL, name: string, clients: string[], timeoutMs = 2_000) {
  const relay = closeLater(await PgRelay.open(sql, { node: name, timeoutMs, pollMs: 100 }));
  const applied: RelayRequest[] = [];
  relay.holder = {
    holds: (id) => clients.includes(id),
    apply: async (request) => {
      applied.push(request);
      return {
        status: 400,
        message: `applied by ${name}`,
        data: { clientId: request.input.clientId },
      };
    },
  };
  return { relay, applied };
}

const subscribe = (clientId: string): RelayRequest => ({
  kind: 'subscribe',
  input: { clientId, ip: '10.0.0.1', authorization: 'token-xyz', subscriptions: ['posts'] },
});

describePg('realtime relay over PostgreSQL', () => {
  test('the holder alone applies and answers; the row (with its token) is gone afterwards', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const a = await node(db.client(), 'a', []);
    const b = await node(db.client(), 'b', ['client-b']);
    const c = await node(db.client(), 'c', ['client-c']);
    const started = Date.now();
    const answer = await a.relay.forward(subscribe('client-b'));
    expect(answer).toEqual({
      status: 400,
      message: 'applied by b',
      data: { clientId: 'client-b' },
    });
    expect(Date.now() - started).toBeLessThan(1_000); // NOTIFY, not the timeout
    expect(b.applied).toEqual([subscribe('client-b')]);
    expect(c.applied).toEqual([]);
    expect(a.applied).toEqual([]);
    const [left] = await admin.unsafe('SELECT count(*)::int AS n FROM _satchel_relay');
    expect(left.n).toBe(0);
    // An OAuth2 code for c's client reaches c only.
    const oauth2: RelayRequest = {
      kind: 'oauth2',
      input: { clientId: 'client-c', ip: '10.0.0.1', data: { code: 'abc', state: 's' } },
    };
    expect((await b.relay.forward(oauth2)).message).toBe('applied by c');
    expect(c.applied).toEqual([oauth2]);
    expect(b.applied).toHaveLength(1);
  });

  test('nobody holds the client: 404 once the bounded wait is over, and nobody applied it', async () => {
    const db = await freshDatabase();
    const a = await node(db.client(), 'a', [], 500);
    const b = await node(db.client(), 'b', ['other']);
    const started = Date.now();
    expect(await a.relay.forward(subscribe('nobody'))).toEqual({ status: 404 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(490);
    expect(took).toBeLessThan(2_000);
    expect(b.applied).toEqual([]);
  });

  test('the asker doesn’t answer itself, and a lost LISTEN is covered by polling', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const a = await node(db.client(), 'a', ['mine'], 500);
    const b = await node(db.client(), 'b', ['client-b']);
    expect(await a.relay.forward(subscribe('mine'))).toEqual({ status: 404 });
    expect(a.applied).toEqual([]);
    await waitFor(
      'the LISTEN connections to terminate',
      async () => (await terminate(admin, 'LISTEN')) >= 2,
    );
    const answer = await a.relay.forward(subscribe('client-b'));
    expect(answer.message).toBe('applied by b');
    expect(b.applied).toHaveLength(1);
  });
});
