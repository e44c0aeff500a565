'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import { BACKTEST_DEFAULTS, METRIC_NAMES, type StrategyName } from '@/contracts/bots';
import { ParamsFields } from './params-fields';
import { MarketSelects, Select, StrategySelect } from './strategy-select';
import { paramErrors, readGrid, readParams } from './strategy-params';
import { useHydrated } from '@/components/ui/use-hydrated';

export interface StartedBacktest {
  id: string;
  jobId: string;
}

const DAY_MS = 86_400_000;
/** `2026-11-29T22:15` in UTC, the value a datetime-local input holds (the labels say UTC). */
const utcInputValue = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const fromUtcInput = (value: string) => (value ? new Date(`${value}Z`).toISOString() : value);
/** A number field as the API takes it: a number, or the text itself so its message says what is wrong. */
const numberOrText = (value: string) => (value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value);

/**
 * Runs a backtest (or a sweep over lists of param values) as a background job. The params are checked
 * against the strategy's schema before sending; everything else is the server's to refuse, and its field
 * errors show under their fields.
 */
export function BacktestForm({ symbols, now, onStarted }: { symbols: string[]; now: number; onStarted: (run: StartedBacktest) => void }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const [strategy, setStrategy] = useState<StrategyName>('sma_cross');
  const [sweep, setSweep] = useState(false);
  const { errors, show, onChange } = useFieldErrors();
  const onError = (e: { message: string }) => {
    const fields = fieldErrorsFrom(e);
    show(Object.keys(fields).length > 0 ? fields : { form: [e.message] });
  };
  const single = useMutation(trpc.backtests.create.mutationOptions({ onSuccess: onStarted, onError }));
  const many = useMutation(trpc.backtests.sweep.mutationOptions({ onSuccess: onStarted, onError }));
  const pending = single.isPending || many.isPending;
  const to = Math.floor(now / 60_000) * 60_000;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const run = {
      strategy,
      symbol: text('symbol'),
      interval: text('interval') as '1m',
      from: fromUtcInput(text('from')),
      to: fromUtcInput(text('to')),
      initialCash: text('initialCash'),
      feeBps: numberOrText(text('feeBps')) as number,
      slippageBps: numberOrText(text('slippageBps')) as number,
    };
    if (sweep) {
      many.mutate({ ...run, grid: readGrid(strategy, form), rankBy: text('rankBy') as 'sharpe' });
      return;
    }
    const params = readParams(strategy, form);
    const invalid = paramErrors(strategy, params);
    if (Object.keys(invalid).length > 0) return show(invalid);
    single.mutate({ ...run, params });
  }

  return (
    <form noValidate onSubmit={submit} onChange={onChange} aria-label="Run a backtest" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="grid gap-3 sm:grid-cols-3">
        <StrategySelect value={strategy} onChange={setStrategy} errors={errors.strategy} />
        <MarketSelects symbols={symbols} errors={errors} />
      </div>
      <ParamsFields key={strategy} strategy={strategy} errors={errors} sweep={sweep} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="From (UTC)" name="from" type="datetime-local" defaultValue={utcInputValue(to - DAY_MS)} errors={errors.from} />
        <Field label="To (UTC)" name="to" type="datetime-local" defaultValue={utcInputValue(to)} errors={errors.to} />
        <Field label="Initial cash" name="initialCash" inputMode="decimal" defaultValue={BACKTEST_DEFAULTS.initialCash} errors={errors.initialCash} />
        <Field label="Fee (bps)" name="feeBps" inputMode="decimal" defaultValue={String(BACKTEST_DEFAULTS.feeBps)} errors={errors.feeBps} />
        <Field label="Slippage (bps)" name="slippageBps" inputMode="decimal" defaultValue={String(BACKTEST_DEFAULTS.slippageBps)} errors={errors.slippageBps} />
        {sweep && <Select label="Rank by" name="rankBy" options={METRIC_NAMES.map((m) => ({ value: m, label: m }))} errors={errors.rankBy} />}
      </div>
      {errors.grid?.length ? (
        <p role="alert" className="text-sm text-down">
          {errors.grid.join('. ')}
        </p>
      ) : null}
      {errors.form?.length ? (
        <p role="alert" className="text-sm text-down">
          {errors.form.join('. ')}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={sweep} onChange={(e) => setSweep(e.target.checked)} />
          Parameter sweep (up to 100 combinations)
        </label>
        <button type="submit" disabled={!hydrated || pending} className="ml-auto rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {pending ? 'Starting…' : sweep ? 'Run sweep' : 'Run backtest'}
        </button>
      </div>
    </form>
  );
}
