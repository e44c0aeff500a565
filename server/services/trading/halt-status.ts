import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { haltStatusSchema } from '@/contracts/market';
import { symbolHalts } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';

export type HaltStatus = z.infer<typeof haltStatusSchema>;

/** Whether `symbol` is halted now, and why: public, so the asset page can say so before anyone trades. */
export async function getHaltStatus(db: Db, symbol: string, now: number): Promise<HaltStatus> {
  const [halt] = await db
    .select()
    .from(symbolHalts)
    .where(and(eq(symbolHalts.symbol, symbol), or(isNull(symbolHalts.until), gt(symbolHalts.until, new Date(now)))));
  if (!halt) return { symbol, halted: false, source: null, reason: null, until: null };
  return { symbol, halted: true, source: halt.source, reason: halt.reason, until: halt.until };
}
