import { createTRPCRouter } from './trpc';
import { marketRouter } from './routers/market';
import { streamRouter } from './routers/stream';
import { tokensRouter } from './routers/tokens';

/** What the edge endpoint serves: public routers only, fetch-only imports. */
export const edgeRouter = createTRPCRouter({
  market: marketRouter,
  stream: streamRouter,
  tokens: tokensRouter,
});
