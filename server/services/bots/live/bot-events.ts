import type { BotView } from '@/contracts/bots';
import type { BotDecision } from '@/db/schema';
import type { Bus } from '@/server/infra/bus/types';
import { logger } from '@/server/logger';

export const botTopic = (botId: string) => `bot:${botId}`;

/** What a bot's watchers get: its state after a change, and the decision that caused it (if any). */
export interface BotEvent {
  bot: BotView;
  decision: { t: number; signal: string; reason: string; orderId: string | null; error: string | null; createdAt: string } | null;
}

export const toDecisionView = (d: BotDecision): NonNullable<BotEvent['decision']> => ({
  t: d.barT.getTime(),
  signal: d.signal,
  reason: d.reason,
  orderId: d.orderId,
  error: d.error,
  createdAt: d.createdAt.toISOString(),
});

/** Best effort: the rows are the truth; a bus failure is logged, and a watcher reconnecting reads a fresh snapshot. */
export async function announceBot(bus: Bus | undefined, event: BotEvent): Promise<void> {
  try {
    await bus?.publish(botTopic(event.bot.id), event);
  } catch (error) {
    logger.warn({ err: error, botId: event.bot.id }, 'bot change not published');
  }
}
