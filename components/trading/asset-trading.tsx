'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useMemo, useState } from 'react';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import type { FillMark } from '@/components/market/chart-overlays';
import type { PriceLine } from '@/components/market/price-chart';
import { PriceChartLazy } from '@/components/market/price-chart-lazy';
import { useTRPC } from '@/components/trpc/react';
import { ORDER_TYPE_LABELS } from '@/contracts/enums';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { Toasts, useToasts } from '@/components/ui/toasts';
import type { PriceTick } from '@/components/trpc/outputs';
import { AssetExtras, type PickedPrice } from './asset-extras';
import { createFillAnnouncer } from './fill-announcer';
import { OrderTicket } from './order-ticket';

/**
 * The live part of the asset page: chart, order ticket, open orders and position, toasts on fills; below, the
 * quick alert (a click on the chart sets its price) and the symbol's bots.
 */
export function AssetTrading({ symbol, pricePrecision, initialPrice }: { symbol: string; pricePrecision: number; initialPrice: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toasts, push } = useToasts();
  const [lastPrice, setLastPrice] = useState(initialPrice);
  const ticketErrors = useFieldErrors();
  const [fills] = useState(createFillAnnouncer);
  const [picked, setPicked] = useState<PickedPrice | null>(null);

  const ordersOptions = trpc.trading.orders.queryOptions({ symbol, open: true, limit: 50 });
  const positionsOptions = trpc.trading.positions.queryOptions();
  const accountOptions = trpc.account.get.queryOptions();
  const fillsOptions = trpc.trading.fills.queryOptions({ symbol, limit: 200 });
  const orders = useQuery(ordersOptions);
  const recentFills = useQuery(fillsOptions);
  const account = useQuery(accountOptions);
  const positions = useQuery(positionsOptions);
  const position = positions.data?.data.find((p) => p.symbol === symbol);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ordersOptions.queryKey });
    void queryClient.invalidateQueries({ queryKey: positionsOptions.queryKey });
    void queryClient.invalidateQueries({ queryKey: accountOptions.queryKey });
    void queryClient.invalidateQueries({ queryKey: fillsOptions.queryKey });
  };

  const priceLines = useMemo<PriceLine[]>(() => {
    const lines: PriceLine[] = (orders.data?.data ?? []).flatMap((o) => {
      const color = o.side === 'buy' ? '#16a34a' : '#dc2626';
      return [
        ...(o.limitPrice ? [{ id: `${o.id}:limit`, price: o.limitPrice, title: `${o.side} ${o.qty} limit`, color }] : []),
        ...(o.stopPrice ? [{ id: `${o.id}:stop`, price: o.stopPrice, title: `${o.side} ${o.qty} stop`, color }] : []),
      ];
    });
    if (position) lines.push({ id: 'position', price: position.avgEntry, title: `position ${position.qty} avg`, color: '#6366f1' });
    return lines;
  }, [orders.data, position]);
  const fillMarks = useMemo<FillMark[]>(
    () => (recentFills.data?.data ?? []).map((f) => ({ id: f.id, ts: new Date(f.createdAt).getTime(), side: f.side, qty: f.qty })),
    [recentFills.data],
  );

  // Fills of resting orders arrive later: the account stream tells us.
  useSubscription(
    trpc.stream.account.subscriptionOptions(
      {},
      {
        onData: ({ data }) => {
          if (data.type === 'fill' && fills.streamed(data.fill.orderId)) {
            push('ok', `Filled ${data.fill.side} ${data.fill.qty} ${data.fill.symbol} @ ${data.fill.price}`);
          }
          refresh();
        },
      },
    ),
  );

  const place = useMutation(
    trpc.trading.placeOrder.mutationOptions({
      onSuccess: (order) => {
        ticketErrors.show({});
        if (order.status === 'rejected') push('error', order.reasonMessage ?? 'Order rejected');
        else if (order.status === 'filled') {
          if (fills.placed(order.id)) push('ok', `Filled ${order.side} ${order.filledQty} ${symbol} @ ${order.avgFillPrice}`);
        }
        else push('ok', `${ORDER_TYPE_LABELS[order.type][0]!.toUpperCase()}${ORDER_TYPE_LABELS[order.type].slice(1)} ${order.side} ${order.qty} ${symbol} is working${order.status === 'partially_filled' ? ` (${order.filledQty} filled)` : ''}`);
      },
      onError: (error) => {
        // A refused field (e.g. too many decimals) is marked on the ticket; anything else is a toast.
        const fields = fieldErrorsFrom(error);
        ticketErrors.show(fields);
        if (Object.keys(fields).length === 0) push('error', error.message);
      },
      onSettled: refresh,
    }),
  );
  const cancel = useMutation(
    trpc.trading.cancelOrder.mutationOptions({
      onSuccess: () => push('ok', 'Order canceled'),
      onError: (error) => push('error', error.message),
      onSettled: refresh,
    }),
  );
  const cancelOne = useMutation(trpc.trading.cancelOrder.mutationOptions());
  const cancelAll = useMutation({
    mutationFn: async (orderIds: string[]) => {
      const results = await Promise.allSettled(orderIds.map((orderId) => cancelOne.mutateAsync({ orderId })));
      return results.filter((r) => r.status === 'rejected').length;
    },
    // An order that filled meanwhile cannot be canceled: say how many were left, not a raw error per order.
    onSuccess: (failed, ids) =>
      failed ? push('error', `${ids.length - failed} of ${ids.length} orders canceled; the rest had already filled or closed`) : push('ok', `${ids.length} orders canceled`),
    onSettled: refresh,
  });

  const onPrice = (tick: PriceTick) => setLastPrice(tick.price);

  return (
    <>
      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-4">
          <PriceChartLazy
            symbol={symbol}
            pricePrecision={pricePrecision}
            onPrice={onPrice}
            priceLines={priceLines}
            fills={fillMarks}
            onPriceClick={(price) => setPicked((prev) => ({ price, n: (prev?.n ?? 0) + 1 }))}
          />
          <section aria-labelledby="open-orders" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
              <h2 id="open-orders" className="font-medium">
                Open orders
              </h2>
              {(orders.data?.data.length ?? 0) > 1 && (
                <ConfirmButton
                  question={`Cancel all ${orders.data!.data.length} open ${symbol} orders?`}
                  confirmLabel="Cancel all"
                  disabled={cancelAll.isPending}
                  onConfirm={() => cancelAll.mutate(orders.data!.data.map((o) => o.id))}
                  className="rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700"
                >
                  Cancel all
                </ConfirmButton>
              )}
            </div>
            {orders.isPending ? (
              <p className="text-sm text-zinc-500">Loading…</p>
            ) : !orders.data?.data.length ? (
              <p className="text-sm text-zinc-500">No open orders.</p>
            ) : (
              <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="open-orders">
                {orders.data.data.map((o) => (
                  <li key={o.id} className="flex items-center justify-between gap-2 py-2">
                    <span>
                      {o.side} {o.qty} · {ORDER_TYPE_LABELS[o.type]}
                      {o.limitPrice ? ` @ ${o.limitPrice}` : ''}
                      {o.stopPrice ? ` stop ${o.stopPrice}` : ''} · {o.timeInForce.toUpperCase()} · {o.status.replace('_', ' ')}
                    </span>
                    <button
                      type="button"
                      onClick={() => cancel.mutate({ orderId: o.id })}
                      disabled={cancel.isPending}
                      className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700"
                    >
                      Cancel
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div className="space-y-4">
          <OrderTicket
            symbol={symbol}
            lastPrice={lastPrice}
            pricePrecision={pricePrecision}
            account={account.data ?? null}
            position={position ?? null}
            pending={place.isPending} fieldErrors={ticketErrors} onSubmit={(o) => place.mutate(o)} />
          <section aria-labelledby="position-heading" className="rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
            <h2 id="position-heading" className="mb-2 font-medium">
              Position
            </h2>
            {position ? (
              <dl className="grid grid-cols-2 gap-2" data-testid="position">
                <dt className="text-zinc-500">Quantity</dt>
                <dd className="font-mono">{position.qty}</dd>
                <dt className="text-zinc-500">Avg entry</dt>
                <dd className="font-mono">{position.avgEntry}</dd>
                <dt className="text-zinc-500">Unrealized</dt>
                <dd className="font-mono">{position.unrealizedPnl ?? '—'}</dd>
              </dl>
            ) : (
              <p className="text-zinc-500">No position.</p>
            )}
          </section>
        </div>
        <Toasts toasts={toasts} />
      </div>
      <AssetExtras symbol={symbol} lastPrice={lastPrice} picked={picked} />
    </>
  );
}
