import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { tokenStreamInput } from '@/contracts/tokens';
import { createNodeContext } from '@/server/api/context';
import { AppError } from '@/server/errors';
import { lastEventIdOf, serveSse } from '@/server/http/sse-door';
import { streamIdentity } from '@/server/services/live/live-doors';
import { getTokenHub, streamTokensTo } from '@/server/services/tokens/token-stream';

/**
 * `GET /api/v1/stream/tokens` — the token aggregator live: a `snapshot` event with every token, then one
 * `tokens` event per refresh cycle with only the tokens that changed. Resumes from `Last-Event-ID` (or
 * `?lastEventId=`) while the id is in the bus's replay buffer, else starts over with a snapshot. A Pages
 * Router route for the same reason as the price stream (see prices.ts).
 */
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default function tokens(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveSse(req, res, 'token', async (request) => {
    const parsed = tokenStreamInput.safeParse({ lastEventId: lastEventIdOf(request) });
    if (!parsed.success) {
      throw new AppError('BAD_REQUEST', 'Invalid query', { details: z.flattenError(parsed.error) });
    }
    const ctx = await createNodeContext(request.headers);
    await streamTokensTo(
      getTokenHub(ctx.bus),
      { cache: ctx.cache, ratelimit: ctx.ratelimit, identity: streamIdentity(ctx.user, ctx.clientIp), lastEventId: parsed.data.lastEventId },
      res,
      request.sseHeaders,
    );
  });
}
