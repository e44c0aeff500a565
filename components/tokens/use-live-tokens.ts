'use client';

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { TokenView } from '@/contracts/tokens';

export const tokenKeyOf = (t: { chain: string; address: string }) => `${t.chain}:${t.address}`;

export interface LiveTokens {
  /** The latest of each token the stream has sent, by `chain:address`. */
  tokens: ReadonlyMap<string, TokenView>;
  /** When each token last arrived (ms): rows flash on a change and ages count from here. */
  receivedAt: ReadonlyMap<string, number>;
  connected: boolean;
}

/**
 * The token aggregator live, from `GET /api/v1/stream/tokens`: a snapshot, then the tokens each refresh
 * cycle changed. EventSource reconnects by itself and resumes with Last-Event-ID.
 */
export function useLiveTokens(): LiveTokens {
  const [state, setState] = useState<Omit<LiveTokens, 'connected'>>({ tokens: new Map(), receivedAt: new Map() });
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const source = new EventSource('/api/v1/stream/tokens');
    const apply = (list: TokenView[], flash: boolean) =>
      setState((prev) => {
        const tokens = new Map(prev.tokens);
        const receivedAt = new Map(prev.receivedAt);
        const now = Date.now();
        for (const t of list) {
          tokens.set(tokenKeyOf(t), t);
          // A snapshot is the picture as it was, not a change: it does not flash.
          if (flash) receivedAt.set(tokenKeyOf(t), now);
        }
        return { tokens, receivedAt };
      });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('tokens', (e) => apply(JSON.parse((e as MessageEvent).data) as TokenView[], true));
    source.addEventListener('snapshot', (e) => apply(JSON.parse((e as MessageEvent).data) as TokenView[], false));
    return () => {
      source.close();
      setConnected(false);
    };
  }, []);

  return { ...state, connected };
}

/**
 * Now, to the `everyMs` step, re-rendering at each step; null on the server and in the hydration pass, so
 * the first paint matches the server's.
 */
export function useNow(everyMs = 1_000): number | null {
  const subscribe = useCallback(
    (changed: () => void) => {
      const timer = setInterval(changed, everyMs);
      return () => clearInterval(timer);
    },
    [everyMs],
  );
  return useSyncExternalStore(
    subscribe,
    () => Math.floor(Date.now() / everyMs) * everyMs,
    () => null,
  );
}
