import { eq, gt, isNull, ne, not, or } from 'drizzle-orm';
import { symbolHalts, type SymbolHalt } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { logger } from '@/server/logger';
import { recordAudit } from '@/server/services/audit/record';
import { loadTradableAsset } from './assets';
import type { TradingDeps } from './deps';

/** Engines follow halts here, so matching pauses everywhere the moment a symbol halts or resumes. */
export const HALT_TOPIC = 'trading.halts';

/** Best effort, after the commit: engines also re-read halts on a timer (`TradingEngine.resync`). */
async function announceHalt(deps: TradingDeps, event: HaltEvent): Promise<void> {
  try {
    await deps.bus.publish<HaltEvent>(HALT_TOPIC, event);
  } catch (error) {
    logger.warn({ err: error, symbol: event.symbol }, 'halt change not published');
  }
}

export interface HaltEvent {
  symbol: string;
  halted: boolean;
  /** Epoch ms when a timed halt lifts by itself; null for a manual halt (until resumed). */
  until: number | null;
}

const active = (now: number) => or(isNull(symbolHalts.until), gt(symbolHalts.until, new Date(now)));

export async function listActiveHalts(db: Db, now: number): Promise<SymbolHalt[]> {
  return db.select().from(symbolHalts).where(active(now)).orderBy(symbolHalts.symbol);
}

/** An admin halts a symbol: no new orders, resting orders keep resting but do not match. Audited. */
export async function haltSymbol(
  deps: TradingDeps,
  actorId: string,
  input: { symbol: string; reason: string; durationMinutes?: number },
): Promise<SymbolHalt> {
  const asset = await loadTradableAsset(deps.db, input.symbol);
  const now = deps.clock();
  const until = input.durationMinutes ? new Date(now + input.durationMinutes * 60_000) : null;
  const values = { source: 'manual' as const, reason: input.reason, haltedBy: actorId, haltedAt: new Date(now), until };
  const halt = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(symbolHalts)
      .values({ symbol: asset.symbol, ...values })
      .onConflictDoUpdate({ target: symbolHalts.symbol, set: values })
      .returning();
    await recordAudit(tx, { actorId, action: 'symbol.halt', targetType: 'asset', targetId: asset.symbol, details: { reason: input.reason, until } });
    return row!;
  });
  await announceHalt(deps, { symbol: asset.symbol, halted: true, until: until?.getTime() ?? null });
  return halt;
}

/** Lifts a halt (manual or circuit breaker). Audited. */
export async function resumeSymbol(deps: TradingDeps, actorId: string, symbol: string): Promise<{ symbol: string }> {
  await deps.db.transaction(async (tx) => {
    const removed = await tx.delete(symbolHalts).where(eq(symbolHalts.symbol, symbol)).returning();
    if (removed.length === 0) throw new AppError('NOT_FOUND', `${symbol} is not halted`);
    await recordAudit(tx, { actorId, action: 'symbol.resume', targetType: 'asset', targetId: symbol });
  });
  await announceHalt(deps, { symbol: symbol, halted: false, until: null });
  return { symbol: symbol };
}

/**
 * The volatility circuit breaker's halt: timed, so it lifts by itself. A manual halt already in force wins
 * (it has no end and an admin decides when it goes).
 */
export async function tripCircuitBreaker(
  deps: TradingDeps,
  input: { symbol: string; movePct: number; windowMs: number; haltMs: number },
): Promise<boolean> {
  const now = deps.clock();
  const until = new Date(now + input.haltMs);
  const reason = `moved ${input.movePct.toFixed(2)}% within ${Math.round(input.windowMs / 1000)} s (circuit breaker)`;
  const tripped = await deps.db.transaction(async (tx) => {
    const values = { source: 'circuit_breaker' as const, reason, haltedBy: null, haltedAt: new Date(now), until };
    // The condition sits on the upsert itself, so a manual halt committed while this one waits wins too.
    const written = await tx
      .insert(symbolHalts)
      .values({ symbol: input.symbol, ...values })
      .onConflictDoUpdate({ target: symbolHalts.symbol, set: values, setWhere: or(ne(symbolHalts.source, 'manual'), not(active(now)!)) })
      .returning({ symbol: symbolHalts.symbol });
    if (written.length === 0) return false;
    await recordAudit(tx, {
      actorId: null,
      action: 'symbol.circuit_breaker',
      targetType: 'asset',
      targetId: input.symbol,
      details: { movePct: input.movePct, until },
    });
    return true;
  });
  if (tripped) await announceHalt(deps, { symbol: input.symbol, halted: true, until: until.getTime() });
  return tripped;
}
