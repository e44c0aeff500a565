import { createCaller } from '@/server/api/root';
import type { Context, SessionUser } from '@/server/api/trpc';
import { bearerFrom, resolveBearer } from '@/server/auth/bearer';
import type { Infra } from '@/server/infra/infra';

/** The context the Node endpoint would build for an anonymous caller, on `infra`; pass `resHeaders` to read them. */
export function testContext(infra: Infra, opts: { ip?: string; resHeaders?: Headers } = {}): Context {
  return {
    requestId: `test-${crypto.randomUUID()}`,
    runtime: 'nodejs',
    db: infra.db,
    cache: infra.cache,
    bus: infra.bus,
    ratelimit: infra.ratelimit,
    clock: infra.clock,
    user: null,
    session: null,
    clientIp: opts.ip ?? '203.0.113.1',
    resHeaders: opts.resHeaders ?? new Headers(),
  };
}

/** The `createContext` the REST handler gets from the Node route, on `infra` (bearer credentials only). */
export function restContext(infra: Infra, opts: { ip?: string } = {}) {
  return async (headers: Headers, resHeaders: Headers): Promise<Context> => {
    const token = bearerFrom(headers);
    const identity = token ? await resolveBearer(infra, token) : null;
    return { ...testContext(infra, { ip: opts.ip, resHeaders }), ...identity };
  };
}

/** An anonymous caller whose response headers (cache control, rate limits) the test can read. */
export function callerWithHeaders(infra: Infra) {
  const resHeaders = new Headers();
  return { caller: createCaller(testContext(infra, { resHeaders })), resHeaders };
}

/** A tRPC caller acting as `user` (or anonymous) without going through a token. */
export function callerFor(infra: Infra, user: SessionUser | null = null, opts: { ip?: string } = {}) {
  const ctx = testContext(infra, opts);
  return createCaller(user ? { ...ctx, user, session: { sid: crypto.randomUUID(), via: 'bearer', scopes: null } } : ctx);
}

/**
 * A caller that resolves identity per call from an access token or API key, as the HTTP endpoint does — so a
 * revoked token or a disabled user is refused on the very next call.
 */
export function callerWithToken(infra: Infra, token: string, opts: { ip?: string } = {}) {
  const proxy = (path: string[]): unknown =>
    new Proxy(() => {}, {
      get: (_t, key: string) => proxy([...path, key]),
      apply: async (_t, _this, args: unknown[]) => {
        const resolved = await resolveBearer(infra, token);
        const ctx = testContext(infra, opts);
        const caller = createCaller(resolved ? { ...ctx, ...resolved } : ctx) as unknown as Record<string, unknown>;
        const fn = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    });
  return proxy([]) as ReturnType<typeof createCaller>;
}
