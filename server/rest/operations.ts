import { z } from 'zod';
import * as bots from '@/contracts/bots';
import { tokenGetInput, tokenListInput, tokenListOutput, tokenSchema, tokenSourcesOutput } from '@/contracts/tokens';
import { userRole } from '@/db/schema';
import { auditListInput, haltInput } from '@/server/api/routers/admin.schema';
import { createKeyInput, revokeKeyInput } from '@/server/api/routers/keys.schema';
import { jobIdInput, listJobsInput } from '@/server/api/routers/jobs.schema';
import { assetInput, assetsInput, candlesInput, symbolSchema } from '@/server/api/routers/market.schema';
import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from '@/server/api/routers/tasks.schema';
import { listFillsInput, listOrdersInput } from '@/server/api/routers/trading/order-lists.schema';
import { placeOrderInput } from '@/server/api/routers/trading/place-order.schema';
import { IMPORT_LIMITS } from '@/server/services/tasks/import/start-import';
import { credentialsInput, registerInput } from '@/server/services/users/validation';
import { defineOperations } from './operation';
import { readUpload } from './upload';
import { forecastOperation } from './forecast-operation';

const userSchema = z.object({ id: z.uuid(), email: z.email(), name: z.string(), role: z.enum(userRole.enumValues) });
const adminUserPatch = z
  .object({ id: z.uuid(), role: z.enum(userRole.enumValues).optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { message: 'Give role, disabled, or both' });
const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

const auditEntrySchema = z.object({
  id: z.uuid(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  actor: z.object({ id: z.uuid(), email: z.string(), name: z.string() }).nullable(),
});
const count = z.number().int();
const platformStatsSchema = z.object({
  users: z.object({ total: count, admins: count, disabled: count }),
  orders: z.object({ today: count, open: count }),
  fills: z.object({ today: count }),
  tasks: z.object({ total: count, open: count }),
  jobs: z.object({ queued: count, running: count, succeeded: count, failed: count, canceled: count }),
  halts: z.object({ active: count, manual: count, circuitBreaker: count }),
  sseConnections: count,
  marketCache: z.object({ hits: count, misses: count, hitRatio: z.number().nullable() }),
  generatedAt: z.string(),
});

/** Every REST /api/v1 operation. Add a row here to expose a procedure over REST (and in OpenAPI). */
export const operations = defineOperations([
  {
    method: 'POST',
    path: '/auth/register',
    tag: 'auth',
    summary: 'Create an account',
    public: true,
    input: registerInput,
    status: 201,
    output: z.object({ user: userSchema }),
    call: (api, input) => api.auth.register(input as z.infer<typeof registerInput>),
  },
  {
    method: 'POST',
    path: '/auth/token',
    tag: 'auth',
    summary: 'Exchange email and password for a bearer access token',
    public: true,
    input: credentialsInput,
    output: z.object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number() }),
    call: (api, input) => api.auth.token(input as z.infer<typeof credentialsInput>),
  },
  {
    method: 'GET',
    path: '/me',
    tag: 'auth',
    summary: 'The calling user',
    output: userSchema,
    call: (api) => api.auth.me(),
  },
  {
    method: 'GET',
    path: '/keys',
    tag: 'keys',
    summary: 'List your API keys (never their secrets)',
    call: (api) => api.keys.list(),
  },
  {
    method: 'POST',
    path: '/keys',
    tag: 'keys',
    summary: 'Create an API key; the secret is in this answer only',
    input: createKeyInput,
    status: 201,
    call: (api, input) => api.keys.create(input as z.infer<typeof createKeyInput>),
  },
  {
    method: 'DELETE',
    path: '/keys/{id}',
    tag: 'keys',
    summary: 'Revoke an API key',
    input: revokeKeyInput,
    call: (api, input) => api.keys.revoke(input as z.infer<typeof revokeKeyInput>),
  },
  {
    method: 'GET',
    path: '/admin/users',
    tag: 'admin',
    summary: 'List users (admins)',
    input: z.object({ limit: z.number().int().min(1).max(200).optional(), cursor: z.uuid().optional(), q: z.string().optional() }),
    output: page(userSchema.extend({ disabledAt: z.string().nullable(), createdAt: z.string() })),
    call: (api, input) => api.admin.users.list(input),
  },
  {
    method: 'PATCH',
    path: '/admin/users/{id}',
    tag: 'admin',
    summary: 'Change a user’s role or disable/enable them (admins)',
    input: adminUserPatch,
    call: (api, input) => {
      const { id, ...change } = adminUserPatch.parse(input);
      return api.admin.users.update({ userId: id, ...change });
    },
  },
  {
    method: 'GET',
    path: '/admin/audit',
    tag: 'admin',
    summary: 'The audit log, newest first (action, actor: user id or part of an email, cursor) (admins)',
    input: auditListInput,
    output: page(auditEntrySchema),
    call: (api, input) => api.admin.audit.list(input as z.input<typeof auditListInput>),
  },
  {
    method: 'GET',
    path: '/admin/stats',
    tag: 'admin',
    summary: 'Platform figures: users, orders and fills today, open orders, tasks, jobs, halts, SSE, cache (admins)',
    output: platformStatsSchema,
    call: (api) => api.admin.stats(),
  },
  {
    method: 'GET',
    path: '/admin/halts',
    tag: 'admin',
    summary: 'Symbols halted now, manual and circuit breaker (admins)',
    call: async (api) => ({ data: await api.admin.halts.list() }),
  },
  {
    method: 'POST',
    path: '/admin/halts',
    tag: 'admin',
    summary: 'Halt a symbol with a reason, until resumed or for durationMinutes (admins, audited)',
    input: haltInput,
    status: 201,
    call: (api, input) => api.admin.halts.halt(input as z.input<typeof haltInput>),
  },
  {
    method: 'DELETE',
    path: '/admin/halts/{symbol}',
    tag: 'admin',
    summary: 'Resume a halted symbol (admins, audited)',
    input: z.object({ symbol: symbolSchema }),
    call: (api, input) => api.admin.halts.resume({ symbol: String(input.symbol) }),
  },
  // Market data (public) --------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/assets',
    tag: 'market',
    summary: 'Search the asset catalogue (q: symbol or name, trigram match; kind; cursor)',
    public: true,
    input: assetsInput,
    call: async (api, input) => {
      const { items, nextCursor } = await api.market.assets(input as z.input<typeof assetsInput>);
      return { data: items, nextCursor };
    },
  },
  {
    method: 'GET',
    path: '/assets/{symbol}',
    tag: 'market',
    summary: 'One asset',
    public: true,
    input: assetInput,
    call: (api, input) => api.market.asset(input as z.input<typeof assetInput>),
  },
  {
    method: 'GET',
    path: '/prices',
    tag: 'market',
    summary: 'Latest price per asset (symbols=BTC,ETH; all when omitted)',
    public: true,
    input: z.object({ symbols: z.array(symbolSchema).min(1).max(100).optional() }),
    call: async (api, input) => ({
      data: await api.market.snapshot(input.symbols ? { symbols: input.symbols as string[] } : undefined),
    }),
  },
  {
    method: 'GET',
    path: '/assets/{symbol}/candles',
    tag: 'market',
    summary: 'Stored candles (interval=1m|5m|1h|1d, from/to in epoch ms, limit)',
    public: true,
    input: candlesInput,
    call: async (api, input) => {
      const { symbol, interval, candles } = await api.market.candles(input as z.input<typeof candlesInput>);
      return { symbol, interval, data: candles };
    },
  },
  // Watchlist --------------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/watchlist',
    tag: 'watchlist',
    summary: 'Your watchlist with the latest price of each symbol',
    call: async (api) => ({ data: await api.watchlist.list() }),
  },
  {
    method: 'POST',
    path: '/watchlist',
    tag: 'watchlist',
    summary: 'Add a symbol to your watchlist (already there: added=false)',
    input: z.object({ symbol: symbolSchema }),
    call: (api, input) => api.watchlist.add({ symbol: String(input.symbol) }),
  },
  {
    method: 'DELETE',
    path: '/watchlist/{symbol}',
    tag: 'watchlist',
    summary: 'Remove a symbol from your watchlist',
    input: z.object({ symbol: symbolSchema }),
    call: (api, input) => api.watchlist.remove({ symbol: String(input.symbol) }),
  },
  // Tasks ------------------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/tasks',
    tag: 'tasks',
    summary: 'List your tasks (filters, sort, cursor); admins may pass all=true',
    input: listTasksInput,
    call: (api, input) => api.tasks.list(input as z.input<typeof listTasksInput>),
  },
  {
    method: 'POST',
    path: '/tasks',
    tag: 'tasks',
    summary: 'Create a task',
    input: createTaskInput,
    status: 201,
    call: (api, input) => api.tasks.create(input as z.input<typeof createTaskInput>),
  },
  {
    method: 'GET',
    path: '/tasks/{id}',
    tag: 'tasks',
    summary: 'One task',
    input: taskIdInput,
    call: (api, input) => api.tasks.get(input as z.input<typeof taskIdInput>),
  },
  {
    method: 'PATCH',
    path: '/tasks/{id}',
    tag: 'tasks',
    summary: 'Change a task',
    input: updateTaskInput,
    call: (api, input) => api.tasks.update(input as z.input<typeof updateTaskInput>),
  },
  {
    method: 'DELETE',
    path: '/tasks/{id}',
    tag: 'tasks',
    summary: 'Delete a task',
    input: taskIdInput,
    call: (api, input) => api.tasks.delete(input as z.input<typeof taskIdInput>),
  },
  {
    method: 'POST',
    path: '/tasks/import',
    tag: 'tasks',
    summary: 'Import tasks from a CSV file (text/csv body or multipart upload); 202 with the job id',
    body: 'raw',
    status: 202,
    output: z.object({ jobId: z.uuid() }),
    call: async (api, _input, req) => api.tasks.import({ csv: await readUpload(req.request, IMPORT_LIMITS.maxBytes) }),
  },
  {
    method: 'GET',
    path: '/jobs',
    tag: 'jobs',
    summary: 'Your background jobs, newest first',
    input: listJobsInput,
    call: (api, input) => api.jobs.list(input as z.input<typeof listJobsInput>),
  },
  {
    method: 'GET',
    path: '/jobs/{id}',
    tag: 'jobs',
    summary: 'A job’s status, progress (processed/total) and row errors',
    input: jobIdInput,
    call: (api, input) => api.jobs.get(input as z.input<typeof jobIdInput>),
  },
  {
    method: 'DELETE',
    path: '/jobs/{id}',
    tag: 'jobs',
    summary: 'Cancel a job and take back what it did',
    input: jobIdInput,
    call: (api, input) => api.jobs.cancel(input as z.input<typeof jobIdInput>),
  },
  // Paper trading ----------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/account',
    tag: 'trading',
    summary: 'Your paper account: cash, equity, buying power',
    call: (api) => api.account.get(),
  },
  {
    method: 'POST',
    path: '/account/reset',
    tag: 'trading',
    summary: 'Reset the paper account to its starting cash (send {"confirm":"RESET"})',
    input: z.object({ confirm: z.literal('RESET') }),
    call: (api, input) => api.account.reset(input as { confirm: 'RESET' }),
  },
  {
    method: 'GET',
    path: '/account/history',
    tag: 'trading',
    summary: 'Equity history with drawdown, Sharpe, Sortino and time-weighted return',
    input: z.object({ from: z.string().optional(), limit: z.number().int().min(2).max(5000).optional() }),
    call: (api, input) => api.account.history({ from: input.from as string | undefined, limit: input.limit as number | undefined }),
  },
  {
    method: 'POST',
    path: '/orders',
    tag: 'trading',
    summary: 'Place an order; the Idempotency-Key header (or clientOrderId) makes retries safe',
    input: placeOrderInput,
    status: 201,
    call: (api, input, req) => {
      const key = req.headers.get('idempotency-key');
      return api.trading.placeOrder({ ...input, ...(key ? { clientOrderId: key } : {}) } as z.input<typeof placeOrderInput>);
    },
  },
  {
    method: 'GET',
    path: '/orders',
    tag: 'trading',
    summary: 'Your orders (status=new,filled…, open=true, symbol, cursor)',
    input: listOrdersInput,
    call: (api, input) => api.trading.orders(input as z.input<typeof listOrdersInput>),
  },
  {
    method: 'GET',
    path: '/orders/{id}',
    tag: 'trading',
    summary: 'One order',
    input: z.object({ id: z.uuid() }),
    call: (api, input) => api.trading.order({ orderId: String(input.id) }),
  },
  {
    method: 'DELETE',
    path: '/orders/{id}',
    tag: 'trading',
    summary: 'Cancel an order',
    input: z.object({ id: z.uuid() }),
    call: (api, input) => api.trading.cancelOrder({ orderId: String(input.id) }),
  },
  {
    method: 'GET',
    path: '/positions',
    tag: 'trading',
    summary: 'Open positions with market value and PnL',
    call: (api) => api.trading.positions(),
  },
  {
    method: 'GET',
    path: '/fills',
    tag: 'trading',
    summary: 'Your fills (symbol, orderId, cursor)',
    input: listFillsInput,
    call: (api, input) => api.trading.fills(input as z.input<typeof listFillsInput>),
  },
  forecastOperation,
  // Backtests ---------------------------------------------------------------------------------------------
  {
    method: 'POST',
    path: '/backtests',
    tag: 'backtests',
    summary: 'Queue a backtest of a strategy on stored candles (202; poll GET /backtests/{id})',
    input: bots.backtestInput,
    output: bots.backtestStarted,
    status: 202,
    call: (api, input) => api.backtests.create(input as z.input<typeof bots.backtestInput>),
  },
  {
    method: 'POST',
    path: '/backtests/sweeps',
    tag: 'backtests',
    summary: 'Queue a parameter sweep (grid of at most 100 combinations) ranked by a metric',
    input: bots.sweepInput,
    output: bots.backtestStarted,
    status: 202,
    call: (api, input) => api.backtests.sweep(input as z.input<typeof bots.sweepInput>),
  },
  {
    method: 'GET',
    path: '/backtests',
    tag: 'backtests',
    summary: 'Your backtests, newest first (no equity curves or trades)',
    input: bots.listBacktestsInput,
    output: bots.backtestPage,
    call: (api, input) => api.backtests.list(input as z.input<typeof bots.listBacktestsInput>),
  },
  {
    method: 'GET',
    path: '/backtests/{id}',
    tag: 'backtests',
    summary: 'One backtest: status, progress, metrics, equity curve, trades (and a sweep\'s ranked results)',
    input: bots.backtestIdInput,
    output: bots.backtestView,
    call: (api, input) => api.backtests.get(input as z.input<typeof bots.backtestIdInput>),
  },
  {
    method: 'POST',
    path: '/backtests/{id}/cancel',
    tag: 'backtests',
    summary: 'Cancel a queued or running backtest',
    input: bots.backtestIdInput,
    output: bots.backtestView,
    call: (api, input) => api.backtests.cancel(input as z.input<typeof bots.backtestIdInput>),
  },
  // Bots ---------------------------------------------------------------------------------------------------
  {
    method: 'POST',
    path: '/bots',
    tag: 'bots',
    summary: 'Create a bot (stopped) from a strategy, params, symbol, interval, budget and limits',
    input: bots.createBotInput,
    output: bots.botView,
    status: 201,
    call: (api, input) => api.bots.create(input as z.input<typeof bots.createBotInput>),
  },
  {
    method: 'GET',
    path: '/bots',
    tag: 'bots',
    summary: 'Your bots, newest first (symbol filter)',
    input: bots.listBotsInput,
    call: (api, input) => api.bots.list(input as z.input<typeof bots.listBotsInput>),
  },
  {
    method: 'GET',
    path: '/bots/{id}',
    tag: 'bots',
    summary: 'One bot: status, cash, position, realised PnL',
    input: bots.botIdInput,
    output: bots.botView,
    call: (api, input) => api.bots.get(input as z.input<typeof bots.botIdInput>),
  },
  {
    method: 'PATCH',
    path: '/bots/{id}',
    tag: 'bots',
    summary: 'Rename a bot or change its limits',
    input: bots.updateBotInput,
    output: bots.botView,
    call: (api, input) => api.bots.update(input as z.input<typeof bots.updateBotInput>),
  },
  {
    method: 'DELETE',
    path: '/bots/{id}',
    tag: 'bots',
    summary: 'Delete a bot that is not running',
    input: bots.botIdInput,
    call: (api, input) => api.bots.delete(input as z.input<typeof bots.botIdInput>),
  },
  {
    method: 'POST',
    path: '/bots/{id}/start',
    tag: 'bots',
    summary: 'Start a bot: it decides from the next candle close on',
    input: bots.botIdInput,
    output: bots.botView,
    call: (api, input) => api.bots.start(input as z.input<typeof bots.botIdInput>),
  },
  {
    method: 'POST',
    path: '/bots/{id}/pause',
    tag: 'bots',
    summary: 'Pause a bot (no decisions until started again)',
    input: bots.botIdInput,
    output: bots.botView,
    call: (api, input) => api.bots.pause(input as z.input<typeof bots.botIdInput>),
  },
  {
    method: 'POST',
    path: '/bots/{id}/stop',
    tag: 'bots',
    summary: 'Stop a bot and forget its strategy state',
    input: bots.botIdInput,
    output: bots.botView,
    call: (api, input) => api.bots.stop(input as z.input<typeof bots.botIdInput>),
  },
  {
    method: 'GET',
    path: '/bots/{id}/log',
    tag: 'bots',
    summary: 'A bot’s decision log, newest first: signal, reason, order id or error',
    input: bots.botLogInput,
    output: bots.botLogPage,
    call: (api, input) => api.bots.log(input as z.input<typeof bots.botLogInput>),
  },
  // Token aggregator (public) -----------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/tokens',
    tag: 'tokens',
    summary:
      'Tokens merged from DexScreener, GeckoTerminal and Jupiter (chain, q, minLiquidity, minVolume; sort=volume24h|liquidity|change1h|change24h|marketCap|createdAt; order; cursor)',
    public: true,
    input: tokenListInput,
    output: tokenListOutput,
    call: (api, input) => api.tokens.list(input as z.input<typeof tokenListInput>),
  },
  {
    method: 'GET',
    path: '/tokens/sources',
    tag: 'tokens',
    summary: 'Health of each token source: breaker state, last success and error, rate budget used',
    public: true,
    output: tokenSourcesOutput,
    call: (api) => api.tokens.sources(),
  },
  {
    method: 'GET',
    path: '/tokens/{chain}/{address}',
    tag: 'tokens',
    summary: 'One token with what each source says about it',
    public: true,
    input: tokenGetInput,
    output: tokenSchema,
    call: (api, input) => api.tokens.get(input as z.input<typeof tokenGetInput>),
  },
]);
