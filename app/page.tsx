import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LiveTicker } from '@/components/market/live-ticker';
import { getServerCaller } from '@/server/api/server-caller';
import { auth } from '@/server/auth';

const LANDING_SYMBOLS = ['BTC', 'ETH', 'SOL', 'DOGE', 'PEPE', 'AAPL', 'NVDA', 'TSLA'];

const FEATURES = [
  ['Live markets', 'Crypto, meme coins and stocks stream tick by tick: candles from one minute to one day, 24 h figures, a markets page to search and sort.'],
  ['Paper trading', '100,000 USD of play money. Market, limit, stop and stop-limit orders with a cost estimate before you send, filled by a documented model: 5 bps slippage, 10 bps fee.'],
  ['Real risk limits', 'Order and position size caps, a daily loss limit, a kill switch and trading halts — refused orders say exactly why.'],
  ['An API for scripts', 'Every screen has a REST and tRPC operation behind it, with API keys, an OpenAPI document and live SSE streams.'],
] as const;

/** The signed-out front door: live prices from the first paint, what the product does, and the way in. */
export default async function HomePage() {
  if ((await auth())?.user) redirect('/dashboard');
  const caller = await getServerCaller();
  const prices = await caller.market.snapshot({ symbols: LANDING_SYMBOLS }).catch(() => []);
  return (
    <section className="space-y-8 py-8">
      <div className="space-y-4">
        <h1 className="text-4xl font-bold tracking-tight">Markets, live. Trading, on paper.</h1>
        <p className="max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
          PrimeTrade streams live prices and candles, and gives you a paper account with risk limits — practise a
          strategy, test a script, learn how orders fill, without risking a cent.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/sign-up" className="rounded bg-brand px-4 py-2 font-medium text-white">
            Create an account
          </Link>
          <Link href="/sign-in" className="rounded border border-zinc-300 px-4 py-2 dark:border-zinc-700">
            Sign in
          </Link>
          <Link href="/markets" className="rounded border border-zinc-300 px-4 py-2 dark:border-zinc-700">
            Browse markets
          </Link>
        </div>
      </div>
      <LiveTicker initial={prices} />
      <ul className="grid gap-4 sm:grid-cols-2" aria-label="What PrimeTrade does">
        {FEATURES.map(([title, text]) => (
          <li key={title} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <h2 className="font-medium">{title}</h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
