'use client';

import { useState } from 'react';
import { useLivePrices } from '@/components/market/use-live-prices';
import type { BotView } from '@/contracts/bots';
import { BotCard } from './bot-card';
import { BotForm } from './bot-form';

/** The bot form and the user's bots, newest first, each marked at the live price of its symbol. */
export function BotsScreen({ symbols, initial }: { symbols: string[]; initial: BotView[] }) {
  const [bots, setBots] = useState(initial);
  const { ticks } = useLivePrices(bots.map((b) => b.symbol));
  return (
    <div className="space-y-4">
      <BotForm symbols={symbols} onCreated={(bot) => setBots((list) => [bot, ...list])} />
      <section aria-label="Your bots" className="space-y-3">
        <h2 className="font-medium">Your bots</h2>
        {bots.length === 0 ? (
          <p className="text-sm text-zinc-500">No bots yet. A new bot is stopped until you start it.</p>
        ) : (
          bots.map((bot) => <BotCard key={bot.id} initial={bot} price={ticks.get(bot.symbol)?.price} />)
        )}
      </section>
    </div>
  );
}
