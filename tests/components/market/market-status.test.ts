import { describe, expect, it } from 'vitest';
import { marketStatus } from '@/components/market/market-status';

const NOW = Date.UTC(2026, 10, 30, 2, 0, 0);

describe('marketStatus', () => {
  it('says nothing about a live price, open session or none', () => {
    expect(marketStatus(null, NOW, 2)).toBeNull();
    expect(marketStatus({ price: '97100.25', ts: NOW, stale: false, session: null }, NOW, 2)).toBeNull();
    const open = { open: true, opensAt: NOW - 3_600_000, closesAt: NOW + 3_600_000, timeZone: 'America/New_York' };
    expect(marketStatus({ price: '231.42', ts: NOW, stale: false, session: open }, NOW, 2)).toBeNull();
  });

  it('a closed market: the last close and the next open', () => {
    const session = { open: false, opensAt: Date.UTC(2026, 10, 30, 14, 30), closesAt: Date.UTC(2026, 10, 30, 21), timeZone: 'America/New_York' };
    const view = marketStatus({ price: '231.4', ts: NOW - 5 * 3_600_000, stale: false, session }, NOW, 2, 'America/New_York');
    expect(view).toMatchObject({ tone: 'closed', label: 'Market closed' });
    // (ICU versions differ on the comma after the weekday.)
    expect(view!.detail).toMatch(/^Last close 231\.40 · opens Mon,? 9:30\sAM EST\. Market orders wait for the open; limit orders can rest\.$/);
    // The next open unknown (after the close, before Yahoo rolls the period over): no time is made up.
    expect(marketStatus({ price: '231.4', ts: NOW, stale: false, session: { ...session, opensAt: null } }, NOW, 2)!.detail).toBe(
      'Last close 231.40. Market orders wait for the open; limit orders can rest.',
    );
  });

  it('a source that is down: the last price and its age, growing with the clock', () => {
    const tick = { price: '97100.25', ts: NOW - 45_000, stale: true, session: null };
    expect(marketStatus(tick, NOW, 2)).toEqual({
      tone: 'stale',
      label: 'Price delayed',
      detail: 'The price source is not answering: last price 97,100.25, 45 s ago.',
    });
    expect(marketStatus(tick, NOW + 10 * 60_000, 2)!.detail).toMatch(/, 11 min ago\.$/);
  });
});
