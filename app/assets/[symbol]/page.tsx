import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AssetTrading } from '@/components/trading/asset-trading';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';
import { AppError } from '@/server/errors';

type Props = { params: Promise<{ symbol: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).symbol.toUpperCase() };
}

export default async function AssetPage({ params }: Props) {
  await requireUser();
  const symbol = (await params).symbol.toUpperCase();
  const caller = await getServerCaller();
  const asset = await caller.market.asset({ symbol }).catch((error: unknown) => {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof AppError && (cause.code === 'NOT_FOUND' || cause.code === 'BAD_REQUEST')) notFound();
    if ((error as { code?: string }).code === 'BAD_REQUEST') notFound();
    throw error;
  });
  const [tick] = await caller.market.snapshot({ symbols: [symbol] }).catch(() => []);
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">{asset.symbol}</h1>
        <span className="text-zinc-500">{asset.name}</span>
        <span className="rounded bg-zinc-100 px-2 py-0.5 text-xs uppercase dark:bg-zinc-800">{asset.kind}</span>
        {asset.chain && (
          <span className="text-xs text-zinc-500">
            {asset.chain} · <code>{asset.contractAddress}</code>
          </span>
        )}
      </header>
      <AssetTrading symbol={asset.symbol} initialPrice={tick?.price ?? null} />
    </section>
  );
}
