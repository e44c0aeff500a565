import { describe, expect, it } from 'vitest';
import { runBacktest } from '@/server/services/bots/backtest/run-backtest';
import { seriesFromRows } from '@/server/services/bots/backtest/series';

const HOUR = 3_600_000;
/** [open, close] per bar; high and low just bracket them. */
function bars(pairs: [number, number][]) {
  return seriesFromRows(
    pairs.map(([o, c], i) => ({ t: i * HOUR, o: String(o), h: String(Math.max(o, c)), l: String(Math.min(o, c)), c: String(c), v: '1' })),
  );
}

describe('runBacktest: a 10-bar sma_cross run reproduced by hand', () => {
  // sma_cross {fast 1, slow 2}: long while close > previous close. Cash 1000, fee 100 bps, slippage 100 bps,
  // quantities to 2 decimals.
  const series = bars([
    [100, 100], // 0: warm-up (no SMA(2) yet)
    [100, 101], // 1: 101 > 100 → long
    [102, 104], // 2: buy at 102 × 1.01 = 103.02; qty ⌊1000 / (103.02 × 1.01)⌋ = ⌊9.6107⌋ = 9.61
    [105, 103], // 3: 103 < 104 → flat
    [102, 100], // 4: sell at 102 × 0.99 = 100.98
    [100, 102], // 5: long
    [110, 120], // 6: buy at 110 × 1.01 = 111.1; qty ⌊960.7912 / 112.211⌋ = ⌊8.5623⌋ = 8.56
    [120, 130], // 7
    [130, 125], // 8: flat
    [150, 140], // 9: sell at 150 × 0.99 = 148.5; the close's long signal has no next bar
  ]);
  const result = runBacktest(series, 'sma_cross', { fast: 1, slow: 2 }, {
    initialCash: '1000',
    feeBps: 100,
    slippageBps: 100,
    qtyPrecision: 2,
    intervalMinutes: 60,
  });

  it('fills at the next open with slippage, all-in quantity floored, fee from cash', () => {
    expect(result.fills.map((f) => [f.t / HOUR, f.side, f.qty.toFixed(), f.price.toFixed(), f.fee.toFixed()])).toEqual([
      [2, 'buy', '9.61', '103.02', '9.900222'], // notional 990.0222
      [4, 'sell', '9.61', '100.98', '9.704178'], // notional 970.4178
      [6, 'buy', '8.56', '111.1', '9.51016'], // notional 951.016
      [9, 'sell', '8.56', '148.5', '12.7116'], // notional 1271.16
    ]);
  });

  it('records round trips with PnL net of both fees', () => {
    expect(result.trades).toEqual([
      // 970.4178 − 9.704178 − 990.0222 − 9.900222
      { entryT: 2 * HOUR, exitT: 4 * HOUR, qty: '9.61', entryPrice: '103.02', exitPrice: '100.98', pnl: '-39.2088', fees: '19.6044' },
      // 1271.16 − 12.7116 − 951.016 − 9.51016
      { entryT: 6 * HOUR, exitT: 9 * HOUR, qty: '8.56', entryPrice: '111.1', exitPrice: '148.5', pnl: '297.92224', fees: '22.22176' },
    ]);
    expect(result.openPosition).toBeNull();
  });

  it('marks equity at every close (cash + qty × close) and derives the metrics from it', () => {
    expect(result.equity.map((p) => p.equity)).toEqual([
      '1000',
      '1000',
      '999.517578', // cash 0.077578 + 9.61 × 104
      '989.907578',
      '960.7912',
      '960.7912',
      '1027.46504', // cash 0.26504 + 8.56 × 120
      '1113.06504',
      '1070.26504',
      '1258.71344',
    ]);
    expect(result.finalEquity).toBe('1258.71344');
    expect(result.metrics).toMatchObject({
      totalReturn: '0.25871344',
      trades: 2,
      winRate: '0.5',
      expectancy: '129.35672', // (297.92224 − 39.2088) / 2
      exposure: '0.5', // long at the closes of bars 2, 3, 6, 7, 8
      maxDrawdown: '0.0392088', // 1000 → 960.7912
    });
    expect(Number(result.metrics.profitFactor)).toBeCloseTo(297.92224 / 39.2088, 9);
  });

  it('marks a position still open at the end instead of closing it', () => {
    const open = runBacktest(bars([[100, 100], [100, 101], [102, 104], [105, 106]]), 'sma_cross', { fast: 1, slow: 2 }, {
      initialCash: '1000',
      feeBps: 100,
      slippageBps: 100,
      qtyPrecision: 2,
      intervalMinutes: 60,
    });
    expect(open.trades).toEqual([]);
    expect(open.openPosition).toMatchObject({ qty: '9.61', entryT: 2 * HOUR });
    expect(open.finalEquity).toBe('1018.737578'); // 0.077578 + 9.61 × 106
    expect(open.metrics.trades).toBe(0);
    expect(open.metrics.winRate).toBeNull();
  });

  it('skips an entry the cash cannot buy one quantity step of', () => {
    const poor = runBacktest(bars([[100, 100], [100, 101], [102, 104]]), 'sma_cross', { fast: 1, slow: 2 }, {
      initialCash: '1',
      feeBps: 10,
      slippageBps: 5,
      qtyPrecision: 2,
      intervalMinutes: 60,
    });
    expect(poor.fills).toEqual([]);
    expect(poor.finalEquity).toBe('1');
  });
});
