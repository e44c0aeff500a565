'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import { BACKTEST_DEFAULTS, type BacktestInterval, type BotView, type StrategyName } from '@/contracts/bots';
import { ParamsFields } from './params-fields';
import { MarketSelects, StrategySelect } from './strategy-select';
import { paramErrors, readParams } from './strategy-params';
import { useHydrated } from '@/components/ui/use-hydrated';

/** An optional limit: left out when empty, a number when the schema takes one. */
function readLimits(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const whole = (name: string) => (text(name) === '' ? undefined : Number.isNaN(Number(text(name))) ? text(name) : Number(text(name)));
  return {
    maxPositionNotional: text('maxPositionNotional') || undefined,
    maxDailyLoss: text('maxDailyLoss') || undefined,
    maxOrdersPerHour: whole('maxOrdersPerHour') as number | undefined,
    maxRejections: whole('maxRejections') as number | undefined,
  };
}

/**
 * Creates a bot (stopped) from a strategy and the same generated params form as backtests, with its budget
 * and own limits. Params are checked against the strategy's schema before sending; the server's field
 * errors show under their fields.
 */
export function BotForm({ symbols, onCreated }: { symbols: string[]; onCreated: (bot: BotView) => void }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const [strategy, setStrategy] = useState<StrategyName>('sma_cross');
  const { errors, show, onChange } = useFieldErrors();
  const create = useMutation(
    trpc.bots.create.mutationOptions({
      onSuccess: onCreated,
      onError: (e) => {
        const fields = fieldErrorsFrom(e);
        show(Object.keys(fields).length > 0 ? fields : { form: [e.message] });
      },
    }),
  );

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = readParams(strategy, form);
    const invalid = paramErrors(strategy, params);
    if (Object.keys(invalid).length > 0) return show(invalid);
    create.mutate({
      name: String(form.get('name') ?? ''),
      strategy,
      params,
      symbol: String(form.get('symbol') ?? ''),
      interval: String(form.get('interval') ?? '') as BacktestInterval,
      budget: String(form.get('budget') ?? ''),
      limits: readLimits(form),
    });
  }

  return (
    <form noValidate onSubmit={submit} onChange={onChange} aria-label="Create a bot" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Name" name="name" defaultValue="My bot" errors={errors.name} />
        <StrategySelect value={strategy} onChange={setStrategy} errors={errors.strategy} />
        <Field label="Budget (quote currency)" name="budget" inputMode="decimal" defaultValue={BACKTEST_DEFAULTS.initialCash} errors={errors.budget} />
        <MarketSelects symbols={symbols} errors={errors} />
      </div>
      <ParamsFields key={strategy} strategy={strategy} errors={errors} />
      <fieldset className="grid gap-3 rounded border border-zinc-200 p-3 sm:grid-cols-4 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Limits (optional)</legend>
        <Field label="Max position notional" name="maxPositionNotional" inputMode="decimal" />
        <Field label="Max daily loss" name="maxDailyLoss" inputMode="decimal" />
        <Field label="Max orders per hour" name="maxOrdersPerHour" inputMode="numeric" />
        <Field label="Pause after rejections in a row" name="maxRejections" inputMode="numeric" defaultValue="3" />
        {errors.limits?.length ? (
          <p role="alert" className="text-sm text-down sm:col-span-4">
            {errors.limits.join('. ')}
          </p>
        ) : null}
      </fieldset>
      {errors.form?.length ? (
        <p role="alert" className="text-sm text-down">
          {errors.form.join('. ')}
        </p>
      ) : null}
      <div className="flex justify-end">
        <button type="submit" disabled={!hydrated || create.isPending} className="rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {create.isPending ? 'Creating…' : 'Create bot'}
        </button>
      </div>
    </form>
  );
}
