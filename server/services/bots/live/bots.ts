import { and, desc, eq, sql } from 'drizzle-orm';
import type { BotSpec, BotView } from '@/contracts/bots';
import { assets, botDecisions, bots, type Bot, type BotLimits } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate } from '@/server/services/pagination/paginate';
import { Money } from '@/server/services/trading/money';
import { announceBot, toDecisionView } from './bot-events';
import { assertWithinPlan } from '@/server/services/plans/within-plan';
import { openingLedger } from './ledger';

export function toBotView(b: Bot): BotView {
  const l = b.ledger;
  return {
    id: b.id,
    name: b.name,
    strategy: b.strategy,
    params: b.params,
    symbol: b.symbol,
    interval: b.interval,
    budget: b.budget,
    limits: b.limits,
    status: b.status,
    statusReason: b.statusReason,
    cash: l.cash,
    qty: l.qty,
    realizedPnl: new Money(l.cash).plus(l.entryNotional).plus(l.entryFees).minus(b.budget).toFixed(),
    lastBarT: b.lastBarT?.getTime() ?? null,
    createdAt: b.createdAt.toISOString(),
  };
}

/** Creates a stopped bot within the plan's bot quota. */
export async function createBot(db: Db, ownerId: string, spec: BotSpec): Promise<BotView> {
  const [asset] = await db.select({ symbol: assets.symbol }).from(assets).where(eq(assets.symbol, spec.symbol));
  if (!asset) {
    throw new AppError('BAD_REQUEST', `Unknown asset ${spec.symbol}`, {
      reason: 'UNKNOWN_SYMBOL',
      details: { fieldErrors: { symbol: [`No asset ${spec.symbol} in the catalogue`] } },
    });
  }
  const row = await db.transaction(async (tx) => {
    await assertWithinPlan(tx, ownerId, 'bots');
    const [created] = await tx
      .insert(bots)
      .values({
        ownerId,
        name: spec.name,
        strategy: spec.strategy,
        params: spec.params as Record<string, unknown>,
        symbol: spec.symbol,
        interval: spec.interval,
        budget: spec.budget,
        limits: spec.limits as BotLimits,
        ledger: openingLedger(spec.budget),
      })
      .returning();
    return created!;
  });
  return toBotView(row);
}

/** The owner's bot row; NOT_FOUND for anyone else, exactly as for a missing id. */
export async function ownBot(db: Db, ownerId: string, id: string): Promise<Bot> {
  const [row] = await db.select().from(bots).where(and(eq(bots.id, id), eq(bots.ownerId, ownerId)));
  if (!row) throw new AppError('NOT_FOUND', 'Bot not found');
  return row;
}

/** Newest first; (created_at, id) breaks ties. */
const BOTS_NEWEST: ListOrder = { list: 'bots', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] };
const DECISIONS_NEWEST: ListOrder = { list: 'bot-decisions', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] };

export async function listBots(db: Db, ownerId: string, opts: { limit: number; cursor?: string | null; symbol?: string }) {
  const page = await paginate(
    opts,
    BOTS_NEWEST,
    (after, take) =>
      db
        .select({ bot: bots, key: sql<string>`${bots.createdAt}::text` })
        .from(bots)
        .where(
          and(
            eq(bots.ownerId, ownerId),
            opts.symbol ? eq(bots.symbol, opts.symbol) : undefined,
            after ? sql`(${bots.createdAt}, ${bots.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(bots.createdAt), desc(bots.id))
        .limit(take),
    (row) => [row.key, row.bot.id],
  );
  return mapPage(page, (row) => toBotView(row.bot));
}

export async function updateBot(db: Db, ownerId: string, id: string, patch: { name?: string; limits?: BotLimits }): Promise<BotView> {
  await ownBot(db, ownerId, id);
  const [row] = await db.update(bots).set(patch).where(and(eq(bots.id, id), eq(bots.ownerId, ownerId))).returning();
  return toBotView(row!);
}

export async function deleteBot(db: Db, ownerId: string, id: string): Promise<{ id: string }> {
  const bot = await ownBot(db, ownerId, id);
  if (bot.status === 'running') throw new AppError('CONFLICT', 'Stop or pause the bot before deleting it', { reason: 'BOT_RUNNING' });
  await db.delete(bots).where(and(eq(bots.id, id), eq(bots.ownerId, ownerId)));
  return { id };
}

/**
 * start: runs from the next close (a stopped bot first warms its strategy on history).
 * pause: no decisions until started again; closes missed meanwhile only advance the strategy.
 * stop: ends the run and forgets the strategy's state; the bot's position stays (the next start sees it).
 */
export async function setBotStatus(db: Db, ownerId: string, id: string, action: 'start' | 'pause' | 'stop', bus?: Bus): Promise<BotView> {
  const bot = await ownBot(db, ownerId, id);
  const patch =
    action === 'start'
      ? { status: 'running' as const, statusReason: null, rejectionsInRow: 0 }
      : action === 'pause'
        ? { status: 'paused' as const, statusReason: 'Paused by its owner' }
        : { status: 'stopped' as const, statusReason: null, state: null, lastBarT: null };
  if (action === 'pause' && bot.status !== 'running') throw new AppError('CONFLICT', `The bot is ${bot.status}`, { reason: 'BOT_NOT_RUNNING' });
  const [row] = await db
    .update(bots)
    .set({ ...patch, lockedBy: null, lockedUntil: null })
    .where(and(eq(bots.id, id), eq(bots.ownerId, ownerId)))
    .returning();
  const view = toBotView(row!);
  await announceBot(bus, { bot: view, decision: null });
  return view;
}

export async function listBotDecisions(db: Db, ownerId: string, opts: { id: string; limit: number; cursor?: string | null }) {
  await ownBot(db, ownerId, opts.id);
  const page = await paginate(
    opts,
    DECISIONS_NEWEST,
    (after, take) =>
      db
        .select({ d: botDecisions, key: sql<string>`${botDecisions.createdAt}::text` })
        .from(botDecisions)
        .where(
          and(
            eq(botDecisions.botId, opts.id),
            after ? sql`(${botDecisions.createdAt}, ${botDecisions.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(botDecisions.createdAt), desc(botDecisions.id))
        .limit(take),
    (row) => [row.key, row.d.id],
  );
  return mapPage(page, ({ d }) => toDecisionView(d));
}
