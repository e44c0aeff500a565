import { eq } from 'drizzle-orm';
import type { BacktestSpec, SweepSpec } from '@/contracts/bots';
import { assets, backtests } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { enqueueJob } from '@/server/services/jobs/enqueue';
import { assertBacktestWithinPlan } from '@/server/services/plans/within-plan';
import { announceJob, JOBS_QUEUED_TOPIC } from '@/server/services/jobs/topics';
import { BACKTEST_JOB_KIND, BACKTEST_PROGRESS_TOTAL } from './job-kind';

/**
 * Stores the request and queues its job in one transaction (so the job survives a restart and never runs
 * without its row); the job does the work. The symbol must be in the catalogue: an unknown one is a field
 * error, like any other bad input. The span and a sweep's size must fit the owner's plan.
 */
export async function startBacktest(
  db: Db,
  bus: Bus | undefined,
  ownerId: string,
  spec: (BacktestSpec & { kind: 'single' }) | (SweepSpec & { kind: 'sweep' }),
): Promise<{ id: string; jobId: string }> {
  const [asset] = await db.select({ symbol: assets.symbol }).from(assets).where(eq(assets.symbol, spec.symbol));
  if (!asset) {
    throw new AppError('BAD_REQUEST', `Unknown asset ${spec.symbol}`, {
      reason: 'UNKNOWN_SYMBOL',
      details: { fieldErrors: { symbol: [`No asset ${spec.symbol} in the catalogue`] } },
    });
  }
  await assertBacktestWithinPlan(db, ownerId, {
    from: spec.from,
    to: spec.to,
    combinations: spec.kind === 'sweep' ? spec.params.length : 1,
  });
  const row = await db.transaction(async (tx) => {
    const job = await enqueueJob(tx, { ownerId, kind: BACKTEST_JOB_KIND, total: BACKTEST_PROGRESS_TOTAL });
    const [bt] = await tx
      .insert(backtests)
      .values({
        ownerId,
        jobId: job.id,
        kind: spec.kind,
        strategy: spec.strategy,
        params: spec.params as Record<string, unknown> | Record<string, unknown>[],
        rankBy: spec.kind === 'sweep' ? spec.rankBy : null,
        symbol: spec.symbol,
        interval: spec.interval,
        from: spec.from,
        to: spec.to,
        initialCash: spec.initialCash,
        feeBps: spec.feeBps,
        slippageBps: spec.slippageBps,
      })
      .returning({ id: backtests.id, jobId: backtests.jobId });
    return bt!;
  });
  if (bus) await announceJob(bus, JOBS_QUEUED_TOPIC, { id: row.jobId });
  return row;
}
