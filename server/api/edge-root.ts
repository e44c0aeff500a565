import { createTRPCRouter } from './trpc';
import { marketRouter } from './routers/market';
import { streamRouter } from './routers/stream';

/** What the edge endpoint serves: public routers only, fetch-only imports. */
export const edgeRouter = createTRPCRouter({
  market: marketRouter,
  stream: streamRouter,
});
