import { and, count, eq, gte, isNotNull, sum } from 'drizzle-orm';
import { botDecisions, bots, fills, type Bot, type BotDecision, type BotStatus } from '@/db/schema';
import { AppError } from '@/server/errors';
import { getLatestTick } from '@/server/services/market/price-tick';
import type { TradingDeps } from '@/server/services/trading/deps';
import { FEE_BPS, SLIPPAGE_BPS } from '@/server/services/trading/fill-model';
import { Money } from '@/server/services/trading/money';
import { placeOrder } from '@/server/services/trading/place-order';
import { buyWithin } from '../backtest/fill-model';
import { instantiate } from '../strategies';
import type { StrategyCandle, Target } from '../strategies/types';
import { announceBot, toDecisionView } from './bot-events';
import { toBotView } from './bots';
import { applyFill, readLedger, writeLedger, type Ledger } from './ledger';

interface Outcome {
  signal: string;
  reason: string;
  orderId?: string;
  error?: string;
  /** An order the account turned away (counts towards the pause). */
  rejected?: boolean;
  /** The bot's own limit says stop. */
  pause?: string;
}

/**
 * One closed candle for one bot: the strategy decides (same code as the backtest), and a target that needs
 * an order becomes a market order now — at the next bar's opening price, as in the execution model — through
 * the normal `placeOrder` path with every account risk check. Sizing is the backtest's (all-in from the bot's
 * own cash, floored to the asset's quantity step) with the paper account's slippage and fee. The strategy
 * state, the bot's ledger and `lastBarT` are saved with the decision in one transaction; the order carries a
 * clientOrderId per (bot, bar), so a step repeated after a crash gets the same order back, never a second one.
 */
export async function stepBot(deps: TradingDeps, bot: Bot, candle: StrategyCandle, opts: { qtyPrecision: number; trade: boolean }): Promise<Bot> {
  const { strategy } = instantiate(bot.strategy, bot.params);
  const state = bot.state ?? strategy.init(bot.params);
  let ledger = readLedger(bot.ledger);
  const position = { qty: ledger.qty.toNumber(), avgEntry: ledger.qty.isZero() ? 0 : ledger.entryNotional.toNumber() / ledger.qty.toNumber() };
  const target = strategy.onCandle(candle, state, position);

  let outcome: Outcome | null = null;
  const wanted = target !== null && (target.kind === 'flat' ? !ledger.qty.isZero() : target.kind === 'buy' || ledger.qty.isZero());
  if (opts.trade && wanted) {
    const result = await execute(deps, bot, ledger, target, candle, opts.qtyPrecision);
    ledger = result.ledger;
    outcome = result.outcome;
  }

  const rejectionsInRow = outcome?.rejected ? bot.rejectionsInRow + 1 : outcome?.orderId ? 0 : bot.rejectionsInRow;
  let status: BotStatus = bot.status;
  let statusReason = bot.statusReason;
  if (outcome?.pause) {
    status = 'paused';
    statusReason = outcome.pause;
  } else if (rejectionsInRow >= bot.limits.maxRejections) {
    status = 'paused';
    statusReason = `Paused after ${rejectionsInRow} rejected orders in a row; last: ${outcome?.error ?? 'rejected'}`;
  }

  const { saved, decision } = await deps.db.transaction(async (tx) => {
    let decision: BotDecision | undefined;
    if (outcome) {
      [decision] = await tx.insert(botDecisions).values({
        botId: bot.id,
        barT: new Date(candle.t),
        signal: outcome.signal,
        reason: outcome.reason,
        orderId: outcome.orderId ?? null,
        error: outcome.error ?? null,
      }).returning();
    }
    const [saved] = await tx
      .update(bots)
      .set({ state, ledger: writeLedger(ledger), lastBarT: new Date(candle.t), rejectionsInRow, status, statusReason })
      // Only while this bot still runs: a pause or stop that landed meanwhile wins.
      .where(and(eq(bots.id, bot.id), eq(bots.status, 'running')))
      .returning();
    if (saved) return { saved, decision };
    // Paused or stopped meanwhile: report the bot as it is now, so the runner stops stepping it.
    const [now] = await tx.select().from(bots).where(eq(bots.id, bot.id));
    return { saved: now ?? { ...bot, status: 'stopped' as const }, decision };
  });
  if (decision || saved.status !== bot.status) await announceBot(deps.bus, { bot: toBotView(saved), decision: decision ? toDecisionView(decision) : null });
  return saved;
}

const PAPER_COSTS = { feeBps: FEE_BPS, slippageBps: SLIPPAGE_BPS };

async function execute(deps: TradingDeps, bot: Bot, ledger: Ledger, target: Target, candle: StrategyCandle, qtyPrecision: number) {
  const signal = target.kind === 'buy' ? `buy ${target.quote}` : target.kind;
  const skip = (error: string, extra: Partial<Outcome> = {}) => ({ ledger, outcome: { signal, reason: target.reason, error, ...extra } });

  const tick = await getLatestTick(deps.cache, bot.symbol);
  if (!tick) return skip('No live price for the symbol', { rejected: true });
  const price = new Money(tick.price);
  const limits = bot.limits;

  // The daily loss limit, against equity marked at the latest price.
  const equity = ledger.cash.plus(ledger.qty.mul(price));
  const day = new Date(deps.clock()).toISOString().slice(0, 10);
  if (ledger.dayStart?.day !== day) ledger = { ...ledger, dayStart: { day, equity: equity.toFixed() } };
  if (target.kind !== 'flat' && limits.maxDailyLoss && new Money(ledger.dayStart!.equity).minus(equity).greaterThanOrEqualTo(limits.maxDailyLoss)) {
    return skip('Bot limit: daily loss reached', { pause: `Paused: the daily loss limit (${limits.maxDailyLoss}) was reached` });
  }
  if (limits.maxOrdersPerHour) {
    const [recent] = await deps.db
      .select({ n: count() })
      .from(botDecisions)
      .where(and(eq(botDecisions.botId, bot.id), isNotNull(botDecisions.orderId), gte(botDecisions.createdAt, new Date(deps.clock() - 3_600_000))));
    if ((recent?.n ?? 0) >= limits.maxOrdersPerHour) return skip(`Bot limit: ${limits.maxOrdersPerHour} orders per hour`);
  }

  let side: 'buy' | 'sell';
  let qty: Money;
  if (target.kind === 'flat') {
    side = 'sell';
    qty = ledger.qty;
  } else {
    side = 'buy';
    let budget = target.kind === 'long' ? ledger.cash : Money.min(ledger.cash, new Money(target.quote));
    if (limits.maxPositionNotional) {
      const room = new Money(limits.maxPositionNotional).minus(ledger.qty.mul(price));
      budget = Money.min(budget, Money.max(room, 0));
    }
    const fill = buyWithin(budget, price, { ...PAPER_COSTS, qtyPrecision });
    if (!fill) return skip('Not enough bot cash (or position room) for one quantity step');
    qty = fill.qty;
  }

  try {
    const order = await placeOrder(deps, bot.ownerId, {
      symbol: bot.symbol,
      side,
      type: 'market',
      qty: qty.toFixed(),
      timeInForce: 'ioc',
      clientOrderId: `bot-${bot.id}-${candle.t}`,
    });
    const filled = new Money(order.filledQty);
    if (!filled.isZero()) {
      const [fees] = await deps.db.select({ fee: sum(fills.fee) }).from(fills).where(eq(fills.orderId, order.id));
      ledger = applyFill(ledger, side, filled, new Money(order.avgFillPrice!), new Money(fees?.fee ?? '0'));
    }
    return { ledger, outcome: { signal, reason: target.reason, orderId: order.id } };
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'INTERNAL' || error.code === 'SERVICE_UNAVAILABLE') throw error;
    const orderId = typeof error.details?.orderId === 'string' ? error.details.orderId : undefined;
    return { ledger, outcome: { signal, reason: target.reason, orderId, error: error.message, rejected: true } };
  }
}
