'use client';

import { useState } from 'react';
import { TIME_IN_FORCE } from '@/contracts/enums';
import { placeOrderInput, type PlaceOrderSchema } from '@/contracts/trading';

const TYPES = [
  ['market', 'Market'],
  ['limit', 'Limit'],
  ['stop', 'Stop'],
  ['stop_limit', 'Stop limit'],
] as const;

export type OrderRequest = PlaceOrderSchema;
type FieldErrors = Partial<Record<string, string[]>>;

/**
 * The order form. Validates with the order contract (the procedure's own input schema) before sending, so what the ticket accepts is
 * what the server accepts; the server's answer (field errors or a rejection) is shown as well.
 */
export function OrderTicket({
  symbol,
  lastPrice,
  pending,
  serverErrors,
  onSubmit,
}: {
  symbol: string;
  lastPrice: string | null;
  pending: boolean;
  serverErrors: FieldErrors;
  onSubmit: (order: OrderRequest) => void;
}) {
  const [type, setType] = useState<(typeof TYPES)[number][0]>('market');
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [errors, setErrors] = useState<FieldErrors>({});
  const shown = { ...serverErrors, ...errors };
  const needsLimit = type === 'limit' || type === 'stop_limit';
  const needsStop = type === 'stop' || type === 'stop_limit';

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      return v === '' ? undefined : v;
    };
    const parsed = placeOrderInput.safeParse({
      symbol,
      side,
      type,
      qty: value('qty') ?? '',
      limitPrice: needsLimit ? value('limitPrice') : undefined,
      stopPrice: needsStop ? value('stopPrice') : undefined,
      timeInForce: value('timeInForce'),
    });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), [i.message]])));
      return;
    }
    setErrors({});
    onSubmit(parsed.data);
  }

  const input = 'w-full rounded border border-zinc-300 bg-transparent px-2 py-1.5 font-mono dark:border-zinc-700';
  const error = (name: string) =>
    shown[name]?.length ? (
      <span id={`${name}-error`} role="alert" className="text-xs text-down">
        {shown[name]!.join('. ')}
      </span>
    ) : null;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Order ticket for ${symbol}`}
      className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <div className="flex items-baseline justify-between">
        <h2 className="font-medium">Order</h2>
        <span className="font-mono text-sm text-zinc-500" data-testid="ticket-last-price">
          {lastPrice ?? '—'}
        </span>
      </div>
      <div role="group" aria-label="Side" className="grid grid-cols-2 gap-2">
        {(['buy', 'sell'] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={side === s}
            onClick={() => setSide(s)}
            className={`rounded py-1.5 font-medium capitalize ${side === s ? (s === 'buy' ? 'bg-up text-white' : 'bg-down text-white') : 'border border-zinc-300 dark:border-zinc-700'}`}
          >
            {s}
          </button>
        ))}
      </div>
      <label className="block text-sm">
        Type
        <select value={type} onChange={(e) => setType(e.target.value as typeof type)} className={input}>
          {TYPES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        Quantity
        <input name="qty" inputMode="decimal" autoComplete="off" className={input} aria-describedby="qty-error" />
        {error('qty')}
      </label>
      {needsStop && (
        <label className="block text-sm">
          Stop price
          <input name="stopPrice" inputMode="decimal" autoComplete="off" className={input} aria-describedby="stopPrice-error" />
          {error('stopPrice')}
        </label>
      )}
      {needsLimit && (
        <label className="block text-sm">
          Limit price
          <input name="limitPrice" inputMode="decimal" autoComplete="off" className={input} aria-describedby="limitPrice-error" />
          {error('limitPrice')}
        </label>
      )}
      <label className="block text-sm">
        Time in force
        <select name="timeInForce" defaultValue={type === 'market' ? 'ioc' : 'gtc'} key={type} className={input}>
          {TIME_IN_FORCE.map((t) => (
            <option key={t} value={t}>
              {t.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      {error('form')}
      <button type="submit" disabled={pending} className={`w-full rounded py-2 font-medium text-white disabled:opacity-60 ${side === 'buy' ? 'bg-up' : 'bg-down'}`}>
        {pending ? 'Sending…' : `${side === 'buy' ? 'Buy' : 'Sell'} ${symbol}`}
      </button>
    </form>
  );
}
