import { topicEvents, type TopicStreamItem } from '@/server/services/live/topic-events';
import type { TradingDeps } from './deps';
import { accountTopic, type AccountEvent } from './account-events';
import { ensureAccount } from './accounts';

export type AccountStreamItem = TopicStreamItem<AccountEvent>;

/**
 * The owner's order updates and fills, live. The topic comes from the caller's own account, so nobody can
 * name someone else's.
 */
export async function* accountEvents(
  deps: Pick<TradingDeps, 'db' | 'bus'>,
  userId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<AccountStreamItem> {
  const account = await ensureAccount(deps.db, userId);
  yield* topicEvents<AccountEvent>(deps.bus, accountTopic(account.id), lastEventId, signal);
}
