'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CHANNEL_CONDITIONS, MOVE_CONDITIONS } from '@/contracts/alerts';
import { ALERT_CONDITIONS, ALERT_FREQUENCIES, CANDLE_INTERVALS, type AlertCondition, type AlertFrequency } from '@/contracts/enums';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import { useHydrated } from '@/components/ui/use-hydrated';

const LABELS: Record<AlertCondition, string> = {
  crosses_above: 'Crosses above',
  crosses_below: 'Crosses below',
  crosses: 'Crosses',
  above: 'Is above',
  below: 'Is below',
  moves_up_pct: 'Rises by %',
  moves_down_pct: 'Falls by %',
  enters_channel: 'Enters channel',
  exits_channel: 'Exits channel',
};

const isChannel = (c: AlertCondition) => (CHANNEL_CONDITIONS as readonly string[]).includes(c);
const isMove = (c: AlertCondition) => (MOVE_CONDITIONS as readonly string[]).includes(c);
const text = (form: FormData, name: string) => {
  const v = String(form.get(name) ?? '').trim();
  return v === '' ? undefined : v;
};

/** Creates an alert; shows only the fields the chosen condition and frequency need, errors under each. */
export function AlertForm({ onCreated }: { onCreated: () => void }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const [condition, setCondition] = useState<AlertCondition>('crosses_above');
  const [frequency, setFrequency] = useState<AlertFrequency>('once');
  const { errors, show, onChange } = useFieldErrors();
  const create = useMutation(trpc.alerts.create.mutationOptions());

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const expires = text(form, 'expiresAt');
    try {
      await create.mutateAsync({
        symbol: text(form, 'symbol') ?? '',
        condition,
        value: isChannel(condition) ? undefined : text(form, 'value'),
        lower: isChannel(condition) ? text(form, 'lower') : undefined,
        upper: isChannel(condition) ? text(form, 'upper') : undefined,
        windowMinutes: isMove(condition) ? Number(text(form, 'windowMinutes') ?? 0) : undefined,
        frequency,
        interval: frequency === 'once_per_bar' ? (text(form, 'interval') as (typeof CANDLE_INTERVALS)[number]) : undefined,
        cooldownSeconds: frequency === 'every_time' ? Number(text(form, 'cooldownSeconds') ?? 60) : undefined,
        expiresAt: expires ? new Date(expires) : undefined,
        note: text(form, 'note') ?? '',
        email: form.get('email') === 'on',
      });
      show({});
      element.reset();
      onCreated();
    } catch (error) {
      const fields = fieldErrorsFrom(error);
      show(Object.keys(fields).length ? fields : { form: [error instanceof Error ? error.message : 'Could not create the alert'] });
    }
  }

  return (
    <form onSubmit={submit} onChange={onChange} className="grid gap-3 rounded-lg border border-zinc-200 p-4 sm:grid-cols-3 dark:border-zinc-800" aria-label="New alert">
      <Field label="Symbol" name="symbol" placeholder="BTC" required errors={errors.symbol} />
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Condition</span>
        <select name="condition" value={condition} onChange={(e) => setCondition(e.target.value as AlertCondition)} className="w-full rounded border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700">
          {ALERT_CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      {isChannel(condition) ? (
        <>
          <Field label="Lower" name="lower" inputMode="decimal" errors={errors.lower} />
          <Field label="Upper" name="upper" inputMode="decimal" errors={errors.upper} />
        </>
      ) : (
        <Field label={isMove(condition) ? 'Percent' : 'Price'} name="value" inputMode="decimal" errors={errors.value} />
      )}
      {isMove(condition) && <Field label="Within (minutes)" name="windowMinutes" type="number" min={1} max={1440} defaultValue={60} errors={errors.windowMinutes} />}
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Frequency</span>
        <select name="frequency" value={frequency} onChange={(e) => setFrequency(e.target.value as AlertFrequency)} className="w-full rounded border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700">
          {ALERT_FREQUENCIES.map((f) => (
            <option key={f} value={f}>
              {f.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      {frequency === 'once_per_bar' && (
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Bar</span>
          <select name="interval" defaultValue="1h" className="w-full rounded border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700">
            {CANDLE_INTERVALS.map((i) => (
              <option key={i}>{i}</option>
            ))}
          </select>
        </label>
      )}
      {frequency === 'every_time' && <Field label="Cooldown (seconds)" name="cooldownSeconds" type="number" min={0} defaultValue={60} errors={errors.cooldownSeconds} />}
      <Field label="Expires (optional)" name="expiresAt" type="datetime-local" errors={errors.expiresAt} />
      <Field label="Note" name="note" maxLength={500} errors={errors.note} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="email" /> Email me too
      </label>
      <div className="flex items-end">
        <button type="submit" disabled={!hydrated || create.isPending} className="w-full rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {create.isPending ? 'Creating…' : 'Create alert'}
        </button>
      </div>
      {errors.form && (
        <p role="alert" className="text-sm text-down sm:col-span-3">
          {errors.form.join('. ')}
        </p>
      )}
    </form>
  );
}
