import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import type { Infra } from '@/server/infra/infra';
import { createTestInfra } from '../support/infra';

/** A body that sends one chunk and then breaks off, as when the client goes away mid-upload. */
function brokenBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"json":{"email":"a@b.co",'));
      controller.error(new TypeError('terminated'));
    },
  });
}

let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
});
afterEach(async () => infra.close());

describe('request bodies', () => {
  it('answers a body that breaks off with 400 BODY_INCOMPLETE in the tRPC envelope, not an internal error', async () => {
    const internal: unknown[] = [];
    const handle = createTrpcEndpoint({
      endpoint: '/api/trpc/node',
      router: appRouter,
      runtime: 'nodejs',
      createContext: (headers, resHeaders): Context => ({
        requestId: headers.get('x-request-id')!, runtime: 'nodejs', db: infra.db, cache: infra.cache, bus: infra.bus,
        ratelimit: infra.ratelimit, clock: infra.clock, user: null, session: null, clientIp: '203.0.113.5', resHeaders,
      }),
      onInternalError: (error) => internal.push(error),
    });
    const req = new Request('http://localhost/api/trpc/node/auth.register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: brokenBody(),
      duplex: 'half',
    } as RequestInit);
    const res = await handle(req);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
    expect(body.error.json.message).toBe('The request body ended before it was complete');
    expect(body.error.json.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, appCode: 'BAD_REQUEST', reason: 'BODY_INCOMPLETE' });
    expect(body.error.json.data.requestId).toBe(res.headers.get('x-request-id'));
    expect(internal).toEqual([]);
  });

});
