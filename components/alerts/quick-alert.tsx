'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import type { PickedPrice } from '@/components/trading/asset-extras';
import { useHydrated } from '@/components/ui/use-hydrated';

const CONDITIONS = [
  ['crosses_above', 'Crosses above'],
  ['crosses_below', 'Crosses below'],
  ['above', 'Is above'],
  ['below', 'Is below'],
] as const;

/**
 * A price alert for this asset, from its page: a level (the last price to start from) and a condition; the
 * other conditions and frequencies are on /alerts. Fires into the inbox (the header's bell). A click on the
 * chart (`picked`) puts that price in the field and picks the crossing toward it: above the last price
 * "crosses above", below it "crosses below".
 */
export function QuickAlert({ symbol, lastPrice, picked = null }: { symbol: string; lastPrice: string | null; picked?: PickedPrice | null }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [condition, setCondition] = useState<(typeof CONDITIONS)[number][0]>('crosses_above');
  const [created, setCreated] = useState<string | null>(null);
  const { errors, show, onChange } = useFieldErrors();
  const create = useMutation(trpc.alerts.create.mutationOptions());
  /** What the trader typed or clicked; until then the field follows the last price. */
  const [typed, setTyped] = useState<string | null>(null);
  const value = typed ?? lastPrice ?? '';
  const priceInput = useRef<HTMLInputElement>(null);
  // A new click on the chart: its price, and the crossing toward it (set while rendering, not in an effect).
  const [appliedPick, setAppliedPick] = useState(0);
  if (picked && picked.n !== appliedPick) {
    setAppliedPick(picked.n);
    setTyped(picked.price);
    if (lastPrice !== null) setCondition(Number(picked.price) >= Number(lastPrice) ? 'crosses_above' : 'crosses_below');
    if (Object.keys(errors).length) show({});
  }
  useEffect(() => {
    if (picked) priceInput.current?.focus({ preventScroll: true });
  }, [picked]);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const level = value.trim();
    try {
      await create.mutateAsync({ symbol, condition, value: level, frequency: 'once', note: '', email: false });
      show({});
      setCreated(`${CONDITIONS.find(([c]) => c === condition)![1]} ${level}`);
      void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
    } catch (error) {
      const fields = fieldErrorsFrom(error);
      show(Object.keys(fields).length ? fields : { value: [error instanceof Error ? error.message : 'Could not create the alert'] });
    }
  }

  return (
    <form onSubmit={submit} onChange={onChange} aria-label={`Price alert for ${symbol}`} className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="font-medium">Price alert</h2>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Condition</span>
        <select
          value={condition}
          onChange={(e) => setCondition(e.target.value as (typeof CONDITIONS)[number][0])}
          className="w-full rounded border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
        >
          {CONDITIONS.map(([c, label]) => (
            <option key={c} value={c}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <Field ref={priceInput} label="Price" name="value" inputMode="decimal" value={value} onChange={(e) => setTyped(e.target.value)} errors={errors.value} />
      <p className="text-xs text-zinc-500">Tip: click a price on the chart to set it here.</p>
      <button type="submit" disabled={!hydrated || create.isPending} className="w-full rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
        {create.isPending ? 'Creating…' : 'Create alert'}
      </button>
      {created && (
        <p role="status" className="text-xs text-zinc-500">
          Alert set: {symbol} {created.toLowerCase()}. It lands in your{' '}
          <Link href="/notifications" className="text-brand underline">
            inbox
          </Link>
          .
        </p>
      )}
    </form>
  );
}
