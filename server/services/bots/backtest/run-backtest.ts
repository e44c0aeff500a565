import type { BacktestMetrics, BacktestTrade, EquityPoint, StrategyName } from '@/contracts/bots';
import { Money } from '@/server/services/trading/money';
import { instantiate } from '../strategies';
import type { PositionView, StrategyCandle, Target } from '../strategies/types';
import { buyWithin, sellAll, type Fill, type FillCosts } from './fill-model';
import { computeMetrics } from './metrics';
import type { CandleSeries } from './series';

export interface BacktestConfig extends FillCosts {
  initialCash: string;
  intervalMinutes: number;
  /** Most points kept in the equity curve (evenly spaced, last bar always); metrics use every bar. */
  maxEquityPoints?: number;
  /** Called with each bar's decision (null: no change wanted), e.g. for a decision log or the lookahead guard. */
  onDecision?: (bar: number, target: Target | null) => void;
}

export interface BacktestResult {
  bars: number;
  metrics: BacktestMetrics;
  trades: BacktestTrade[];
  equity: EquityPoint[];
  finalEquity: string;
  /** The position still open at the end, marked at the last close (not closed). */
  openPosition: { qty: string; entryT: number; entryCost: string } | null;
  /** Every fill, in order (what a live bot on the same candles must reproduce). */
  fills: (Fill & { t: number })[];
}

const ZERO = new Money(0);

/**
 * Runs `strategy` over `series` under the execution model (fill-model.ts). The loop touches decimals only
 * when a fill happens or an equity point is kept; otherwise a bar costs the strategy call and one float mark.
 */
export function runBacktest(series: CandleSeries, strategyName: StrategyName, params: unknown, config: BacktestConfig): BacktestResult {
  const n = series.length;
  const { strategy, state } = instantiate(strategyName, params);
  const initialCash = new Money(config.initialCash);
  const step = Math.max(1, Math.ceil(n / (config.maxEquityPoints ?? 2000)));

  let cash = initialCash;
  let qty = ZERO;
  let cashF = cash.toNumber();
  let qtyF = 0;
  // The round trip in progress.
  let entryT = 0;
  let entryCost = ZERO;
  let entryFees = ZERO;

  const marks = new Float64Array(n);
  const equity: EquityPoint[] = [];
  const trades: BacktestTrade[] = [];
  const tradePnl: Money[] = [];
  const fills: BacktestResult['fills'] = [];
  let barsInPosition = 0;
  let pending: Target | null = null;

  const position: PositionView = { qty: 0, avgEntry: 0 };
  const candle: StrategyCandle = { t: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };

  const fillPending = (i: number, target: Target) => {
    const open = new Money(series.openText[i]!);
    const t = series.t[i]!;
    if (target.kind === 'flat') {
      const fill = sellAll(qty, open, config);
      cash = cash.plus(fill.notional).minus(fill.fee);
      const pnl = fill.notional.minus(fill.fee).minus(entryCost).minus(entryFees);
      trades.push({
        entryT,
        exitT: t,
        qty: qty.toFixed(),
        entryPrice: entryCost.div(qty).toDecimalPlaces(12).toFixed(),
        exitPrice: fill.price.toFixed(),
        pnl: pnl.toFixed(),
        fees: entryFees.plus(fill.fee).toFixed(),
      });
      tradePnl.push(pnl);
      fills.push({ ...fill, t });
      qty = ZERO;
      entryCost = ZERO;
      entryFees = ZERO;
    } else {
      const budget = target.kind === 'long' ? cash : Money.min(cash, new Money(target.quote));
      const fill = buyWithin(budget, open, config);
      if (!fill) return;
      if (qty.isZero()) entryT = t;
      cash = cash.minus(fill.notional).minus(fill.fee);
      qty = qty.plus(fill.qty);
      entryCost = entryCost.plus(fill.notional);
      entryFees = entryFees.plus(fill.fee);
      fills.push({ ...fill, t });
    }
    cashF = cash.toNumber();
    qtyF = qty.toNumber();
    position.qty = qtyF;
    position.avgEntry = qtyF > 0 ? entryCost.toNumber() / qtyF : 0;
  };

  for (let i = 0; i < n; i++) {
    if (pending !== null) {
      fillPending(i, pending);
      pending = null;
    }
    const close = series.close[i]!;
    marks[i] = qtyF > 0 ? cashF + qtyF * close : cashF;
    if (qtyF > 0) barsInPosition++;
    if (i % step === 0 || i === n - 1) {
      equity.push({ t: series.t[i]!, equity: (qtyF > 0 ? cash.plus(qty.mul(series.closeText[i]!)) : cash).toFixed() });
    }

    candle.t = series.t[i]!;
    candle.open = series.open[i]!;
    candle.high = series.high[i]!;
    candle.low = series.low[i]!;
    candle.close = close;
    candle.volume = series.volume[i]!;
    const target = strategy.onCandle(candle, state, position);
    config.onDecision?.(i, target);
    if (target === null) continue;
    // A target already met needs no order: long while long, flat while flat.
    if (target.kind === 'flat' ? qtyF > 0 : target.kind === 'buy' || qtyF === 0) pending = target;
  }

  const finalEquity = n === 0 ? initialCash : qtyF > 0 ? cash.plus(qty.mul(series.closeText[n - 1]!)) : cash;
  const spanMs = n === 0 ? 0 : series.t[n - 1]! - series.t[0]! + config.intervalMinutes * 60_000;
  return {
    bars: n,
    metrics: computeMetrics({
      equity: marks,
      initialCash,
      finalEquity,
      tradePnl,
      barsInPosition,
      intervalMinutes: config.intervalMinutes,
      spanMs,
    }),
    trades,
    equity,
    finalEquity: finalEquity.toFixed(),
    openPosition: qty.isZero() ? null : { qty: qty.toFixed(), entryT, entryCost: entryCost.plus(entryFees).toFixed() },
    fills,
  };
}
