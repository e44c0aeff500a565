import Link from 'next/link';
import { pctClass, signedPct } from '@/components/ui/format';
import type { Mover, Movers } from '@/components/trpc/outputs';

function MoverList({ title, movers, testId }: { title: string; movers: Mover[]; testId: string }) {
  return (
    <div className="min-w-0">
      <h3 className="mb-1 text-sm text-zinc-500">{title}</h3>
      {movers.length === 0 ? (
        <p className="text-sm text-zinc-500">None.</p>
      ) : (
        <ol className="space-y-1 text-sm" data-testid={testId}>
          {movers.map((m) => (
            <li key={m.symbol} className="flex items-baseline justify-between gap-2">
              <Link href={`/assets/${m.symbol}`} className="truncate font-semibold hover:underline" title={m.name}>
                {m.symbol}
              </Link>
              <span className="font-mono tabular-nums text-zinc-500">{m.price}</span>
              <span className={`font-mono tabular-nums ${pctClass(m.changePct)}`}>{signedPct(m.changePct)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The largest 24 h rises and falls across the catalogue, from stored candles (server-rendered). */
export function TopMovers({ movers }: { movers: Movers | null }) {
  const empty = !movers || (movers.gainers.length === 0 && movers.losers.length === 0);
  return (
    <section aria-labelledby="movers-heading" className="min-w-0 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="movers-heading" className="mb-3 font-medium">
        Top movers <span className="text-sm font-normal text-zinc-500">· 24 h</span>
      </h2>
      {!movers ? (
        <p role="alert" className="text-sm text-down">
          Movers are unavailable right now.
        </p>
      ) : empty ? (
        <p className="text-sm text-zinc-500">No moves yet: they appear once the feed has stored some price history.</p>
      ) : (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <MoverList title="Gainers" movers={movers.gainers} testId="movers-gainers" />
          <MoverList title="Losers" movers={movers.losers} testId="movers-losers" />
        </div>
      )}
    </section>
  );
}
