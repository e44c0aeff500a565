import type { Metadata } from 'next';
import Link from 'next/link';
import { BotsScreen } from '@/components/bots/bots-screen';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Bots' };

export default async function BotsPage() {
  await requireUser('/bots');
  const caller = await getServerCaller();
  const [assets, bots] = await Promise.all([caller.market.assets({ limit: 100 }), caller.bots.list({ limit: 50 })]);
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Bots</h1>
        <p className="text-sm text-zinc-500">
          A bot runs a strategy on each candle close and trades your paper account through the normal order path — the same code and fill
          model as a <Link href="/backtests" className="underline">backtest</Link>.
        </p>
      </div>
      <BotsScreen symbols={assets.data.map((a) => a.symbol)} initial={bots.data} />
    </section>
  );
}
