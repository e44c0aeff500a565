import type { PaperAccount } from '@/db/schema';
import type { TradingDeps } from './deps';
import { ensureAccount } from './accounts';
import { cacheMarks } from './marks';
import { money, str } from './money';
import { positionsValue } from './snapshots';

/** Cash, equity (cash + positions at their live marks) and buying power (cash not held by open buys). */
export async function getAccountSummary(deps: Pick<TradingDeps, 'db' | 'cache'>, userId: string) {
  const account = await ensureAccount(deps.db, userId);
  return summarize(deps, account);
}

export async function summarize(deps: Pick<TradingDeps, 'db' | 'cache'>, account: PaperAccount) {
  const cash = money(account.cash);
  const value = await positionsValue(deps.db, account.id, cacheMarks(deps.cache));
  return {
    id: account.id,
    currency: account.currency,
    cash: str(cash),
    reservedCash: str(money(account.reservedCash)),
    buyingPower: str(cash.minus(account.reservedCash)),
    positionsValue: str(value),
    equity: str(cash.plus(value)),
    initialCash: str(money(account.initialCash)),
    realizedPnl: str(money(account.realizedPnl)),
    feesPaid: str(money(account.feesPaid)),
    killSwitch: account.killSwitch,
    limits: {
      maxOrderNotional: str(money(account.maxOrderNotional)),
      maxPositionNotional: str(money(account.maxPositionNotional)),
      dailyLossLimit: str(money(account.dailyLossLimit)),
    },
    resetAt: account.resetAt,
  };
}
export type AccountSummary = Awaited<ReturnType<typeof summarize>>;
