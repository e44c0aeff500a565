import { timingSafeEqual } from 'node:crypto';
import { bearerFrom } from '@/server/auth/bearer';
import { env } from '@/server/env';
import { getInfra } from '@/server/infra';
import { logger } from '@/server/logger';
import { runMaintenance } from '@/server/services/maintenance';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
/** Seconds Vercel lets this function run (a pass normally takes well under one). */
export const maxDuration = 60;

function authorized(req: Request): boolean {
  const given = Buffer.from(bearerFrom(req.headers) ?? '');
  const secret = Buffer.from(env.CRON_SECRET ?? '');
  return secret.length > 0 && given.length === secret.length && timingSafeEqual(given, secret);
}

/** Vercel Cron (vercel.json) calls this with `Authorization: Bearer $CRON_SECRET`; see runMaintenance. */
export async function GET(req: Request) {
  if (!authorized(req)) {
    const message = env.CRON_SECRET ? 'Send Authorization: Bearer $CRON_SECRET' : 'CRON_SECRET is not set on this deployment';
    return Response.json({ error: { code: 'UNAUTHORIZED', message } }, { status: 401 });
  }
  const report = await runMaintenance(await getInfra());
  logger.info(report, 'maintenance pass');
  return Response.json(report, { headers: { 'cache-control': 'no-store' } });
}
