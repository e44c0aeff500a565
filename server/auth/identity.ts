import 'server-only';
import type { Infra } from '@/server/infra/infra';
import type { Session } from 'next-auth';
import { bearerFrom, resolveBearer } from './bearer';
import type { Identity } from './credential';
import { auth } from './index';
import { checkingSession } from './session-check';

const ANONYMOUS: Identity = { user: null, session: null };

/**
 * Who is calling: a bearer credential (API key or access token) when one is sent, else the Auth.js session
 * cookie. Every path refuses revoked credentials and disabled accounts. When that cannot be checked (the
 * revocation store or the database is down) it throws the dependency failure — a 503, try again — rather
 * than answering anonymous (a 401 makes clients discard good credentials).
 */
export async function resolveIdentity(infra: Pick<Infra, 'db' | 'cache'>, headers: Headers): Promise<Identity> {
  const token = bearerFrom(headers);
  if (token) return (await resolveBearer(infra, token)) ?? ANONYMOUS;
  // No session cookie: anonymous, without the cost of Auth.js (public reads are the hottest path).
  if (!/(?:^|;\s*)(?:__Secure-)?authjs\.session-token/.test(headers.get('cookie') ?? '')) return ANONYMOUS;
  // auth() runs the jwt callback, which already refuses revoked sessions and disabled users.
  const session = await checkingSession(() => sessionFrom({ req: { headers }, res: { headers: new Headers() } }));
  if (!session?.user?.id || !session.sid) return ANONYMOUS;
  return { user: session.user, session: { sid: session.sid, via: 'cookie', scopes: null } };
}

/**
 * Auth.js's API-route form, `auth({ req, res })`: the session from these request headers rather than from
 * Next's request scope, which the Pages Router stream door does not have (`auth()` with no arguments
 * throws there). A refreshed session cookie is dropped, as `auth()` drops it in server components.
 */
const sessionFrom = auth as unknown as (ctx: { req: { headers: Headers }; res: { headers: Headers } }) => Promise<Session | null>;
