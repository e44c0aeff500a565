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
 * rate limit, unknown filter — answered as the REST error envelope with its status.
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
    if (!(error instanceof AppError)) logger.error({ err: error, requestId }, `${stream} stream failed`);
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

/** `Last-Event-ID` as the browser sends it, or `?lastEventId=` for clients that cannot set headers. */
export const lastEventIdOf = ({ headers, url }: SseRequest) =>
  headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined;
