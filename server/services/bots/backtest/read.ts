import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { BacktestView } from '@/contracts/bots';
import { backtests, jobs, type Backtest, type Job } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate } from '@/server/services/pagination/paginate';

type JobState = Pick<Job, 'status' | 'processed' | 'total' | 'lastError'>;
type BacktestSummaryRow = Omit<Backtest, 'equity' | 'trades' | 'sweepResults'>;
export type BacktestSummary = Omit<BacktestView, 'equity' | 'trades' | 'sweep'>;

/** What a list shows: the request, status, progress and metrics (no curve, trades or sweep table). */
export function toBacktestSummary(bt: BacktestSummaryRow, job: JobState): BacktestSummary {
  return {
    id: bt.id,
    jobId: bt.jobId,
    kind: bt.kind,
    status: job.status,
    progress: job.status === 'succeeded' ? 1 : job.total ? Math.min(1, job.processed / job.total) : 0,
    error: job.status === 'failed' ? job.lastError : null,
    strategy: bt.strategy,
    params: bt.params,
    symbol: bt.symbol,
    interval: bt.interval,
    from: bt.from.toISOString(),
    to: bt.to.toISOString(),
    initialCash: bt.initialCash,
    feeBps: bt.feeBps,
    slippageBps: bt.slippageBps,
    bars: bt.bars,
    metrics: bt.metrics,
    createdAt: bt.createdAt.toISOString(),
  };
}

export function toBacktestView(bt: Backtest, job: JobState): BacktestView {
  return {
    ...toBacktestSummary(bt, job),
    equity: bt.equity,
    trades: bt.trades,
    sweep: bt.kind === 'sweep' && bt.sweepResults ? { rankBy: bt.rankBy ?? 'sharpe', results: bt.sweepResults } : null,
  };
}

/** Every column but the large ones. */
function summaryColumns() {
  const columns: Partial<ReturnType<typeof getTableColumns<typeof backtests>>> = { ...getTableColumns(backtests) };
  delete columns.equity;
  delete columns.trades;
  delete columns.sweepResults;
  return columns as Omit<ReturnType<typeof getTableColumns<typeof backtests>>, 'equity' | 'trades' | 'sweepResults'>;
}

const jobFields = { status: jobs.status, processed: jobs.processed, total: jobs.total, lastError: jobs.lastError };

/** The owner's backtest with its job's status and progress; NOT_FOUND for anyone else, as for a missing id. */
export async function getBacktest(db: Db, ownerId: string, id: string): Promise<BacktestView> {
  const [row] = await db
    .select({ bt: backtests, job: jobFields })
    .from(backtests)
    .innerJoin(jobs, eq(jobs.id, backtests.jobId))
    .where(and(eq(backtests.id, id), eq(backtests.ownerId, ownerId)));
  if (!row) throw new AppError('NOT_FOUND', 'Backtest not found');
  return toBacktestView(row.bt, row.job);
}

/** Newest first; (created_at, id) breaks ties. */
const NEWEST_FIRST: ListOrder = { list: 'backtests', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] };

/** The owner's backtests, newest first, without the equity curves and trades (read one for those). */
export async function listBacktests(db: Db, ownerId: string, opts: { limit: number; cursor?: string | null }) {
  const page = await paginate(
    opts,
    NEWEST_FIRST,
    (after, take) =>
      db
        .select({ bt: summaryColumns(), job: jobFields, key: sql<string>`${backtests.createdAt}::text` })
        .from(backtests)
        .innerJoin(jobs, eq(jobs.id, backtests.jobId))
        .where(
          and(
            eq(backtests.ownerId, ownerId),
            after ? sql`(${backtests.createdAt}, ${backtests.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(backtests.createdAt), desc(backtests.id))
        .limit(take),
    (row) => [row.key, row.bt.id],
  );
  return mapPage(page, (r) => toBacktestSummary(r.bt, r.job));
}
