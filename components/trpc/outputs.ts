import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

/** What each procedure answers, as components receive it: read from the AppRouter type, never from services. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** One price update: a `market.snapshot` entry, and the payload of the SSE price door's `price` events. */
export type PriceTick = RouterOutputs['market']['snapshot'][number];
export type CandleBar = RouterOutputs['market']['candles']['candles'][number];
export type Movers = RouterOutputs['market']['movers'];
export type Mover = Movers['gainers'][number];
export type AccountSummary = RouterOutputs['account']['get'];
export type PositionView = RouterOutputs['trading']['positions']['data'][number];
export type DayStats = RouterOutputs['market']['stats'][number];
export type HaltStatus = RouterOutputs['market']['halt'];
