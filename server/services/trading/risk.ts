import type { OrderSide, PaperAccount, Position, SymbolHalt } from '@/db/schema';
import { buyCost } from './fill-model';
import { money, str, usdText as usd, ZERO, type Money } from './money';
import type { Rejection } from './rejections';

export interface RiskInput {
  account: PaperAccount;
  side: OrderSide;
  symbol: string;
  qty: Money;
  /** The price the order is expected to trade at (slipped market, limit, or slipped stop). */
  refPrice: Money;
  position: Position | undefined;
  halt: SymbolHalt | undefined;
  now: number;
}

/**
 * Pre-trade risk, run inside the order's transaction with the account row locked, so what it reads cannot
 * change before the order is booked. Sells that only reduce a long position pass the loss and exposure
 * checks: a trader at their loss limit must still be able to get out.
 */
export function checkRisk(input: RiskInput): Rejection | null {
  const { account, side, symbol, qty, refPrice, position, halt, now } = input;
  if (account.killSwitch) {
    return { reason: 'KILL_SWITCH', message: 'Trading is switched off for this account (kill switch is on).' };
  }
  if (halt) {
    const until = halt.until ? ` until ${halt.until.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ' until an admin resumes it';
    return {
      reason: 'SYMBOL_HALTED',
      message: `Trading in ${symbol} is halted${until}: ${halt.reason}.`,
      details: { symbol, source: halt.source, until: halt.until },
    };
  }
  const notional = qty.mul(refPrice);
  if (notional.greaterThan(account.maxOrderNotional)) {
    return {
      reason: 'MAX_ORDER_NOTIONAL',
      message: `This order is worth about ${usd(notional)}; one order may be worth at most ${usd(money(account.maxOrderNotional))}.`,
      details: { notional: str(notional), limit: account.maxOrderNotional },
    };
  }
  if (side === 'sell') {
    const available = position ? money(position.qty).minus(position.reservedQty) : ZERO;
    if (qty.greaterThan(available)) {
      return {
        reason: 'INSUFFICIENT_POSITION',
        message: `You can sell at most ${str(available)} ${symbol} (long-only: no short selling).`,
        details: { available: str(available) },
      };
    }
    return null;
  }
  const day = new Date(now).toISOString().slice(0, 10);
  const dayPnl = account.dayPnlDate === day ? money(account.dayPnl) : ZERO;
  if (dayPnl.neg().greaterThanOrEqualTo(account.dailyLossLimit)) {
    return {
      reason: 'DAILY_LOSS_LIMIT',
      message: `Today's realized loss of ${usd(dayPnl.neg())} has reached the daily limit of ${usd(money(account.dailyLossLimit))}; new buys are blocked until 00:00 UTC.`,
      details: { dayPnl: str(dayPnl), limit: account.dailyLossLimit },
    };
  }
  const positionNotional = money(position?.qty ?? 0).plus(qty).mul(refPrice);
  if (positionNotional.greaterThan(account.maxPositionNotional)) {
    return {
      reason: 'MAX_POSITION_NOTIONAL',
      message: `This would make your ${symbol} position worth about ${usd(positionNotional)}; the limit per position is ${usd(money(account.maxPositionNotional))}.`,
      details: { positionNotional: str(positionNotional), limit: account.maxPositionNotional },
    };
  }
  const cost = buyCost(qty, refPrice);
  const buyingPower = money(account.cash).minus(account.reservedCash);
  if (cost.greaterThan(buyingPower)) {
    return {
      reason: 'INSUFFICIENT_FUNDS',
      message: `This order needs about ${usd(cost)} including fees; your buying power is ${usd(buyingPower)}.`,
      details: { needed: str(cost), buyingPower: str(buyingPower) },
    };
  }
  return null;
}
