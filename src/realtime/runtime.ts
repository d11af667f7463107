// The realtime service of one app: broker, bus, hooks and the Bun server it needs for timeouts and upgrades.
import type { Server, WebSocketHandler } from 'bun';
import type { Core } from '../core/core.ts';
import { realtimeFamilies } from '../core/metrics/sources.ts';
import { Broker, type BrokerOptions } from '../core/realtime/broker.ts';
import { LocalBus, type RealtimeBus } from '../core/realtime/bus.ts';
import { bindRealtimeHooks } from '../core/realtime/record-hooks.ts';
import type { RealtimeRelay } from '../core/realtime/relay.ts';
import { createWebSocketHandler, type WsData } from './ws.ts';

export interface RealtimeOptions extends BrokerOptions {
  /** Defaults to the in-process bus; a multi-node setup passes one over an external broker. */
  bus?: RealtimeBus;
  /** `--workers=N`: where a subscription POST goes when another worker holds the client. */
  relay?: RealtimeRelay;
}

export interface Realtime {
  broker: Broker;
  bus: RealtimeBus;
  relay: RealtimeRelay | null;
  websocket: WebSocketHandler<WsData>;
  /** The Bun server, once listening (per-request timeouts, WebSocket upgrades). */
  server: Server<WsData> | null;
  /** Disconnects every client (streams end, sockets close) and unbinds the hooks. */
  close(): void;
}

const byCore = new WeakMap<Core, Realtime>();

export function createRealtime(core: Core, options: RealtimeOptions = {}): Realtime {
  const bus = options.bus ?? new LocalBus();
  const broker = new Broker(core, bus, options);
  const unbind = bindRealtimeHooks(core, broker, bus);
  const unmeasure = core.metrics.addSource(() => realtimeFamilies(broker));
  const realtime: Realtime = {
    broker,
    bus,
    relay: options.relay ?? null,
    websocket: createWebSocketHandler(core, broker),
    server: null,
    close() {
      unbind();
      unmeasure();
      broker.close();
    },
  };
  byCore.set(core, realtime);
  return realtime;
}

/** The app's realtime service (created by app.ts); routes reach it through the core they serve. */
export function realtimeOf(core: Core): Realtime {
  return byCore.get(core) ?? createRealtime(core);
}
