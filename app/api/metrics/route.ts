import { createNodeContext } from '@/server/api/context';
import { bearerFrom } from '@/server/auth/bearer';
import { env } from '@/server/env';
import { getInfra } from '@/server/infra';
import { getMetrics } from '@/server/observability/metrics';
import { refreshScrapeGauges } from '@/server/observability/scrape';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Prometheus text. Allowed for a signed-in admin, or with `Authorization: Bearer $METRICS_TOKEN`. */
export async function GET(req: Request) {
  const token = bearerFrom(req.headers);
  const byToken = Boolean(env.METRICS_TOKEN && token === env.METRICS_TOKEN);
  if (!byToken) {
    const { user } = await createNodeContext(req.headers);
    if (!user) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'Sign in as an admin or send the metrics token' } }, { status: 401 });
    if (user.role !== 'admin') return Response.json({ error: { code: 'FORBIDDEN', message: 'Admins only' } }, { status: 403 });
  }
  await refreshScrapeGauges(await getInfra());
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
