import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { notificationStreamInput } from '@/contracts/notifications';
import { createNodeContext } from '@/server/api/context';
import { createCaller } from '@/server/api/root';
import { AppError } from '@/server/errors';
import { requestIdFrom } from '@/server/http/request-id';
import { logger } from '@/server/logger';
import { restErrorParts } from '@/server/rest/errors';

/**
 * `GET /api/v1/stream/notifications` — the caller's new notifications as SSE (`event: notification`, ids,
 * resume from `Last-Event-ID` or `?lastEventId=`). Owner only: the stream is `stream.notifications` of the
 * signed-in caller (bearer token, API key or session), so nobody can name another user's. A Pages route
 * like the price door, so each frame is one write to Node's response.
 */
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

/** Comment lines keep idle connections open through proxies that close silent ones. */
const HEARTBEAT_MS = 15_000;

export default async function notifications(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const requestId = requestIdFrom(headers);
  try {
    if (req.method !== 'GET') throw new AppError('METHOD_NOT_SUPPORTED', 'Use GET');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parsed = notificationStreamInput.safeParse({ lastEventId: headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined });
    if (!parsed.success) throw new AppError('BAD_REQUEST', 'Invalid query', { details: z.flattenError(parsed.error) });
    const ctx = await createNodeContext(headers);
    if (!ctx.user) throw new AppError('UNAUTHORIZED', 'Sign in or send a bearer token');
    const events = (await createCaller(ctx).stream.notifications(parsed.data))[Symbol.asyncIterator]();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': requestId,
    });
    // How soon EventSource reconnects if the stream drops (it resumes from Last-Event-ID).
    res.write('retry: 1000\n: connected\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      void events.return?.();
    });
    for (let next = await events.next(); !next.done && !res.writableEnded; next = await events.next()) {
      // A server-side caller yields tracked events as [id, data].
      const [id, event] = next.value as unknown as [string, { type: string }];
      res.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
  } catch (error) {
    if (res.headersSent) {
      res.end();
      return;
    }
    const { status, headers: errorHeaders, body } = restErrorParts(error, requestId);
    // A bus or session store down is a 503 with Retry-After (counted and logged once per incident elsewhere).
    if (status === 500) logger.error({ err: error, requestId }, 'notification stream failed');
    res.writeHead(status, { 'content-type': 'application/json', ...errorHeaders });
    res.end(JSON.stringify(body));
  }
}
