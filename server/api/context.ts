import 'server-only';
import { clientIpFrom } from '@/server/auth/client-ip';
import { resolveIdentity } from '@/server/auth/identity';
import { requestIdFrom } from '@/server/http/request-id';
import { getInfra } from '@/server/infra';
import type { Context } from './trpc';

/** Context for the Node endpoint and the server-side caller: the process's infra and who is calling. */
export async function createNodeContext(headers: Headers, resHeaders: Headers = new Headers()): Promise<Context> {
  const infra = await getInfra();
  const identity = await resolveIdentity(infra, headers);
  return {
    requestId: requestIdFrom(headers),
    runtime: 'nodejs',
    db: infra.db,
    cache: infra.cache,
    bus: infra.bus,
    ratelimit: infra.ratelimit,
    clock: infra.clock,
    ...identity,
    clientIp: clientIpFrom(headers),
    userAgent: headers.get('user-agent'),
    resHeaders,
  };
}
