/** What a live client receives: one item of a bus event, or the whole current picture (first, or after a gap). */
export type LiveMessage<Item> = { type: 'item'; id: string; item: Item } | { type: 'snapshot'; id: string; items: Item[] };

/**
 * One live stream's vocabulary: the bus topic, how a bus event splits into items, and how items are keyed
 * (client filters, and the latest-per-key coalescing of a slow client).
 */
export interface LiveFeed<Item> {
  topic: string;
  /** SSE event name of an update (`price`, `tokens`). */
  event: string;
  itemsOf(data: unknown): Item[];
  keyOf(item: Item): string;
  /** An event's items leave as one array (`tokens`), or each as its own SSE event (`price`). */
  batched: boolean;
}

/** The id sent with a snapshot taken before any event: resuming from it replays everything buffered. */
export const ORIGIN_EVENT_ID = '0-0';

/** Consecutive item messages of one bus event (one id), or a snapshot alone. */
export function groupById<Item>(messages: readonly LiveMessage<Item>[]): LiveMessage<Item>[][] {
  const groups: LiveMessage<Item>[][] = [];
  for (const m of messages) {
    const last = groups.at(-1);
    if (m.type === 'item' && last?.[0]?.type === 'item' && last[0].id === m.id) last.push(m);
    else groups.push([m]);
  }
  return groups;
}

const encoder = new TextEncoder();

/** SSE wire format: `event:` names the type, `id:` is what the browser echoes as Last-Event-ID. */
export function encodeSse<Item>(feed: LiveFeed<Item>, messages: readonly LiveMessage<Item>[]): Uint8Array {
  let text = '';
  const frame = (event: string, id: string, data: unknown) => `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
  for (const group of groupById(messages)) {
    const [first] = group;
    if (first!.type === 'snapshot') text += frame('snapshot', first!.id, first!.items);
    else if (feed.batched) text += frame(feed.event, first!.id, group.map((m) => (m as { item: Item }).item));
    else for (const m of group) text += frame(feed.event, m.id, (m as { item: Item }).item);
  }
  return encoder.encode(text);
}

/** A comment line: keeps proxies and load balancers from closing an idle stream. */
export const SSE_HEARTBEAT = encoder.encode(': heartbeat\n\n');

/** Tells EventSource how soon to reconnect after a drop. */
export const SSE_PREAMBLE = encoder.encode('retry: 1000\n\n');
