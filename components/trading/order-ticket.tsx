'use client';

import { useState } from 'react';
import { fieldErrorsFromIssues } from '@/components/forms/field-errors';
import type { FieldErrorState } from '@/components/forms/use-field-errors';
import { defaultTimeInForce, TIME_IN_FORCE } from '@/contracts/enums';
import type { PlaceOrderSchema } from '@/contracts/trading';
import type { EstimateInput } from './order-estimate';
import { useHydrated } from '@/components/ui/use-hydrated';

const TYPES = [
  ['market', 'Market'],
  ['limit', 'Limit'],
  ['stop', 'Stop'],
  ['stop_limit', 'Stop limit'],
] as const;

export type OrderRequest = PlaceOrderSchema;

/**
 * The order contract brings zod (~45 KiB gzip) to the browser: it is fetched when the ticket is first
 * touched, not with the page, so the asset page's first load neither downloads nor evaluates it.
 */
let orderSchema: Promise<typeof import('@/contracts/trading')> | undefined;
function loadOrderSchema() {
  orderSchema ??= import('@/contracts/trading').catch((error: unknown) => {
    orderSchema = undefined; // try again on the next use
    throw error;
  });
  return orderSchema;
}

/** The estimate (its panel and decimal.js) loads with the schema, when the ticket is first touched. */
type EstimatePanel = (typeof import('./order-estimate-panel'))['OrderEstimatePanel'];
let estimator: Promise<EstimatePanel> | undefined;
function loadEstimator() {
  estimator ??= import('./order-estimate-panel').then((m) => m.OrderEstimatePanel).catch((error: unknown) => {
    estimator = undefined;
    throw error;
  });
  return estimator;
}

function warmUp() {
  void loadOrderSchema().catch(() => {});
  void loadEstimator().catch(() => {});
}

/**
 * The order form. Validates with the server's own schema before sending, so what the ticket accepts is
 * what the server accepts. `fieldErrors` is the page's one error state for the ticket: the ticket's own
 * checks and the server's field errors (e.g. too many decimals for the asset) land there alike, and a
 * field's error clears once its value changes.
 */
export function OrderTicket({
  symbol,
  lastPrice,
  pricePrecision,
  account,
  position,
  pending,
  fieldErrors,
  onSubmit,
}: {
  symbol: string;
  lastPrice: string | null;
  pricePrecision: number;
  /** Buying power and limits for the estimate; null while loading. */
  account: EstimateInput['account'] | null;
  position: EstimateInput['position'];
  pending: boolean;
  fieldErrors: FieldErrorState;
  onSubmit: (order: OrderRequest) => void;
}) {
  const hydrated = useHydrated();
  const [type, setType] = useState<(typeof TYPES)[number][0]>('market');
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const { errors: shown, show: setErrors, onChange } = fieldErrors;
  const needsLimit = type === 'limit' || type === 'stop_limit';
  const needsStop = type === 'stop' || type === 'stop_limit';
  const [typed, setTyped] = useState<{ qty: string; limitPrice: string; stopPrice: string }>({ qty: '', limitPrice: '', stopPrice: '' });
  const [EstimatePanel, setEstimatePanel] = useState<EstimatePanel | null>(null);
  const readTyped = (form: HTMLFormElement) => {
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    setTyped({ qty: field('qty'), limitPrice: field('limitPrice'), stopPrice: field('stopPrice') });
    if (!EstimatePanel) void loadEstimator().then((panel) => setEstimatePanel(() => panel), () => {});
  };

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      return v === '' ? undefined : v;
    };
    const schema = await loadOrderSchema().catch(() => null);
    if (!schema) {
      setErrors({ qty: ['Could not check the order (network error); try again'] });
      return;
    }
    const parsed = schema.placeOrderInput.safeParse({
      symbol,
      side,
      type,
      qty: value('qty') ?? '',
      limitPrice: needsLimit ? value('limitPrice') : undefined,
      stopPrice: needsStop ? value('stopPrice') : undefined,
      timeInForce: value('timeInForce'),
    });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues));
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
      onSubmit={(e) => void submit(e)}
      onChange={(e) => {
        onChange(e);
        readTyped(e.currentTarget);
      }}
      onFocus={warmUp}
      onPointerDown={warmUp}
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
        <input name="qty" inputMode="decimal" autoComplete="off" className={input} aria-invalid={shown.qty ? true : undefined} aria-describedby="qty-error" />
        {error('qty')}
      </label>
      {needsStop && (
        <label className="block text-sm">
          Stop price
          <input name="stopPrice" inputMode="decimal" autoComplete="off" className={input} aria-invalid={shown.stopPrice ? true : undefined} aria-describedby="stopPrice-error" />
          {error('stopPrice')}
        </label>
      )}
      {needsLimit && (
        <label className="block text-sm">
          Limit price
          <input name="limitPrice" inputMode="decimal" autoComplete="off" className={input} aria-invalid={shown.limitPrice ? true : undefined} aria-describedby="limitPrice-error" />
          {error('limitPrice')}
        </label>
      )}
      <label className="block text-sm">
        Time in force
        <select name="timeInForce" defaultValue={defaultTimeInForce(type)} key={type} className={input}>
          {TIME_IN_FORCE.map((t) => (
            <option key={t} value={t}>
              {t.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      {EstimatePanel && account && (
        <EstimatePanel
          symbol={symbol}
          order={{
            side,
            type,
            qty: typed.qty,
            limitPrice: needsLimit ? typed.limitPrice : undefined,
            stopPrice: needsStop ? typed.stopPrice : undefined,
            lastPrice,
            pricePrecision,
            account,
            position,
          }}
        />
      )}
      {error('form')}
      <button type="submit" disabled={!hydrated || pending} className={`w-full rounded py-2 font-medium text-white disabled:opacity-60 ${side === 'buy' ? 'bg-up' : 'bg-down'}`}>
        {pending ? 'Sending…' : `${side === 'buy' ? 'Buy' : 'Sell'} ${symbol}`}
      </button>
    </form>
  );
}
