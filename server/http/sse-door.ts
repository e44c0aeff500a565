import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/server/errors';
import { logger } from '@/server/logger';
import { restErrorParts } from '@/server/rest/errors';
import { requestIdFrom } from './request-id';

export interface SseRequest {
  headers: Headers;
  url: URL;
  /** The response headers of a live stream (the request id included). */
  sseHeaders: Record<string, string>;
}

/**
 * The frame of an EventSource door on a Pages Router API route (Node's own response, see
 * pages/api/v1/stream/prices.ts): GET only, and any refusal `open` throws before streaming — bad query,
 * rate limit, unknown filter, the bus down (503 + Retry-After) — answered as the REST error envelope with
 * its status. Once open, a stream whose bus goes away stays open (heartbeats; the preamble's `retry:` paces
 * reconnects) and carries on when the bus is back.
 */
export async function serveSse(
  req: IncomingMessage,
  res: ServerResponse,
  stream: string,
  open: (request: SseRequest) => Promise<void>,
): Promise<void> {
  const headers = toHeaders(req);
  const requestId = requestIdFrom(headers);
  try {
    if (req.method !== 'GET') throw new AppError('METHOD_NOT_SUPPORTED', 'Use GET');
    await open({
      headers,
      url: new URL(req.url ?? '/', 'http://localhost'),
      sseHeaders: {
        'content-type': 'text/event-stream; charset=utf-8',
        // no-transform keeps compression (which would buffer the stream) off.
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': requestId,
      },
    });
  } catch (error) {
    // A dependency down (the bus, the database) is a 503 with Retry-After, logged once per incident elsewhere.
    const { status, headers: errorHeaders, body } = restErrorParts(error, requestId);
    if (status === 500) logger.error({ err: error, requestId }, `${stream} stream failed`);
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

/** `Last-Event-ID` as the browser sends it, or `?lastEventId=` for clients that cannot set headers. */
export const lastEventIdOf = ({ headers, url }: SseRequest) =>
  headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined;
