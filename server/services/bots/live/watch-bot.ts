import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { botTopic, type BotEvent } from './bot-events';
import { ownBot, toBotView } from './bots';

/**
 * A bot's status and decisions, live: the current state first, then every change until `signal` aborts.
 * Subscribes before reading the snapshot so nothing falls in between. Owner only (NOT_FOUND otherwise).
 */
export async function* watchBot(opts: { db: Db; bus: Bus; ownerId: string; botId: string; signal?: AbortSignal }): AsyncGenerator<BotEvent> {
  const pending: BotEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await opts.bus.subscribe<BotEvent>(botTopic(opts.botId), ({ data }) => {
    pending.push(data);
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    yield { bot: toBotView(await ownBot(opts.db, opts.ownerId, opts.botId)), decision: null };
    while (!opts.signal?.aborted) {
      const next = pending.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await unsubscribe();
  }
}
