import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { signInHref } from '@/components/auth/return-path';
import { AssetQuote } from '@/components/market/asset-quote';
import { PriceChartLazy } from '@/components/market/price-chart-lazy';
import { AssetTradingLazy } from '@/components/trading/asset-trading-lazy';
import { HaltBanner } from '@/components/trading/halt-banner';
import { getServerCaller } from '@/server/api/server-caller';
import { auth } from '@/server/auth';
import { AppError } from '@/server/errors';

type Props = { params: Promise<{ symbol: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).symbol.toUpperCase() };
}

/** Public: market data needs no account. Signed-out visitors see the chart and are asked to sign in to trade. */
export default async function AssetPage({ params }: Props) {
  const symbol = (await params).symbol.toUpperCase();
  const caller = await getServerCaller();
  const asset = await caller.market.asset({ symbol }).catch((error: unknown) => {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof AppError && (cause.code === 'NOT_FOUND' || cause.code === 'BAD_REQUEST')) notFound();
    if ((error as { code?: string }).code === 'BAD_REQUEST') notFound();
    throw error;
  });
  const [session, [tick], halt, [stats]] = await Promise.all([
    auth(),
    caller.market.snapshot({ symbols: [symbol] }).catch(() => []),
    caller.market.halt({ symbol: asset.symbol }),
    caller.market.stats({ symbols: [asset.symbol] }).catch(() => []),
  ]);
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">{asset.symbol}</h1>
        <span className="text-zinc-500">{asset.name}</span>
        <span className="rounded bg-zinc-100 px-2 py-0.5 text-xs uppercase dark:bg-zinc-800">{asset.kind}</span>
        {asset.chain && (
          <span className="text-xs text-zinc-500">
            {asset.chain}
            {asset.contractAddress && (
              <>
                {' · '}
                <code>{asset.contractAddress}</code>
              </>
            )}
          </span>
        )}
      </header>
      <AssetQuote symbol={asset.symbol} pricePrecision={asset.pricePrecision} stats={stats ?? null} />
      <HaltBanner initial={halt} />
      {session?.user ? (
        <AssetTradingLazy symbol={asset.symbol} pricePrecision={asset.pricePrecision} initialPrice={tick?.price ?? null} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
          <div className="min-w-0">
            <PriceChartLazy symbol={asset.symbol} pricePrecision={asset.pricePrecision} />
          </div>
          <aside className="h-fit rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <h2 className="mb-2 font-medium">Trade {asset.symbol}</h2>
            <p className="mb-3 text-sm text-zinc-500">Paper-trade with 100,000 USD of play money. Sign in to place orders.</p>
            <Link href={signInHref(`/assets/${asset.symbol}`)} className="inline-block rounded bg-brand px-4 py-2 text-white">
              Sign in to trade
            </Link>
          </aside>
        </div>
      )}
    </section>
  );
}
