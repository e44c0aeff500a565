import { createNodeContext } from '@/server/api/context';
import { appRouter } from '@/server/api/root';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import { logger } from '@/server/logger';
import { recordRequest } from '@/server/observability/metrics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = createTrpcEndpoint({
  endpoint: '/api/trpc/node',
  router: appRouter,
  runtime: 'nodejs',
  createContext: createNodeContext,
  onInternalError: (error, info) => logger.error({ err: error, ...info }, 'tRPC internal error'),
  onFinished: ({ path, ...rest }) => recordRequest({ route: `/api/trpc/node/${path}`, ...rest }),
});

export { handler as GET, handler as POST };
