import type { Metadata } from 'next';
import { BacktestScreen } from '@/components/bots/backtest-screen';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Backtests' };

export default async function BacktestsPage() {
  await requireUser('/backtests');
  const caller = await getServerCaller();
  // The server's clock (the one candles are stamped with) sets the form's default range.
  const [assets, { time }] = await Promise.all([caller.market.assets({ limit: 100 }), caller.market.ping()]);
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Backtests</h1>
        <p className="text-sm text-zinc-500">
          A signal on a bar&apos;s close fills at the next bar&apos;s open, with the fee and slippage you set — the same model live bots trade with.
        </p>
      </div>
      <BacktestScreen symbols={assets.data.map((a) => a.symbol)} now={time.getTime()} />
    </section>
  );
}
