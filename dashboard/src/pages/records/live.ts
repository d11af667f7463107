// Live updates: subscribe to a collection's record events; the status tells the UI whether it works.
import type { UnsubscribeFunc } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { pb } from '../../pb.ts';

export type LiveStatus = 'connecting' | 'live' | 'off';

/** Calls `onEvent` (debounced) for every create/update/delete in the collection. */
export function useLive(collection: string, enabled: boolean, onEvent: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!enabled) {
      setStatus('off');
      return;
    }
    let unsub: UnsubscribeFunc | null = null;
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setStatus('connecting');
    // The SDK retries a failing connection forever; after a while say so instead of waiting.
    const giveUp = setTimeout(
      () => !closed && setStatus((s) => (s === 'connecting' ? 'off' : s)),
      5000,
    );
    pb.collection(collection)
      .subscribe('*', () => {
        clearTimeout(timer);
        timer = setTimeout(onEvent, 150);
      })
      .then((fn) => {
        if (closed) fn().catch(() => {});
        else {
          unsub = fn;
          setStatus('live');
        }
      })
      .catch(() => !closed && setStatus('off'));
    return () => {
      closed = true;
      clearTimeout(giveUp);
      clearTimeout(timer);
      unsub?.().catch(() => {});
    };
  }, [collection, enabled]);
  return status;
}
