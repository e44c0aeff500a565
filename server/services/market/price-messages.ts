import type { PriceTick } from './price-tick';

/** What a live-price client receives: a tick, or the whole current picture (first, or after a gap). */
export type PriceMessage =
  | { type: 'price'; id: string; tick: PriceTick }
  | { type: 'snapshot'; id: string; ticks: PriceTick[] };

/** The id sent with a snapshot taken before any event: resuming from it replays everything buffered. */
export const ORIGIN_EVENT_ID = '0-0';

const encoder = new TextEncoder();

/** SSE wire format: `event:` names the type, `id:` is what the browser echoes as Last-Event-ID. */
export function encodeSse(messages: readonly PriceMessage[]): Uint8Array {
  let text = '';
  for (const m of messages) {
    text += m.type === 'price'
      ? `event: price\nid: ${m.id}\ndata: ${JSON.stringify(m.tick)}\n\n`
      : `event: snapshot\nid: ${m.id}\ndata: ${JSON.stringify(m.ticks)}\n\n`;
  }
  return encoder.encode(text);
}

/** A comment line: keeps proxies and load balancers from closing an idle stream. */
export const SSE_HEARTBEAT = encoder.encode(': heartbeat\n\n');

/** Tells EventSource how soon to reconnect after a drop. */
export const SSE_PREAMBLE = encoder.encode('retry: 1000\n\n');
