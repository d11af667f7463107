// A worker's end of `serve --workers=N`: leadership, outbox wake-ups, the realtime relay and restore holds, over IPC.
import type { SiblingHold } from '../core/backups/state.ts';
import type { Leadership } from '../core/cluster.ts';
import type { Family, MetricsPeers } from '../core/metrics/registry.ts';
import type { RealtimeRelay, RelayRequest, SubscriptionAnswer } from '../core/realtime/relay.ts';
import type { RecordData } from '../core/records/record.ts';
import type { TurnSignals } from '../db/write-turns.ts';
import type { SupervisorMessage, WorkerFamilies, WorkerMessage } from './messages.ts';

/** Environment the supervisor sets for its workers (removed once read, so hooks' children don't inherit it). */
export const WORKER_ENV = 'SATCHEL_WORKER';
export const WORKER_PORT_ENV = 'SATCHEL_WORKER_PORT';
/** Set to 1 for a replacement worker: it leaves pending migrations for the group's next start. */
export const WORKER_REPLACEMENT_ENV = 'SATCHEL_WORKER_REPLACEMENT';
/** The group's shared counters file (throttles, rate limits). */
export const WORKER_COUNTERS_ENV = 'SATCHEL_WORKER_COUNTERS';

/** How long a relayed request waits for the supervisor's answer before it counts as unknown. */
const FORWARD_TIMEOUT_MS = 5_000;
/**
 * How long a first realtime client waits for the siblings to stage their rows (they finish the
 * write transaction open then first; the supervisor answers for dead ones), before it starts anyway.
 */
const LISTEN_TIMEOUT_MS = 5_000;

/** A worker's part in a sibling's restore (cluster/join.ts sets `onHold` on the open core). */
export interface RestoreHolds extends SiblingHold {
  /** Close the databases, call `held`, reopen once `released` resolves. */
  onHold: ((held: () => void, released: Promise<void>) => void) | null;
}

export class WorkerLink implements Leadership, RealtimeRelay, MetricsPeers, RestoreHolds {
  onHold: ((held: () => void, released: Promise<void>) => void) | null = null;
  private readonly holding = new Map<number, (ok: boolean) => void>();
  private readonly releases = new Map<number, () => void>();
  isLeader = false;
  /** Applies a request a sibling forwarded (set once the app exists). */
  onForwarded: ((request: RelayRequest) => Promise<SubscriptionAnswer>) | null = null;
  private readonly leaderListeners = new Set<(isLeader: boolean) => void>();
  /** Nudges between the workers taking turns at data.db's write lock (src/db/write-turns.ts). */
  readonly turnSignals: TurnSignals = {
    send: (to) => this.send({ t: 'turn', to }),
    onNudge: null,
  };
  /** A sibling committed realtime events up to `seq`: read the outbox (set by the SQLite outbox bus). */
  onWake: ((seq: number) => void) | null = null;
  /** A sibling is deleting a record: decide this worker's deliveries of it now (the outbox bus). */
  onDecide: ((key: string, collectionId: string, record: RecordData) => Promise<void>) | null =
    null;
  private readonly deciding = new Map<number, () => void>();
  /** This worker's own metric families (set once the app exists). */
  onGather: (() => Promise<Family[]>) | null = null;
  private readonly pending = new Map<number, (answer: SubscriptionAnswer) => void>();
  private readonly gathering = new Map<number, (results: WorkerFamilies[]) => void>();
  private nextId = 1;
  private readonly listener = (m: unknown) => void this.receive(m as SupervisorMessage);

  private closing = false;
  /** The supervisor is gone (killed, crashed): drain and exit like on SIGTERM, no orphans serving. */
  private readonly orphaned = () => {
    if (this.closing) return;
    console.error(`worker ${this.index}: the supervisor is gone; shutting down`);
    process.kill(process.pid, 'SIGTERM');
  };

  constructor(readonly index: number) {
    process.on('message', this.listener);
    process.on('disconnect', this.orphaned);
  }

  onChange(fn: (isLeader: boolean) => void): () => void {
    this.leaderListeners.add(fn);
    return () => this.leaderListeners.delete(fn);
  }

  /**
   * Whether a sibling has realtime clients (the supervisor says when that changes): until told
   * otherwise, yes. While none has, this worker's writes needn't stage outbox rows.
   */
  othersListening = true;
  /**
   * Runs when a sibling got realtime clients, before this worker answers that its writes stage
   * their rows: resolves once the writes that may have decided not to have finished (the outbox
   * bus's write-queue barrier).
   */
  onStaging: (() => Promise<void>) | null = null;
  private readonly listened = new Map<number, () => void>();

  /**
   * This worker committed realtime events to the outbox up to `seq`: the siblings with realtime
   * clients should read it now (none has: no message; their first client starts them at the end).
   */
  wakeSiblings(seq: number): void {
    if (this.othersListening) this.send({ t: 'wake', seq });
  }

  /**
   * This worker got its first realtime client (`on`) or lost its last: wake-ups are for listeners.
   * With `on`, resolves once every sibling stages outbox rows for its writes (bounded).
   */
  setListening(on: boolean): Promise<void> | undefined {
    if (!on) {
      this.send({ t: 'listening', on, id: 0 });
      return;
    }
    const id = this.nextId++;
    const { promise, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(() => this.listened.get(id)?.(), LISTEN_TIMEOUT_MS);
    this.listened.set(id, () => {
      clearTimeout(timer);
      this.listened.delete(id);
      resolve();
    });
    this.send({ t: 'listening', on, id });
    return promise;
  }

  /** Resolves once every sibling filed its decisions for a delete under `key`, or after `timeoutMs`. */
  decideSiblings(
    key: string,
    collectionId: string,
    record: RecordData,
    timeoutMs: number,
  ): Promise<void> {
    const id = this.nextId++;
    const { promise, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(() => finish(), timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      this.deciding.delete(id);
      resolve();
    };
    this.deciding.set(id, finish);
    this.send({ t: 'decide', id, key, collectionId, record });
    return promise;
  }

  forward(request: RelayRequest): Promise<SubscriptionAnswer> {
    const id = this.nextId++;
    const { promise, resolve } = Promise.withResolvers<SubscriptionAnswer>();
    const timer = setTimeout(() => {
      this.pending.delete(id);
      resolve({ status: 404 });
    }, FORWARD_TIMEOUT_MS);
    this.pending.set(id, (answer) => {
      clearTimeout(timer);
      this.pending.delete(id);
      resolve(answer);
    });
    this.send({ t: 'relay', id, request });
    return promise;
  }

  get self(): string {
    return String(this.index);
  }

  /** The other workers' metric families (the supervisor bounds the wait). */
  gather(): Promise<WorkerFamilies[]> {
    const id = this.nextId++;
    const { promise, resolve } = Promise.withResolvers<WorkerFamilies[]>();
    this.gathering.set(id, (results) => {
      this.gathering.delete(id);
      resolve(results);
    });
    this.send({ t: 'gather', id });
    return promise;
  }

  /** Asks the supervisor to close every other worker; resolves with the function that reopens them. */
  async hold(): Promise<() => void> {
    const id = this.nextId++;
    const { promise, resolve } = Promise.withResolvers<boolean>();
    this.holding.set(id, resolve);
    this.send({ t: 'hold', id });
    const ok = await promise;
    this.holding.delete(id);
    if (!ok) throw new Error('another worker is restoring a backup');
    return () => this.send({ t: 'release', id });
  }

  ready(port: number): void {
    this.send({ t: 'ready', port });
  }

  /** Lets the process exit: an open IPC channel keeps it alive. */
  close(): void {
    this.closing = true;
    for (const done of [...this.listened.values()]) done();
    process.off('message', this.listener);
    process.off('disconnect', this.orphaned);
    process.disconnect?.();
  }

  private send(message: WorkerMessage): void {
    process.send?.(message);
  }

  private async receive(m: SupervisorMessage): Promise<void> {
    switch (m.t) {
      case 'leader':
        if (m.isLeader === this.isLeader) return;
        this.isLeader = m.isLeader;
        for (const fn of this.leaderListeners) fn(m.isLeader);
        return;
      case 'wake':
        this.onWake?.(m.seq);
        return;
      case 'turn':
        this.turnSignals.onNudge?.();
        return;
      case 'listeners':
        this.othersListening = m.any;
        if (!m.any) return;
        await this.onStaging?.().catch((err) => {
          console.error('realtime: waiting for open writes failed:', err);
        });
        // Told again meanwhile (none, or a newer `key`): this answer is stale.
        if (this.othersListening) this.send({ t: 'staging', key: m.key });
        return;
      case 'listened':
        this.listened.get(m.id)?.();
        return;
      case 'decide':
        await this.onDecide?.(m.key, m.collectionId, m.record).catch((err) => {
          console.error('realtime: deciding a sibling’s delete failed:', err);
        });
        this.send({ t: 'decided', id: m.id });
        return;
      case 'decided':
        this.deciding.get(m.id)?.();
        return;
      case 'relay': {
        const answer = this.onForwarded
          ? await this.onForwarded(m.request).catch((err) => {
              console.error('relayed realtime request failed:', err);
              return { status: 500 };
            })
          : { status: 404 };
        this.send({ t: 'relayed', id: m.id, answer });
        return;
      }
      case 'relayed':
        this.pending.get(m.id)?.(m.answer);
        return;
      case 'gather': {
        const families = this.onGather ? await this.onGather().catch(() => []) : [];
        this.send({ t: 'gathered', id: m.id, families });
        return;
      }
      case 'gathered':
        this.gathering.get(m.id)?.(m.results);
        return;
      case 'hold': {
        // A sibling restores: close, say so, and wait for its `release`.
        const { promise, resolve } = Promise.withResolvers<void>();
        this.releases.set(m.id, resolve);
        const held = () => this.send({ t: 'held', id: m.id });
        if (this.onHold) this.onHold(held, promise);
        else held();
        return;
      }
      case 'held':
        this.holding.get(m.id)?.(m.ok);
        return;
      case 'release':
        this.releases.get(m.id)?.();
        this.releases.delete(m.id);
        return;
    }
  }
}
