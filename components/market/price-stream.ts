'use client';

import type { PriceTick } from '@/components/trpc/outputs';

export interface PriceStreamListener {
  /** A snapshot (on connect, and at once for a listener joining an open stream) or one live tick. */
  onTicks(ticks: PriceTick[]): void;
  onConnected?(connected: boolean): void;
}

interface SharedStream {
  source: EventSource;
  listeners: Set<PriceStreamListener>;
  /** The newest tick per symbol, handed to a listener that joins after the connection's snapshot. */
  latest: Map<string, PriceTick>;
}

const streams = new Map<string, SharedStream>();

/** The stream key of a symbol set: order and repeats do not matter. */
export const priceStreamKey = (symbols: readonly string[]) => [...new Set(symbols)].sort().join(',');

/**
 * Live prices from `GET /api/v1/stream/prices` with one EventSource per symbol set on the page, shared by
 * every component that asks for that set (the asset page's quote, chart and ticket read one stream, not one
 * each). EventSource reconnects by itself and resumes with Last-Event-ID. Returns the unsubscribe; the
 * connection closes with its last listener.
 */
export function subscribePrices(symbols: readonly string[], listener: PriceStreamListener): () => void {
  const key = priceStreamKey(symbols);
  if (!key) return () => {};
  let shared = streams.get(key);
  if (!shared) {
    const source = new EventSource(`/api/v1/stream/prices?symbols=${encodeURIComponent(key)}`);
    const stream: SharedStream = { source, listeners: new Set(), latest: new Map() };
    const deliver = (ticks: PriceTick[]) => {
      for (const t of ticks) stream.latest.set(t.symbol, t);
      for (const l of stream.listeners) l.onTicks(ticks);
    };
    source.addEventListener('price', (e) => deliver([JSON.parse((e as MessageEvent).data) as PriceTick]));
    source.addEventListener('snapshot', (e) => deliver(JSON.parse((e as MessageEvent).data) as PriceTick[]));
    source.onopen = () => stream.listeners.forEach((l) => l.onConnected?.(true));
    source.onerror = () => stream.listeners.forEach((l) => l.onConnected?.(false));
    streams.set(key, stream);
    shared = stream;
  } else {
    // Joining an open stream: what a fresh connection's snapshot would have said.
    const { latest, source } = shared;
    queueMicrotask(() => {
      if (!shared!.listeners.has(listener)) return;
      if (latest.size) listener.onTicks([...latest.values()]);
      if (source.readyState === EventSource.OPEN) listener.onConnected?.(true);
    });
  }
  const stream = shared;
  stream.listeners.add(listener);
  return () => {
    stream.listeners.delete(listener);
    if (stream.listeners.size === 0) {
      stream.source.close();
      if (streams.get(key) === stream) streams.delete(key);
    }
  };
}
