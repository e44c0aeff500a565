import { createEdgeContext } from '@/server/api/context-edge';
import { edgeRouter } from '@/server/api/edge-root';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import { consoleLog } from '@/server/infra/log';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

const handler = createTrpcEndpoint({
  endpoint: '/api/trpc/edge',
  router: edgeRouter,
  runtime: 'edge',
  createContext: createEdgeContext,
  // pino does not run on the edge: the same JSON lines, on the console.
  onInternalError: (error, info) => consoleLog.error({ err: error, ...info }, 'tRPC edge internal error'),
});

export { handler as GET, handler as POST };
