export interface BusEvent<T = unknown> {
  /** Monotonic per topic: `<ms>-<seq>`, ordered by `compareEventIds`. */
  id: string;
  topic: string;
  data: T;
}

export type Unsubscribe = () => Promise<void>;

/**
 * The bus port: publish/subscribe with a bounded replay buffer per topic, so a reconnecting SSE client
 * can resume after the last id it saw.
 */
export interface Bus {
  publish<T>(topic: string, data: T): Promise<BusEvent<T>>;
  subscribe<T>(topic: string, handler: (event: BusEvent<T>) => void): Promise<Unsubscribe>;
  /**
   * Events after `afterId`, oldest first. `null` when events after `afterId` have already left the
   * buffer (the caller cannot resume without a gap and should send a fresh snapshot instead).
   */
  replay<T>(topic: string, afterId: string): Promise<BusEvent<T>[] | null>;
}

const ID_PATTERN = /^(\d+)-(\d+)$/;

export function isEventId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Orders `<ms>-<seq>` ids numerically (not as strings). */
export function compareEventIds(a: string, b: string): number {
  const [, am = '0', as = '0'] = ID_PATTERN.exec(a) ?? [];
  const [, bm = '0', bs = '0'] = ID_PATTERN.exec(b) ?? [];
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}
