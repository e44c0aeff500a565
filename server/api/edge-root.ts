import { createTRPCRouter } from './trpc';
import { forecastRouter } from './routers/forecast';
import { marketRouter } from './routers/market';
import { streamRouter } from './routers/stream';
import { tokensRouter } from './routers/tokens';

/** What the edge endpoint serves: public routers only, fetch-only imports. */
export const edgeRouter = createTRPCRouter({
  market: marketRouter,
  forecast: forecastRouter,
  stream: streamRouter,
  tokens: tokensRouter,
});
