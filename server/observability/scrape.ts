import 'server-only';
import { count } from 'drizzle-orm';
import { jobs } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { getPriceHub } from '@/server/services/market/price-hub';
import { getTokenHub } from '@/server/services/tokens/token-stream';
import { getMetrics } from './metrics';

/** Figures read at scrape time rather than counted as they happen: open streams, jobs by status. */
export async function refreshScrapeGauges(infra: Pick<Infra, 'db' | 'bus'>): Promise<void> {
  const m = getMetrics();
  m.sseConnections.set({ stream: 'prices' }, getPriceHub(infra.bus).connections);
  m.sseConnections.set({ stream: 'tokens' }, getTokenHub(infra.bus).connections);
  const rows = await infra.db.select({ kind: jobs.kind, status: jobs.status, n: count() }).from(jobs).groupBy(jobs.kind, jobs.status);
  m.jobs.reset();
  for (const r of rows) m.jobs.set({ kind: r.kind, status: r.status }, r.n);
}
