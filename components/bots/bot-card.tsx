'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { groupDecimal, signedUsd, utcDateTime } from '@/components/ui/format';
import type { BotView } from '@/contracts/bots';

const LOG_PAGE = 20;

/** PnL marked at the latest price: what the bot holds (cash + position) against its budget. */
function markedPnl(bot: BotView, price: string | undefined): number | null {
  if (Number(bot.qty) !== 0 && price === undefined) return null;
  return Number(bot.cash) + Number(bot.qty) * Number(price ?? 0) - Number(bot.budget);
}

/**
 * One bot: its state pushed by `bots.watch` (a snapshot, then each change), start / pause / stop, PnL, and
 * the decision log (re-read when a decision is pushed: the rows are the truth).
 */
export function BotCard({ initial, price }: { initial: BotView; price: string | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [bot, setBot] = useState(initial);
  const logQuery = trpc.bots.log.queryOptions({ id: bot.id, limit: LOG_PAGE });
  const log = useQuery({ ...logQuery, staleTime: 0 });
  const stream = useSubscription(
    trpc.bots.watch.subscriptionOptions(
      { id: bot.id },
      {
        onData: (event) => {
          setBot(event.bot);
          if (event.decision) void queryClient.invalidateQueries({ queryKey: logQuery.queryKey });
        },
      },
    ),
  );
  const control = { onSuccess: setBot };
  const start = useMutation(trpc.bots.start.mutationOptions(control));
  const pause = useMutation(trpc.bots.pause.mutationOptions(control));
  const stop = useMutation(trpc.bots.stop.mutationOptions(control));
  const pending = start.isPending || pause.isPending || stop.isPending;
  const failure = start.error ?? pause.error ?? stop.error;
  const pnl = markedPnl(bot, price);
  const realized = Number(bot.realizedPnl);

  return (
    <article aria-label={`Bot ${bot.name}`} data-testid="bot-card" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <header className="flex flex-wrap items-center gap-3">
        <h3 className="font-medium">{bot.name}</h3>
        <span className="text-sm text-zinc-500">
          {bot.strategy} {JSON.stringify(bot.params)} · {bot.symbol} {bot.interval}
        </span>
        <span
          data-testid="bot-status"
          className={`rounded px-2 py-0.5 text-xs ${bot.status === 'running' ? 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-200' : 'bg-zinc-100 dark:bg-zinc-800'}`}
        >
          {bot.status}
        </span>
        <span className="text-xs text-zinc-500">{stream.status === 'pending' ? 'live' : stream.status === 'connecting' ? 'connecting…' : stream.status === 'error' ? 'live updates lost' : ''}</span>
        <div className="ml-auto flex gap-2">
          {bot.status !== 'running' && (
            <button type="button" disabled={pending} onClick={() => start.mutate({ id: bot.id })} className="rounded bg-brand px-3 py-1 text-sm text-white disabled:opacity-60">
              Start
            </button>
          )}
          {bot.status === 'running' && (
            <button type="button" disabled={pending} onClick={() => pause.mutate({ id: bot.id })} className="rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700">
              Pause
            </button>
          )}
          {bot.status !== 'stopped' && (
            <button type="button" disabled={pending} onClick={() => stop.mutate({ id: bot.id })} className="rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700">
              Stop
            </button>
          )}
        </div>
      </header>
      {bot.statusReason && <p className="text-sm text-amber-700 dark:text-amber-400">{bot.statusReason}</p>}
      {failure && (
        <p role="alert" className="text-sm text-down">
          {failure.message}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
        <div>
          <dt className="text-zinc-500">PnL (marked)</dt>
          <dd data-testid="bot-pnl" className={`font-mono ${pnl === null ? '' : pnl >= 0 ? 'text-up' : 'text-down'}`}>
            {pnl === null ? '—' : signedUsd(pnl)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Realized PnL</dt>
          <dd className="font-mono">{signedUsd(realized)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Cash</dt>
          <dd className="font-mono">{groupDecimal(Number(bot.cash).toFixed(2))}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Position</dt>
          <dd className="font-mono">{groupDecimal(bot.qty)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Last close seen</dt>
          <dd className="font-mono">{bot.lastBarT === null ? '—' : utcDateTime(bot.lastBarT)}</dd>
        </div>
      </dl>
      <section aria-label={`Decision log of ${bot.name}`}>
        <h4 className="mb-1 text-sm font-medium">Decisions</h4>
        {log.data?.data.length ? (
          <ol data-testid="bot-decisions" className="max-h-64 space-y-1 overflow-y-auto text-sm">
            {log.data.data.map((d) => (
              <li key={`${d.createdAt}-${d.t}`} className="flex flex-wrap gap-2 border-t border-zinc-200 pt-1 dark:border-zinc-800">
                <span className="font-mono text-xs text-zinc-500">{utcDateTime(d.t)}</span>
                <span className="font-medium">{d.signal}</span>
                <span>{d.reason}</span>
                {d.orderId ? <span className="font-mono text-xs text-up">order {d.orderId.slice(0, 8)}</span> : null}
                {d.error ? <span className="text-down">{d.error}</span> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-zinc-500">{log.isPending ? 'Loading…' : 'No decision yet: the bot decides on each candle close once started.'}</p>
        )}
      </section>
    </article>
  );
}
