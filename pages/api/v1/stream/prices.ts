import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { createNodeContext } from '@/server/api/context';
import { priceStreamInput } from '@/contracts/market';
import { AppError } from '@/server/errors';
import { restErrorParts } from '@/server/rest/errors';
import { requestIdFrom } from '@/server/http/request-id';
import { logger } from '@/server/logger';
import { getPriceHub } from '@/server/services/market/price-hub';
import { streamIdentity, streamPricesTo } from '@/server/services/market/price-stream';

/**
 * `GET /api/v1/stream/prices?symbols=BTC,ETH` — live prices for any EventSource client. Resumes from the
 * `Last-Event-ID` header (or `?lastEventId=` for clients that cannot set headers).
 *
 * A Pages Router API route, the one route that is not in `app/`: it is handed Node's own response, so
 * each price frame is one `write` of shared bytes per client. An App Router handler returns a web
 * `ReadableStream` that Next.js pipes chunk by chunk, which costs several times more per client and
 * frame — the difference between holding a thousand live clients per core and holding five thousand.
 */
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default async function prices(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = toHeaders(req);
  const requestId = requestIdFrom(headers);
  try {
    if (req.method !== 'GET') throw new AppError('METHOD_NOT_SUPPORTED', 'Use GET');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const symbols = url.searchParams.get('symbols')?.split(',').filter(Boolean);
    const parsed = priceStreamInput.safeParse({
      symbols: symbols?.length ? symbols : undefined,
      lastEventId: headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined,
    });
    if (!parsed.success) {
      throw new AppError('BAD_REQUEST', 'Invalid query', { details: z.flattenError(parsed.error) });
    }
    const ctx = await createNodeContext(headers);
    await streamPricesTo(
      getPriceHub(ctx.bus),
      {
        db: ctx.db,
        cache: ctx.cache,
        ratelimit: ctx.ratelimit,
        identity: streamIdentity(ctx.user, ctx.clientIp),
        symbols: parsed.data.symbols,
        lastEventId: parsed.data.lastEventId,
      },
      res,
      {
        'content-type': 'text/event-stream; charset=utf-8',
        // no-transform keeps compression (which would buffer the stream) off.
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': requestId,
      },
    );
  } catch (error) {
    if (!(error instanceof AppError)) logger.error({ err: error, requestId }, 'price stream failed');
    const { status, headers: errorHeaders, body } = restErrorParts(error, requestId);
    res.writeHead(status, {
      'content-type': 'application/json',
      ...errorHeaders,
      ...(error instanceof AppError && error.code === 'METHOD_NOT_SUPPORTED' ? { allow: 'GET' } : {}),
    });
    res.end(JSON.stringify(body));
  }
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}
