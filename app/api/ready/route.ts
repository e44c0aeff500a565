import { DEFAULT_RETRY_AFTER_S } from '@/server/dependency-errors';
import { getInfra } from '@/server/infra';
import { checkReadiness } from '@/server/services/ops/readiness';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Readiness: db and cache round trips with latencies; 503 (with Retry-After, as every 503) when one fails. */
export async function GET() {
  const headers = { 'cache-control': 'no-store' };
  const unavailableHeaders = { ...headers, 'retry-after': String(DEFAULT_RETRY_AFTER_S) };
  try {
    const { ok, checks } = await checkReadiness(await getInfra());
    return Response.json({ status: ok ? 'ready' : 'unavailable', checks }, { status: ok ? 200 : 503, headers: ok ? headers : unavailableHeaders });
  } catch (error) {
    return Response.json(
      { status: 'unavailable', error: { code: 'SERVICE_UNAVAILABLE', message: (error as Error).message } },
      { status: 503, headers: unavailableHeaders },
    );
  }
}
