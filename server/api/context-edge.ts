import { clientIpFrom } from '@/server/auth/client-ip';
import { requestIdFrom } from '@/server/http/request-id';
import { systemClock } from '@/server/infra/clock';
import { getEdgeInfra } from '@/server/infra/edge';
import type { Context } from './trpc';

/** Context for the edge endpoint: public routers only, so no session lookup. */
export function createEdgeContext(headers: Headers, resHeaders: Headers): Context {
  return {
    requestId: requestIdFrom(headers),
    runtime: 'edge',
    ...getEdgeInfra(),
    clock: systemClock,
    user: null,
    session: null,
    clientIp: clientIpFrom(headers),
    resHeaders,
  };
}
