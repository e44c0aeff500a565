import { describe, expect, it } from 'vitest';
import { tickAsOf, UNWATCHED_STALE_MS, type PriceTick, type SymbolStatus } from '@/server/services/market/price-tick';

const NOW = Date.UTC(2026, 10, 30, 2, 0, 0);
const stored: PriceTick = { symbol: 'BTC', price: '97000.00', ts: NOW - 5_000, change24h: 1.2, stale: false, ageMs: 0, session: null };
const closed = { open: false, opensAt: NOW + 7 * 3_600_000, closesAt: NOW + 13.5 * 3_600_000, timeZone: 'America/New_York' };

describe('tickAsOf: a stored tick as readers see it', () => {
  it('ages the tick and takes stale and session from the feed status', () => {
    const down: SymbolStatus = { source: 'binance', stale: true, lastTickAt: NOW - 5_000, session: null };
    expect(tickAsOf(stored, down, NOW)).toEqual({ ...stored, ageMs: 5_000, stale: true });
    const aapl: SymbolStatus = { source: 'yahoo', stale: false, lastTickAt: NOW - 3_600_000, session: closed };
    expect(tickAsOf({ ...stored, symbol: 'AAPL', ts: NOW - 3_600_000 }, aapl, NOW)).toMatchObject({ stale: false, ageMs: 3_600_000, session: closed });
  });

  it('with no status (no feed running): stale once older than a minute, unless its market is closed', () => {
    expect(tickAsOf(stored, null, NOW).stale).toBe(false);
    expect(tickAsOf(stored, null, stored.ts + UNWATCHED_STALE_MS + 1)).toMatchObject({ stale: true, ageMs: UNWATCHED_STALE_MS + 1 });
    expect(tickAsOf({ ...stored, session: closed }, null, NOW + 3_600_000).stale).toBe(false);
    expect(tickAsOf({ ...stored, ts: NOW + 10 }, null, NOW).ageMs).toBe(0); // a clock a little behind the source
  });
});
