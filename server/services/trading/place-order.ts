import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { isOpenOrderStatus, orders, paperAccounts, positions, type Order, type OrderSide, type OrderType, type TimeInForce } from '@/db/schema';
import { AppError } from '@/server/errors';
import { inlineTransaction } from '@/server/infra/db/inline-transaction';
import type { Db } from '@/server/infra/db/types';
import { isUniqueViolation } from '@/server/infra/db/unique-violation';
import { getLatestTick, getSymbolStatus, type PriceTick, type SymbolStatus } from '@/server/services/market/price-tick';
import { accountIdFor } from './accounts';
import { announceOrderChanges, type AccountEvent } from './account-events';
import { loadTradableAsset, type TradableAsset } from './assets';
import { closeOrder, type CloseReason } from './close-order';
import { slippedPrice } from './fill-model';
import { lockForOrder } from './lock-for-order';
import { cacheMarks, isStale } from './marks';
import { matchOrder } from './match-order';
import { oneRow } from './one-row';
import { money, str, usdText, type Money } from './money';
import { toFillView, toOrderView, type OrderView } from './order-view';
import { isRejectReason, rejectionError, type Rejection } from './rejections';
import { reserveFor } from './reservations';
import { checkStopSide } from './stop-side';
import { checkRisk } from './risk';
import { sessionEnd } from './session';
import type { TradingDeps } from './deps';

export interface PlaceOrderInput {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  /** Positive decimal strings, already checked for shape by the schema; precision is checked here. */
  qty: string;
  limitPrice?: string;
  stopPrice?: string;
  timeInForce: TimeInForce;
  clientOrderId?: string;
}

type Outcome = { order: Order; events: AccountEvent[]; rejection?: Rejection };

/**
 * Places an order for the user: one short transaction that locks the account row, replays an earlier
 * submit with the same clientOrderId, runs pre-trade risk, books the order with its reservation and fills
 * what the latest tick allows. Rejections are recorded (status rejected, with the reason) and then thrown.
 */
export async function placeOrder(deps: TradingDeps, userId: string, input: PlaceOrderInput): Promise<OrderView> {
  const asset = await loadTradableAsset(deps.db, input.symbol);
  checkPrecision(asset, input);
  const accountId = await accountIdFor(deps.db, userId);
  const requestHash = hashRequest(input);
  const [tick, status] = await Promise.all([getLatestTick(deps.cache, asset.symbol), getSymbolStatus(deps.cache, asset.symbol)]);

  let outcome: Outcome;
  try {
    outcome = await inlineTransaction(deps.db, (tx, { serialized }) =>
      placeInTransaction(tx, deps, accountId, asset, input, requestHash, tick, status, serialized),
    );
  } catch (error) {
    // The account lock already serialises submits; this covers a driver that let two through anyway.
    if (!input.clientOrderId || !isUniqueViolation(error)) throw error;
    outcome = await deps.db.transaction(async (tx) => {
      const existing = await findByClientOrderId(tx, accountId, input.clientOrderId!);
      return { order: replayed(existing!, requestHash), events: [] };
    });
  }

  await announceOrderChanges(deps.bus, accountId, outcome.events, outcome.events.length > 0 ? [toOrderView(outcome.order)] : []);
  if (outcome.rejection) throw rejectionError(outcome.rejection, outcome.order.id);
  if (outcome.order.status === 'rejected' && isRejectReason(outcome.order.reason)) {
    // A retry of a rejected submit gets the same answer as the first attempt.
    throw rejectionError({ reason: outcome.order.reason, message: outcome.order.reasonMessage ?? 'Order rejected' }, outcome.order.id);
  }
  return toOrderView(outcome.order);
}

async function placeInTransaction(
  tx: Db,
  deps: TradingDeps,
  accountId: string,
  asset: TradableAsset,
  input: PlaceOrderInput,
  requestHash: string,
  tick: PriceTick | null,
  status: SymbolStatus | null,
  serialized: boolean,
): Promise<Outcome> {
  const now = deps.clock();
  const { account: lockedAccount, halt, held } = await lockForOrder(tx, accountId, asset.symbol, now, serialized);
  let account = lockedAccount;
  if (input.clientOrderId) {
    const existing = await findByClientOrderId(tx, accountId, input.clientOrderId);
    if (existing) return { order: replayed(existing, requestHash), events: [] };
  }

  const position = held.find((p) => p.symbol === asset.symbol);
  const qty = money(input.qty);
  const live = tick && !isStale(tick, now) ? money(tick.price) : null;

  const values = {
    id: crypto.randomUUID(),
    accountId,
    clientOrderId: input.clientOrderId ?? null,
    requestHash,
    symbol: asset.symbol,
    side: input.side,
    type: input.type,
    timeInForce: input.timeInForce,
    qty: str(qty),
    limitPrice: input.limitPrice === undefined ? null : str(money(input.limitPrice)),
    stopPrice: input.stopPrice === undefined ? null : str(money(input.stopPrice)),
    expiresAt: input.timeInForce === 'day' ? sessionEnd(now) : null,
    createdAt: new Date(now),
  };

  let rejection: Rejection | null = null;
  if (input.type === 'market' && status?.session && !status.session.open) rejection = marketClosed(asset.symbol, status.session, now);
  if (!rejection && input.type === 'market' && !live) {
    rejection = tick
      ? { reason: 'PRICE_STALE', message: `The last ${asset.symbol} price is too old to trade at; try again shortly.` }
      : { reason: 'NO_PRICE', message: `There is no live ${asset.symbol} price to trade at yet.` };
  }
  rejection ??= checkStopSide({
    side: input.side,
    type: input.type,
    symbol: asset.symbol,
    stopPrice: input.stopPrice === undefined ? null : money(input.stopPrice),
    live,
    pricePrecision: asset.pricePrecision,
  });
  const refPrice = referencePrice(input, live, asset.pricePrecision);
  rejection ??= checkRisk({ account, side: input.side, symbol: asset.symbol, qty, refPrice, position, halt, now });
  if (rejection) return insertClosed(tx, values, { status: 'rejected', reason: rejection.reason, message: rejection.message }, rejection);

  const marks = cacheMarks(deps.cache);
  const events: AccountEvent[] = [];
  let order: Order;
  if (input.type === 'market') {
    // A market order trades now: it is written once, already filled, by the statement that books the fill.
    const draft: Order = {
      ...values,
      status: 'new',
      filledQty: '0',
      filledNotional: '0',
      avgFillPrice: null,
      reservedCash: '0',
      triggeredAt: null,
      lastFillTickTs: null,
      reason: null,
      reasonMessage: null,
      updatedAt: new Date(now),
    };
    const fok = input.timeInForce === 'fok';
    const result = await matchOrder({ tx, account, order: draft, asset, tick: tick!, now, marks, positions: held, allOrNothing: fok, newOrder: true });
    if (result.kind === 'idle') return insertClosed(tx, values, fokNotFilled);
    if (result.kind === 'insufficient_funds') {
      const funds = insufficientAtFill(result.needed, result.available);
      return insertClosed(tx, values, { status: 'rejected', reason: funds.reason, message: funds.message }, funds);
    }
    ({ account, order } = result);
    events.push({ type: 'fill', fill: toFillView(result.fill) });
  } else {
    const reserved = input.side === 'buy' ? reserveFor(values, qty, live, asset.pricePrecision) : money(0);
    order = oneRow(await tx.insert(orders).values({ ...values, reservedCash: str(reserved) }).returning());
    let positionsNow = held;
    if (input.side === 'buy') {
      account = oneRow(
        await tx
          .update(paperAccounts)
          .set({ reservedCash: str(money(account.reservedCash).plus(reserved)) })
          .where(eq(paperAccounts.id, accountId))
          .returning(),
      );
    } else {
      const updated = oneRow(
        await tx
          .update(positions)
          .set({ reservedQty: str(money(position!.reservedQty).plus(qty)) })
          .where(and(eq(positions.accountId, accountId), eq(positions.symbol, asset.symbol)))
          .returning(),
      );
      positionsNow = held.map((p) => (p.symbol === asset.symbol ? updated : p));
    }
    if (live && halt === undefined) {
      const fok = input.timeInForce === 'fok';
      const result = await matchOrder({ tx, account, order, asset, tick: tick!, now, marks, positions: positionsNow, allOrNothing: fok });
      ({ account, order } = result);
      if (result.kind === 'filled') events.push({ type: 'fill', fill: toFillView(result.fill) });
      if (result.kind === 'insufficient_funds') {
        // A stop that triggers at once can trade above its stop, beyond what was reserved for it.
        const funds = insufficientAtFill(result.needed, result.available);
        ({ order } = await closeOrder(tx, account, order, { status: 'rejected', reason: funds.reason, message: funds.message }));
        return { order, events: [{ type: 'order', order: toOrderView(order) }], rejection: funds };
      }
    }
  }
  if (isOpenOrderStatus(order.status) && (input.timeInForce === 'ioc' || input.timeInForce === 'fok')) {
    ({ order } = await closeOrder(tx, account, order, input.timeInForce === 'fok' ? fokNotFilled : iocRemainder));
  }
  events.unshift({ type: 'order', order: toOrderView(order) });
  return { order, events };
}

const fokNotFilled: CloseReason = {
  status: 'canceled',
  reason: 'FOK_NOT_FILLED',
  message: 'Fill-or-kill: the whole quantity could not be filled at once, so nothing was.',
};
const iocRemainder: CloseReason = {
  status: 'canceled',
  reason: 'IOC_REMAINDER',
  message: 'Immediate-or-cancel: the part that could not fill at once was canceled.',
};

function insufficientAtFill(needed: Money, available: Money): Rejection {
  return {
    reason: 'INSUFFICIENT_FUNDS',
    message: `Filling now needs ${usdText(needed)}; only ${usdText(available)} is free.`,
  };
}

/** Records an order that ends the moment it is placed (rejected, or a fok that could not fill), holding nothing. */
async function insertClosed(
  tx: Db,
  values: typeof orders.$inferInsert,
  close: CloseReason,
  rejection?: Rejection,
): Promise<Outcome> {
  const order = oneRow(
    await tx.insert(orders).values({ ...values, status: close.status, reason: close.reason, reasonMessage: close.message }).returning(),
  );
  return { order, events: [{ type: 'order', order: toOrderView(order) }], rejection };
}

/** The price risk and reservations assume: limit for limit-type orders, else the slipped stop or market price. */
function referencePrice(input: PlaceOrderInput, live: Money | null, pricePrecision: number): Money {
  if (input.type === 'limit' || input.type === 'stop_limit') return money(input.limitPrice!);
  if (input.type === 'stop') return slippedPrice(input.side, money(input.stopPrice!), pricePrecision);
  return live ? slippedPrice(input.side, live, pricePrecision) : money(0);
}

function replayed(existing: Order, requestHash: string): Order {
  if (existing.requestHash !== requestHash) {
    throw new AppError('CONFLICT', 'This clientOrderId was already used for a different order', {
      reason: 'CLIENT_ORDER_ID_REUSED',
      details: { orderId: existing.id },
    });
  }
  return existing;
}

async function findByClientOrderId(tx: Db, accountId: string, clientOrderId: string): Promise<Order | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.accountId, accountId), eq(orders.clientOrderId, clientOrderId)));
  return row;
}

/** Same body ⇔ same hash; decimals are canonicalised first so "1.0" and "1" are the same order. */
function hashRequest(input: PlaceOrderInput): string {
  const canonical = [
    input.symbol,
    input.side,
    input.type,
    input.timeInForce,
    str(money(input.qty)),
    input.limitPrice === undefined ? '' : str(money(input.limitPrice)),
    input.stopPrice === undefined ? '' : str(money(input.stopPrice)),
  ].join('|');
  return createHash('sha256').update(canonical).digest('hex');
}

/** Significant decimal places: "1.50" has one, so trailing zeros never fail a precision check. */
function decimals(value: string): number {
  return money(value).decimalPlaces();
}

function checkPrecision(asset: TradableAsset, input: PlaceOrderInput): void {
  const fieldErrors: Record<string, string[]> = {};
  if (decimals(input.qty) > asset.qtyPrecision) {
    fieldErrors.qty = [`${asset.symbol} quantities have at most ${asset.qtyPrecision} decimal places`];
  }
  for (const field of ['limitPrice', 'stopPrice'] as const) {
    const value = input[field];
    if (value !== undefined && decimals(value) > asset.pricePrecision) {
      fieldErrors[field] = [`${asset.symbol} prices have at most ${asset.pricePrecision} decimal places`];
    }
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError('BAD_REQUEST', 'Invalid input', { reason: 'PRECISION', details: { fieldErrors } });
  }
}

/**
 * A market order for a session-traded asset (an equity from a live source) outside its regular session is
 * refused, not queued: there is no price to fill at until the open, and an order filled at whatever the
 * open brings is not what "market" promised when it was sent. A limit order may rest until then.
 */
function marketClosed(symbol: string, session: NonNullable<SymbolStatus['session']>, now: number): Rejection {
  const opens = session.opensAt && session.opensAt > now ? ` It opens at ${new Date(session.opensAt).toISOString()}.` : '';
  return {
    reason: 'MARKET_CLOSED',
    message: `The ${symbol} market is closed, so market orders are refused.${opens} A limit order can rest until the open.`,
    details: { opensAt: session.opensAt },
  };
}
