import { z } from 'zod';
import { createNodeContext } from '@/server/api/context';
import { symbolSchema } from '@/server/api/routers/market.schema';
import { AppError } from '@/server/errors';
import { restErrorResponse } from '@/server/rest/errors';
import { requestIdFrom } from '@/server/http/request-id';
import { isEventId } from '@/server/infra/bus/types';
import { logger } from '@/server/logger';
import { getPriceHub } from '@/server/services/market/price-hub';
import { openPriceEventStream, streamIdentity } from '@/server/services/market/price-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const query = z.object({
  symbols: z.array(symbolSchema).max(100).optional(),
  lastEventId: z.string().refine(isEventId, 'Not an event id').optional(),
});

/**
 * `GET /api/v1/stream/prices?symbols=BTC,ETH` — live prices for any EventSource client. Resumes from the
 * `Last-Event-ID` header (or `?lastEventId=` for clients that cannot set headers).
 */
export async function GET(req: Request): Promise<Response> {
  const requestId = requestIdFrom(req.headers);
  try {
    const url = new URL(req.url);
    const parsed = query.safeParse({
      symbols: url.searchParams.get('symbols')?.split(',').filter(Boolean),
      lastEventId: req.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined,
    });
    if (!parsed.success) {
      throw new AppError('BAD_REQUEST', 'Invalid query', { details: z.flattenError(parsed.error) });
    }
    const ctx = await createNodeContext(req.headers);
    const body = await openPriceEventStream(
      getPriceHub(ctx.bus),
      {
        db: ctx.db,
        cache: ctx.cache,
        ratelimit: ctx.ratelimit,
        identity: streamIdentity(ctx.user, ctx.clientIp),
        symbols: parsed.data.symbols,
        lastEventId: parsed.data.lastEventId,
      },
      req.signal,
    );
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        // no-transform keeps compression (which would buffer the stream) off.
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': requestId,
      },
    });
  } catch (error) {
    if (!(error instanceof AppError)) logger.error({ err: error, requestId }, 'price stream failed');
    return restErrorResponse(error, requestId);
  }
}
