import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { isDependencyFailure } from '@/server/dependency-errors';
import { toAppError } from '@/server/errors';

/**
 * Auth.js swallows what its jwt callback throws and answers "no session" — for us a 401 that makes clients
 * discard a good cookie, and on its own session route a cleared cookie. So the callback notes a dependency
 * failure (revocation store or database down) here, and the reader that started the session read turns it
 * into a 503: the session could not be checked, try again.
 */
const reads = new AsyncLocalStorage<{ failure?: unknown }>();

/** From the jwt callback: remembers why the session check failed, when a dependency is to blame. */
export function noteSessionCheckFailure(error: unknown): void {
  const read = reads.getStore();
  if (read && read.failure === undefined && isDependencyFailure(error)) read.failure = error;
}

/** Runs an Auth.js session read; throws the dependency failure that stopped its check, if one did. */
export async function checkingSession<T>(read: () => Promise<T>): Promise<T> {
  const store: { failure?: unknown } = {};
  const result = await reads.run(store, read);
  if (store.failure !== undefined) throw store.failure;
  return result;
}

/**
 * An Auth.js route handler whose session check may meet an outage: answered 503 with Retry-After in the
 * REST error shape instead of Auth.js's answer (which would clear the session cookie).
 */
export function answeringOutages<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await checkingSession(() => handler(...args));
    } catch (error) {
      const known = toAppError(error);
      if (!known || known.code !== 'SERVICE_UNAVAILABLE') throw error;
      const headers = { 'cache-control': 'no-store', 'retry-after': String(known.retryAfterSeconds ?? 5) };
      const body = { error: { code: known.code, message: known.message, details: { reason: known.reason, ...known.details } } };
      return Response.json(body, { status: 503, headers });
    }
  };
}
