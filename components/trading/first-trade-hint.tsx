import Link from 'next/link';

/**
 * Shown on the dashboard until the account's first fill since its last reset (no fees paid, nothing held):
 * where to go to place a first paper trade.
 */
export function FirstTradeHint({ feesPaid, positions }: { feesPaid: string; positions: number }) {
  if (Number(feesPaid) > 0 || positions > 0) return null;
  return (
    <aside aria-labelledby="first-trade-heading" data-testid="first-trade-hint" className="rounded-lg border border-brand/40 bg-brand/5 p-4">
      <h2 id="first-trade-heading" className="font-medium">
        Place your first paper trade
      </h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        You have 100,000 USD of play money. Open an asset, enter a quantity, check the estimate on the order ticket and press Buy.
      </p>
      <div className="mt-3 flex flex-wrap gap-3 text-sm">
        <Link href="/assets/BTC" className="rounded bg-brand px-3 py-1.5 font-medium text-white">
          Trade BTC
        </Link>
        <Link href="/markets" className="rounded border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
          Pick from all markets
        </Link>
      </div>
    </aside>
  );
}
