import 'server-only';
import { accountRouter } from './routers/account';
import { accountStreamRouter } from './routers/account-stream';
import { adminRouter } from './routers/admin';
import { alertsRouter } from './routers/alerts';
import { authRouter } from './routers/auth';
import { backtestsRouter } from './routers/backtests';
import { botsRouter } from './routers/bots';
import { forecastRouter } from './routers/forecast';
import { keysRouter } from './routers/keys';
import { jobsRouter } from './routers/jobs';
import { marketRouter } from './routers/market';
import { securityRouter } from './routers/security';
import { notificationStreamRouter } from './routers/notification-stream';
import { notificationsRouter } from './routers/notifications';
import { tasksRouter } from './routers/tasks';
import { tokensRouter } from './routers/tokens';
import { tradingRouter } from './routers/trading';
import { streamRouter } from './routers/stream';
import { watchlistRouter } from './routers/watchlist';
import { webhooksRouter } from './routers/webhooks';
import { createCallerFactory, createTRPCRouter, mergeRouters } from './trpc';

/** Every procedure. The Node endpoint serves all of it; the edge endpoint the public subset (edge-root.ts). */
export const appRouter = createTRPCRouter({
  market: marketRouter,
  forecast: forecastRouter,
  tokens: tokensRouter,
  auth: authRouter,
  security: securityRouter,
  admin: adminRouter,
  keys: keysRouter,
  tasks: tasksRouter,
  jobs: jobsRouter,
  backtests: backtestsRouter,
  bots: botsRouter,
  account: accountRouter,
  trading: tradingRouter,
  watchlist: watchlistRouter,
  notifications: notificationsRouter,
  alerts: alertsRouter,
  webhooks: webhooksRouter,
  // Live prices (public), the signed-in user's order/fill events and new notifications.
  stream: mergeRouters(streamRouter, accountStreamRouter, notificationStreamRouter),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
