import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { createNodeContext } from '@/server/api/context';
import { priceStreamInput } from '@/contracts/market';
import { AppError } from '@/server/errors';
import { lastEventIdOf, serveSse } from '@/server/http/sse-door';
import { streamIdentity } from '@/server/services/live/live-doors';
import { getPriceHub } from '@/server/services/market/price-hub';
import { streamPricesTo } from '@/server/services/market/price-stream';

/**
 * `GET /api/v1/stream/prices?symbols=BTC,ETH` — live prices for any EventSource client. Resumes from the
 * `Last-Event-ID` header (or `?lastEventId=` for clients that cannot set headers).
 *
 * A Pages Router API route, like the token stream beside it, and not in `app/`: it is handed Node's own
 * response, so each price frame is one `write` of shared bytes per client. An App Router handler returns a
 * web `ReadableStream` that Next.js pipes chunk by chunk, which costs several times more per client and
 * frame — the difference between holding a thousand live clients per core and holding five thousand.
 */
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default function prices(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveSse(req, res, 'price', async (request) => {
    const symbols = request.url.searchParams.get('symbols')?.split(',').filter(Boolean);
    const parsed = priceStreamInput.safeParse({ symbols: symbols?.length ? symbols : undefined, lastEventId: lastEventIdOf(request) });
    if (!parsed.success) {
      throw new AppError('BAD_REQUEST', 'Invalid query', { details: z.flattenError(parsed.error) });
    }
    const ctx = await createNodeContext(request.headers);
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
      request.sseHeaders,
    );
  });
}
