import { AppError } from '@/server/errors';

/** Largest request body any JSON endpoint accepts. Uploads (CSV import) have their own limit. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Reads the body up to `maxBytes` and returns a request carrying it, or null when it is larger. Checks the
 * declared Content-Length first, then the bytes actually sent (chunked bodies declare none). A body that
 * breaks off (the client went away mid-upload) is the client's error, BODY_INCOMPLETE, not the server's.
 */
export async function readBodyWithin(req: Request, maxBytes: number): Promise<Request | null> {
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) return req;
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((error: unknown) => {
      throw new AppError('BAD_REQUEST', 'The request body ended before it was complete', { reason: 'BODY_INCOMPLETE', cause: error });
    });
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}
