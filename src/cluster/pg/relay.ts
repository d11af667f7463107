// Requests for a realtime client held by another node, through PostgreSQL: a request row, NOTIFY, the holder's answer.
import type { SQL } from 'bun';
import type { RealtimeRelay, RelayRequest, SubscriptionAnswer } from '../../core/realtime/relay.ts';
import { complainer } from './complain.ts';

export const RELAY_CHANNEL = 'satchel_relay';
export const RELAYED_CHANNEL = 'satchel_relayed';

/** What the node's app provides once it exists (the broker it holds clients in). */
export interface RelayHolder {
  /** This node holds the client's SSE/WS connection. */
  holds(clientId: string): boolean;
  /** Applies the request as if it had arrived here (`applyRelayed`). */
  apply(request: RelayRequest): Promise<SubscriptionAnswer>;
}

export interface PgRelayOptions {
  node: string;
  /** How long an asker waits for the holder before answering 404. */
  timeoutMs?: number;
  /** Fallback for a missed NOTIFY: open requests and answers are also looked for this often. */
  pollMs?: number;
}

const clientIdOf = (r: RelayRequest) => r.input.clientId;

/**
 * The asker inserts the request and NOTIFYs every node; a node that holds the client applies it
 * and writes the answer (first answer wins: `answer IS NULL`), every other node stays silent. The
 * asker then reads the answer, or gives up after `timeoutMs` (404, as when nobody holds it), and
 * deletes the row: it carries the caller's Authorization header.
 */
export class PgRelay implements RealtimeRelay {
  holder: RelayHolder | null = null;
  private readonly pending = new Map<string, (answer: SubscriptionAnswer) => void>();
  /** Requests this node has looked at (so a NOTIFY and a poll don't both apply one). */
  private readonly seen = new Map<string, number>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private listening: { unlisten(): Promise<void> }[] = [];
  private stopped = false;
  private readonly complain = complainer('realtime relay');

  private constructor(
    private readonly sql: SQL,
    private readonly options: PgRelayOptions,
  ) {}

  static async open(sql: SQL, options: PgRelayOptions): Promise<PgRelay> {
    const relay = new PgRelay(sql, options);
    relay.listening = [
      await sql.listen(RELAY_CHANNEL, (id) => void relay.consider(id)),
      await sql.listen(RELAYED_CHANNEL, (id) => void relay.collect([id])),
    ];
    relay.timers.push(setInterval(() => void relay.poll(), options.pollMs ?? 200));
    for (const t of relay.timers) t.unref?.();
    return relay;
  }

  /** Bounded as a whole (insert included): a stalled database answers 404 too, never hangs. */
  async forward(request: RelayRequest): Promise<SubscriptionAnswer> {
    if (this.stopped) return { status: 404 };
    const { promise, resolve } = Promise.withResolvers<SubscriptionAnswer>();
    const timer = setTimeout(() => resolve({ status: 404 }), this.options.timeoutMs ?? 2_000);
    const inserted = this.sql
      .unsafe(
        `WITH r AS (INSERT INTO _satchel_relay (asker, request) VALUES ($1, $2::text::json) RETURNING id)
         SELECT id::text AS id, pg_notify('${RELAY_CHANNEL}', id::text) FROM r`,
        [this.options.node, JSON.stringify(request)],
      )
      .then(([row]) => {
        const id = row.id as string;
        this.pending.set(id, resolve);
        return id;
      })
      .catch((err) => {
        this.complain(err);
        resolve({ status: 404 });
        return null;
      });
    try {
      return await promise;
    } finally {
      clearTimeout(timer);
      // The row carries the caller's Authorization header: gone once answered or given up on.
      void inserted.then((id) => {
        if (id === null) return;
        this.pending.delete(id);
        return this.sql.unsafe('DELETE FROM _satchel_relay WHERE id = $1', [id]).catch(() => {});
      });
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const resolve of this.pending.values()) resolve({ status: 404 });
    await Promise.all(this.listening.map((l) => l.unlisten().catch(() => {})));
  }

  /** Another node asks: answer only when this node holds the client. */
  private async consider(id: string, given?: RelayRequest): Promise<void> {
    if (this.stopped || this.seen.has(id) || this.pending.has(id)) return;
    this.seen.set(id, Date.now());
    try {
      let request = given;
      if (!request) {
        const [row] = await this.sql.unsafe(
          'SELECT request::text AS request FROM _satchel_relay WHERE id = $1 AND answer IS NULL AND asker <> $2',
          [id, this.options.node],
        );
        if (!row) return;
        request = JSON.parse(row.request) as RelayRequest;
      }
      const holder = this.holder;
      if (!holder?.holds(clientIdOf(request))) return;
      const answer = await holder.apply(request).catch((err) => {
        console.error('relayed realtime request failed:', err);
        return { status: 500 };
      });
      await this.sql.unsafe(
        `WITH a AS (UPDATE _satchel_relay SET answer = $2::text::json WHERE id = $1 AND answer IS NULL RETURNING id)
         SELECT pg_notify('${RELAYED_CHANNEL}', id::text) FROM a`,
        [id, JSON.stringify(answer)],
      );
    } catch (err) {
      this.complain(err);
    }
  }

  /** Reads the answers among `ids` that this node is waiting for. */
  private async collect(ids: string[]): Promise<void> {
    const mine = ids.filter((id) => this.pending.has(id));
    if (!mine.length) return;
    try {
      const rows = await this.sql.unsafe(
        `SELECT id::text AS id, answer::text AS answer FROM _satchel_relay
         WHERE id = ANY($1::bigint[]) AND answer IS NOT NULL`,
        [`{${mine.join(',')}}`],
      );
      for (const row of rows as { id: string; answer: string }[]) {
        this.pending.get(row.id)?.(JSON.parse(row.answer) as SubscriptionAnswer);
      }
    } catch (err) {
      this.complain(err);
    }
  }

  /** NOTIFY can be lost with the listening connection: look for open requests and answers. */
  private async poll(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    for (const [id, at] of this.seen) if (now - at > 60_000) this.seen.delete(id);
    await this.collect([...this.pending.keys()]);
    if (!this.holder) return;
    try {
      const rows = await this.sql.unsafe(
        `SELECT id::text AS id, request::text AS request FROM _satchel_relay
         WHERE answer IS NULL AND asker <> $1 AND created > now() - interval '10 seconds'`,
        [this.options.node],
      );
      for (const row of rows as { id: string; request: string }[]) {
        if (!this.seen.has(row.id)) void this.consider(row.id, JSON.parse(row.request));
      }
    } catch (err) {
      this.complain(err);
    }
  }
}
