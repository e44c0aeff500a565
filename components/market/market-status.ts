import type { PriceTick } from '@/components/trpc/outputs';
import { formatPrice } from './price-format';

export interface MarketStatusView {
  tone: 'closed' | 'stale';
  /** Short label for the badge. */
  label: string;
  /** The sentence beside it. */
  detail: string;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} d`;
}

/**
 * What the asset page says about a price that is not live: the market is closed (the last close, and when
 * it opens), or the source is down (the last price and how old it is). Null while the price is live. `now`
 * ages the tick from its own timestamp, so the age keeps growing between stream events.
 */
export function marketStatus(
  tick: Pick<PriceTick, 'price' | 'ts' | 'stale' | 'session'> | null,
  now: number,
  pricePrecision: number,
  timeZone?: string,
): MarketStatusView | null {
  if (!tick) return null;
  const price = formatPrice(tick.price, pricePrecision);
  if (tick.session && !tick.session.open) {
    const opens =
      tick.session.opensAt && tick.session.opensAt > now
        ? ` · opens ${new Date(tick.session.opensAt).toLocaleString('en-US', { weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' })}`
        : '';
    return { tone: 'closed', label: 'Market closed', detail: `Last close ${price}${opens}. Market orders wait for the open; limit orders can rest.` };
  }
  if (tick.stale) {
    return { tone: 'stale', label: 'Price delayed', detail: `The price source is not answering: last price ${price}, ${ago(now - tick.ts)} ago.` };
  }
  return null;
}
