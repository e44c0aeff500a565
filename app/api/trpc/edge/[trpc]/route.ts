import { createEdgeContext } from '@/server/api/context-edge';
import { edgeRouter } from '@/server/api/edge-root';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

const handler = createTrpcEndpoint({
  endpoint: '/api/trpc/edge',
  router: edgeRouter,
  runtime: 'edge',
  createContext: createEdgeContext,
  onInternalError: (error, info) => console.error('tRPC edge internal error', info, error),
});

export { handler as GET, handler as POST };
