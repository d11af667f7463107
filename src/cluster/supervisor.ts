// `serve --workers=N`: starts N copies of this program on one address, replaces any that dies, drains all on SIGTERM.
import type { Subprocess } from 'bun';
import type { SubscriptionAnswer } from '../core/realtime/relay.ts';
import type { SupervisorMessage, WorkerFamilies, WorkerMessage } from './messages.ts';
import {
  WORKER_COUNTERS_ENV,
  WORKER_ENV,
  WORKER_PORT_ENV,
  WORKER_REPLACEMENT_ENV,
} from './worker-link.ts';

export interface SupervisorOptions {
  workers: number;
  /** The command that runs this program again with the same arguments (see `selfArgv`). */
  argv: string[];
  /** The port asked for; 0 lets the first worker pick one that the others then join. */
  port: number;
  /** Called once every worker listens (the banner), with the port they share. */
  onListening(port: number): void;
  /** How long a stopping worker may drain before it is killed. */
  drainMs?: number;
  /** The SQLite file the workers keep their throttle and rate-limit windows in. */
  countersPath?: string;
}

interface Worker {
  index: number;
  proc: Subprocess;
  ready: boolean;
  /** Events relayed to this worker so far (its sequence numbers). */
  seq: number;
  /** It has realtime clients (until it says otherwise): outbox wake-ups and delete decisions go to it. */
  listening: boolean;
  /** What it was last told of the others' `listening` (`listeners`). */
  othersListening: boolean;
  /** The `key` of the `listeners` (any: true) it has yet to answer with `staging`; 0: none. */
  unstaged: number;
}

/** A worker that dies this soon after starting is restarted after a pause (a crash loop). */
const RESTART_PAUSE_MS = 1_000;
/** A replacement that fails to start is retried after a pause doubling up to this. */
const MAX_RESTART_PAUSE_MS = 30_000;
/** How long a worker may take to close its databases for a restore before it is killed. */
const HOLD_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 60_000;
const GATHER_TIMEOUT_MS = 2_000;

/**
 * Workers start one after another: the first runs pending migrations and picks the port, the
 * others open an up-to-date database and join that port. Resolves with the exit code once every
 * worker has stopped (after SIGINT/SIGTERM, or when one fails before it ever listened).
 */
export async function superviseWorkers(options: SupervisorOptions): Promise<number> {
  const slots: (Worker | null)[] = Array.from({ length: options.workers }, () => null);
  let port = options.port;
  let leader = -1;
  let stopping = false;
  const { promise: finished, resolve: finish } = Promise.withResolvers<number>();
  /** Relayed requests: who asked, under which id, and which workers have yet to answer. */
  const asks = new Map<number, { from: Worker; id: number; waiting: Set<Worker> }>();
  let askSeq = 0;
  /** Metrics gathers: who asked, what came back, which workers have yet to answer. */
  const gathers = new Map<
    number,
    { from: Worker; id: number; results: WorkerFamilies[]; waiting: Set<Worker> }
  >();
  /** Deletes' decisions: who asked, under which id, which workers have yet to file theirs. */
  const decides = new Map<number, { from: Worker; id: number; waiting: Set<Worker> }>();
  /**
   * A restore in progress: the worker swapping the data dir, the others closed (or closing) around
   * it. Replacements wait until it is released: a worker opening a half-swapped dir would fail.
   */
  let hold: {
    from: Worker;
    id: number;
    key: number;
    waiting: Set<Worker>;
    held: Set<Worker>;
    released: Promise<void>;
    release: () => void;
  } | null = null;
  const holdComplete = () => {
    if (hold && hold.waiting.size === 0) send(hold.from, { t: 'held', id: hold.id, ok: true });
  };
  const releaseHold = () => {
    if (!hold) return;
    const h = hold;
    hold = null;
    for (const o of h.held) send(o, { t: 'release', id: h.key });
    h.release();
  };
  const finishGather = (key: number) => {
    const g = gathers.get(key);
    if (!g) return;
    gathers.delete(key);
    send(g.from, { t: 'gathered', id: g.id, results: g.results });
  };

  const live = () => slots.filter((w): w is Worker => w?.ready === true);
  const send = (w: Worker, m: SupervisorMessage) => {
    try {
      w.proc.send(m);
    } catch {
      // Exiting: its exit handler cleans up.
    }
  };
  /**
   * A worker's first realtime client waits (its PB_CONNECT does) for these workers to answer
   * `staging`: until then a write of theirs may commit without an outbox row.
   */
  const listens = new Map<number, { from: Worker; id: number; waiting: Set<Worker> }>();
  let listenSeq = 0;
  /** `w` stages its rows now (or died): the first clients that waited only for it may start. */
  const staged = (w: Worker) => {
    w.unstaged = 0;
    for (const [key, l] of listens) {
      if (!l.waiting.delete(w) || l.waiting.size > 0) continue;
      listens.delete(key);
      send(l.from, { t: 'listened', id: l.id });
    }
  };
  /**
   * Tells each worker whether another live one has realtime clients: it sends wake-ups and stages
   * outbox rows only then.
   */
  const tellListeners = () => {
    const workers = live();
    for (const w of workers) {
      const any = workers.some((o) => o !== w && o.listening);
      if (w.othersListening === any) continue;
      w.othersListening = any;
      const key = any ? ++listenSeq : 0;
      w.unstaged = key;
      send(w, { t: 'listeners', any, key });
    }
  };
  const electLeader = () => {
    if (stopping || (leader >= 0 && slots[leader]?.ready)) return;
    const next = live()[0];
    leader = next ? next.index : -1;
    if (next) send(next, { t: 'leader', isLeader: true });
  };

  /** The first answer other than 404 wins (one worker holds the client); all 404 → 404. */
  const answer = (key: number, by: Worker, a: SubscriptionAnswer) => {
    const ask = asks.get(key);
    if (!ask?.waiting.delete(by)) return;
    if (a.status !== 404 || ask.waiting.size === 0) {
      asks.delete(key);
      send(ask.from, { t: 'relayed', id: ask.id, answer: a });
    }
  };

  const onMessage = (w: Worker, m: WorkerMessage) => {
    switch (m.t) {
      case 'ready':
        port = m.port;
        w.ready = true;
        readyWaiters.get(w.index)?.();
        electLeader();
        tellListeners();
        return;
      case 'wake':
        for (const other of live()) if (other !== w && other.listening) send(other, m);
        return;
      case 'turn':
        for (const other of live())
          if (other !== w && m.to.includes(other.index)) send(other, { t: 'turn' });
        return;
      case 'listening': {
        w.listening = m.on;
        tellListeners();
        if (!m.on) return;
        const waiting = new Set(live().filter((o) => o !== w && o.unstaged !== 0));
        if (waiting.size === 0) return send(w, { t: 'listened', id: m.id });
        listens.set(++listenSeq, { from: w, id: m.id, waiting });
        return;
      }
      case 'staging':
        if (m.key === w.unstaged) staged(w);
        return;
      case 'decide': {
        const others = live().filter((o) => o !== w && o.listening);
        if (others.length === 0) return send(w, { t: 'decided', id: m.id });
        const key = ++askSeq;
        decides.set(key, { from: w, id: m.id, waiting: new Set(others) });
        for (const o of others) send(o, { ...m, id: key });
        // The asker stops waiting on its own; this only forgets an ask a dead worker left open.
        setTimeout(() => decides.delete(key), GATHER_TIMEOUT_MS).unref?.();
        return;
      }
      case 'decided': {
        const d = decides.get(m.id);
        if (!d?.waiting.delete(w) || d.waiting.size > 0) return;
        decides.delete(m.id);
        return send(d.from, { t: 'decided', id: d.id });
      }
      case 'relay': {
        const others = live().filter((o) => o !== w);
        if (others.length === 0)
          return send(w, { t: 'relayed', id: m.id, answer: { status: 404 } });
        const key = ++askSeq;
        asks.set(key, { from: w, id: m.id, waiting: new Set(others) });
        for (const o of others) send(o, { t: 'relay', id: key, request: m.request });
        return;
      }
      case 'relayed':
        return answer(m.id, w, m.answer);
      case 'gather': {
        const key = ++askSeq;
        const others = live().filter((o) => o !== w);
        gathers.set(key, { from: w, id: m.id, results: [], waiting: new Set(others) });
        if (others.length === 0) return finishGather(key);
        for (const o of others) send(o, { t: 'gather', id: key });
        // A worker too busy or dying to answer leaves its series out rather than hang the scrape.
        setTimeout(() => finishGather(key), GATHER_TIMEOUT_MS).unref?.();
        return;
      }
      case 'gathered': {
        const g = gathers.get(m.id);
        if (!g?.waiting.delete(w)) return;
        g.results.push({ worker: String(w.index), families: m.families });
        if (g.waiting.size === 0) finishGather(m.id);
        return;
      }
      case 'hold': {
        // A worker still starting would open the dir mid-swap (or keep the old one): not now.
        const starting = slots.some((o) => o !== null && !o.ready);
        if (hold || starting) return send(w, { t: 'held', id: m.id, ok: false });
        const others = live().filter((o) => o !== w);
        const { promise, resolve } = Promise.withResolvers<void>();
        const key = ++askSeq;
        hold = {
          from: w,
          id: m.id,
          key,
          waiting: new Set(others),
          held: new Set(others),
          released: promise,
          release: resolve,
        };
        for (const o of others) send(o, { t: 'hold', id: key });
        // One that can't close in time is killed (and replaced after the swap) rather than hang it.
        setTimeout(() => {
          if (hold?.key !== key) return;
          for (const o of hold.waiting) {
            console.error(`worker ${o.index} did not close for the restore in time; killing it`);
            o.proc.kill('SIGKILL');
          }
        }, HOLD_TIMEOUT_MS).unref?.();
        return holdComplete();
      }
      case 'held':
        if (hold?.key === m.id && hold.waiting.delete(w)) holdComplete();
        return;
      case 'release':
        if (hold?.from === w && hold.id === m.id) releaseHold();
        return;
    }
  };

  const readyWaiters = new Map<number, () => void>();
  /** Starts worker `index`; resolves with null once it listens, or why it didn't. */
  const start = (index: number, replacement = false): Promise<string | null> => {
    const startedAt = performance.now();
    const proc = Bun.spawn(options.argv, {
      env: {
        ...process.env,
        [WORKER_ENV]: String(index),
        [WORKER_PORT_ENV]: String(port),
        [WORKER_COUNTERS_ENV]: options.countersPath ?? '',
        [WORKER_REPLACEMENT_ENV]: replacement ? '1' : '0',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
      ipc: (m) => onMessage(worker, m as WorkerMessage),
      serialization: 'advanced',
    });
    const worker: Worker = {
      index,
      proc,
      ready: false,
      seq: 0,
      listening: true,
      othersListening: true,
      unstaged: 0,
    };
    slots[index] = worker;
    const { promise, resolve } = Promise.withResolvers<string | null>();
    readyWaiters.set(index, () => resolve(null));
    const timer = setTimeout(() => {
      resolve(`not listening after ${READY_TIMEOUT_MS / 1000} s`);
      proc.kill('SIGKILL');
    }, READY_TIMEOUT_MS);
    void proc.exited.then(async (code) => {
      clearTimeout(timer);
      const wasReady = worker.ready;
      worker.ready = false;
      if (slots[index] === worker) slots[index] = null;
      readyWaiters.delete(index);
      resolve(`exited with ${code} before listening`);
      if (hold?.from === worker) releaseHold();
      else if (hold?.waiting.delete(worker)) holdComplete();
      hold?.held.delete(worker);
      if (leader === index) {
        leader = -1;
        electLeader();
      }
      if (wasReady) tellListeners();
      staged(worker); // nothing of its own left to wait for
      for (const [key, l] of listens) if (l.from === worker) listens.delete(key);
      // Relayed requests still open lose one possible holder.
      for (const key of [...asks.keys()]) answer(key, worker, { status: 404 });
      for (const [key, g] of gathers)
        if (g.waiting.delete(worker) && !g.waiting.size) finishGather(key);
      // A delete waiting (write lock held) for this worker's decision hears from the rest now.
      for (const [key, d] of decides) {
        if (!d.waiting.delete(worker) || d.waiting.size > 0) continue;
        decides.delete(key);
        send(d.from, { t: 'decided', id: d.id });
      }
      if (stopping) {
        if (slots.every((s) => s === null)) finish(0);
        return;
      }
      if (!wasReady) return; // the starter reports it
      console.error(`worker ${index} (pid ${proc.pid}) exited with ${code}; starting a new one`);
      await replace(index, performance.now() - startedAt < RESTART_PAUSE_MS ? RESTART_PAUSE_MS : 0);
    });
    return promise.finally(() => clearTimeout(timer));
  };

  /**
   * Starts a worker in slot `index` until one listens: a replacement that fails (a full disk, a
   * hooks file broken since the start) leaves the live workers serving and is retried with backoff.
   */
  const replace = async (index: number, firstPause: number) => {
    let pause = firstPause;
    for (;;) {
      // A stop during the pause ends it (the supervisor exits without waiting the pause out).
      if (pause > 0) {
        await Promise.race([new Promise((wake) => setTimeout(wake, pause).unref?.()), finished]);
      }
      while (hold) await hold.released;
      if (stopping) return;
      const why = await start(index, true);
      if (why === null || stopping) return;
      pause = Math.min(Math.max(pause * 2, RESTART_PAUSE_MS), MAX_RESTART_PAUSE_MS);
      console.error(
        `worker ${index} failed to start (${why}); serving with ${live().length} worker(s), ` +
          `retrying in ${pause / 1000} s`,
      );
    }
  };

  let exitCode = 0;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const running = slots.filter((s): s is Worker => s !== null);
    if (running.length === 0) return finish(code);
    for (const w of running) w.proc.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const w of running) w.proc.kill('SIGKILL');
    }, options.drainMs ?? 30_000);
    await finished;
    clearTimeout(killer);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  for (let i = 0; i < options.workers; i++) {
    if (stopping) break;
    const why = await start(i);
    if (why !== null) {
      console.error(`worker ${i} failed to start (${why}); stopping`);
      void stop(1);
      break;
    }
  }
  if (!stopping) options.onListening(port);
  const code = await finished;
  return stopping ? exitCode : code;
}
