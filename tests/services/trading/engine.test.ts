import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { equitySnapshots, orders, paperAccounts, symbolHalts } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { ensureAccount } from '@/server/services/trading/accounts';
import { cancelOrder } from '@/server/services/trading/cancel-order';
import { expireDayOrders } from '@/server/services/trading/engine/expire-day-orders';
import { snapshotOpenAccounts } from '@/server/services/trading/engine/scheduled-snapshots';
import { TradingEngine } from '@/server/services/trading/engine/trading-engine';
import { PriceWindow } from '@/server/services/trading/engine/circuit-breaker';
import { haltSymbol, resumeSymbol, tripCircuitBreaker } from '@/server/services/trading/halts';
import { placeOrder, type PlaceOrderInput } from '@/server/services/trading/place-order';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, manualClock, pushTick, setLatestPrice, tradingDeps } from '../../support/trading';

let infra: Infra;
let engine: TradingEngine;
const time = manualClock(Date.UTC(2026, 0, 5, 22, 0, 0));
const deps = () => tradingDeps(infra, time.clock);
const errors: unknown[] = [];

beforeAll(async () => {
  infra = await createTestInfra();
  for (const s of ['LIM', 'STP', 'DAY', 'HLT', 'CBK', 'BIG', 'LST']) await insertAsset(infra, s, { pricePrecision: 2, qtyPrecision: 2 });
  engine = new TradingEngine(deps(), {
    circuitBreaker: { movePct: 20, windowMs: 60_000, haltMs: 5 * 60_000 },
    sweepMs: 0,
    snapshotMs: 0,
    resyncMs: 0,
    onError: (e) => errors.push(e),
  });
  await engine.start();
});
afterAll(async () => {
  await engine.stop();
  await infra.close();
});
afterEach(() => expect(errors).toEqual([]));

async function tick(symbol: string, price: string) {
  time.advance(1000);
  await pushTick(infra, symbol, price, time.now());
  await engine.idle();
}

async function order(id: string) {
  const [row] = await infra.db.select().from(orders).where(eq(orders.id, id));
  return row!;
}

async function trader() {
  const user = await insertUser(infra);
  const place = (input: Omit<PlaceOrderInput, 'timeInForce'> & { timeInForce?: PlaceOrderInput['timeInForce'] }) =>
    placeOrder(deps(), user.id, { timeInForce: 'gtc', ...input });
  return { user, place };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('resting orders', () => {
  it('a buy limit rests above the market and fills when a tick reaches it, never worse than the limit', async () => {
    const { place } = await trader();
    await tick('LIM', '105.00');
    const placed = await place({ symbol: 'LIM', side: 'buy', type: 'limit', qty: '2', limitPrice: '100.00' });
    expect(placed.status).toBe('new');
    await tick('LIM', '100.50');
    expect((await order(placed.id)).status).toBe('new');
    await tick('LIM', '99.98');
    const filled = await order(placed.id);
    expect(filled.status).toBe('filled');
    // 99.98 slipped 5 bps up is 100.03, above the limit: the limit price is what it pays.
    expect(filled.avgFillPrice).toBe('100');
    expect(engine.restingCount).toBe(0);
  });

  it('a sell stop triggers on the way down and fills at the slipped market price', async () => {
    const { place } = await trader();
    await tick('STP', '50.00');
    await place({ symbol: 'STP', side: 'buy', type: 'market', qty: '10' });
    const stop = await place({ symbol: 'STP', side: 'sell', type: 'stop', qty: '10', stopPrice: '45.00' });
    await tick('STP', '46.00');
    expect((await order(stop.id)).status).toBe('new');
    await tick('STP', '44.00');
    const done = await order(stop.id);
    expect(done.status).toBe('filled');
    // 44 × (1 − 0.0005) = 43.978, rounded down (against the seller) at 2 dp.
    expect(done.avgFillPrice).toBe('43.97');
  });

  it('a stop-limit triggers, then waits for its limit', async () => {
    const { place } = await trader();
    await tick('STP', '50.00');
    const sl = await place({ symbol: 'STP', side: 'buy', type: 'stop_limit', qty: '1', stopPrice: '52.00', limitPrice: '51.00' });
    await tick('STP', '52.50');
    const triggered = await order(sl.id);
    expect(triggered.triggeredAt).not.toBeNull();
    expect(triggered.status).toBe('new');
    await tick('STP', '50.90');
    expect((await order(sl.id)).status).toBe('filled');
  });

  it('day orders expire at 00:00 UTC and give their reserved cash back', async () => {
    const { user, place } = await trader();
    await tick('DAY', '10.00');
    const day = await place({ symbol: 'DAY', side: 'buy', type: 'limit', qty: '5', limitPrice: '9.00', timeInForce: 'day' });
    expect(day.expiresAt?.toISOString()).toBe('2026-01-06T00:00:00.000Z');
    const account = await ensureAccount(infra.db, user.id);
    expect(account.reservedCash).not.toBe('0');
    time.set(Date.UTC(2026, 0, 6, 0, 0, 1));
    expect(await expireDayOrders(deps())).toBeGreaterThanOrEqual(1);
    const expired = await order(day.id);
    expect(expired.status).toBe('expired');
    expect(expired.reason).toBe('DAY_ORDER_EXPIRED');
    const [after] = await infra.db.select().from(paperAccounts).where(eq(paperAccounts.id, account.id));
    expect(after!.reservedCash).toBe('0');
  });
});

describe('market remainders', () => {
  it('a gtc market order larger than one tick keeps filling on the following ticks', async () => {
    const { user, place } = await trader();
    const account = await ensureAccount(infra.db, user.id);
    await infra.db
      .update(paperAccounts)
      .set({ cash: '10000000', maxOrderNotional: '10000000', maxPositionNotional: '10000000' })
      .where(eq(paperAccounts.id, account.id));
    await tick('BIG', '100000.00');
    // 250,000 USD of liquidity per tick: 2.5 of the 6 on each tick.
    const big = await place({ symbol: 'BIG', side: 'buy', type: 'market', qty: '6' });
    expect([big.status, big.filledQty]).toEqual(['partially_filled', '2.5']);
    await tick('BIG', '100000.00');
    expect((await order(big.id)).filledQty).toBe('5');
    await tick('BIG', '100000.00');
    const done = await order(big.id);
    expect([done.status, done.filledQty, done.reservedCash]).toEqual(['filled', '6', '0']);
  });
});

describe('halts', () => {
  it('a halted symbol rejects new orders and leaves resting ones untouched until resumed', async () => {
    const admin = await insertUser(infra, 'admin');
    const { place } = await trader();
    await tick('HLT', '20.00');
    const resting = await place({ symbol: 'HLT', side: 'buy', type: 'limit', qty: '1', limitPrice: '19.00' });
    await haltSymbol(deps(), admin.id, { symbol: 'HLT', reason: 'news pending' });

    const refused = await rejection(place({ symbol: 'HLT', side: 'buy', type: 'market', qty: '1' }));
    expect(refused.code).toBe('RISK_LIMIT');
    expect(refused.reason).toBe('SYMBOL_HALTED');
    await tick('HLT', '18.00');
    const untouched = await order(resting.id);
    expect(untouched.status).toBe('new');
    expect(untouched.filledQty).toBe('0');

    await resumeSymbol(deps(), admin.id, 'HLT');
    await tick('HLT', '18.50');
    expect((await order(resting.id)).status).toBe('filled');
  });

  it('the circuit breaker halts a symbol on a spike inside its window and lifts after its halt time', async () => {
    const { place } = await trader();
    await tick('CBK', '100.00');
    await tick('CBK', '104.00');
    await place({ symbol: 'CBK', side: 'buy', type: 'market', qty: '1' });
    await tick('CBK', '126.00'); // +26 % inside 60 s
    expect(engine.isHalted('CBK')).toBe(true);
    const refused = await rejection(place({ symbol: 'CBK', side: 'buy', type: 'market', qty: '1' }));
    expect(refused.reason).toBe('SYMBOL_HALTED');

    time.advance(5 * 60_000);
    await setLatestPrice(infra, 'CBK', '126.00', time.now());
    expect(engine.isHalted('CBK')).toBe(false);
    expect((await place({ symbol: 'CBK', side: 'buy', type: 'market', qty: '1' })).status).toBe('filled');
  });

  it('a slow drift of the same size does not trip it', async () => {
    await insertAsset(infra, 'DRF', { pricePrecision: 2, qtyPrecision: 2 });
    for (const p of ['100.00', '108.00', '116.00', '124.00', '132.00']) {
      time.advance(40_000);
      await pushTick(infra, 'DRF', p, time.now());
      await engine.idle();
    }
    expect(engine.isHalted('DRF')).toBe(false);
  });

  it('a move of exactly the limit does not trip it (the move is not judged in binary floating point)', () => {
    const window = new PriceWindow(60_000);
    window.push(0, 0.7);
    expect(window.push(1_000, 0.77)).toBe(10); // 10.000000000000009 in doubles
  });

  it('the circuit breaker never replaces a manual halt in force, but does replace an expired one', async () => {
    const admin = await insertUser(infra, 'admin');
    await insertAsset(infra, 'MAN', { pricePrecision: 2, qtyPrecision: 2 });
    const trip = () => tripCircuitBreaker(deps(), { symbol: 'MAN', movePct: 30, windowMs: 60_000, haltMs: 60_000 });
    await haltSymbol(deps(), admin.id, { symbol: 'MAN', reason: 'by hand', durationMinutes: 10 });
    expect(await trip()).toBe(false);
    const [kept] = await infra.db.select().from(symbolHalts).where(eq(symbolHalts.symbol, 'MAN'));
    expect(kept).toMatchObject({ source: 'manual', reason: 'by hand' });
    time.advance(11 * 60_000);
    expect(await trip()).toBe(true);
    const [replaced] = await infra.db.select().from(symbolHalts).where(eq(symbolHalts.symbol, 'MAN'));
    expect(replaced).toMatchObject({ source: 'circuit_breaker' });
    await resumeSymbol(deps(), admin.id, 'MAN');
  });
});

describe('cancel', () => {
  it('canceling a resting sell gives the quantity back to the position', async () => {
    const { user, place } = await trader();
    await tick('LIM', '100.00');
    await place({ symbol: 'LIM', side: 'buy', type: 'market', qty: '3' });
    const sell = await place({ symbol: 'LIM', side: 'sell', type: 'limit', qty: '3', limitPrice: '150.00' });
    const tooMuch = await rejection(place({ symbol: 'LIM', side: 'sell', type: 'market', qty: '1' }));
    expect(tooMuch.reason).toBe('INSUFFICIENT_POSITION');
    await cancelOrder(deps(), user.id, sell.id);
    expect((await place({ symbol: 'LIM', side: 'sell', type: 'market', qty: '3' })).status).toBe('filled');
  });
});

describe('when the bus loses a message', () => {
  const silentBus = () => ({ ...infra.bus, publish: () => Promise.reject(new Error('redis timed out')) });

  it('the order is still placed, and a resync puts it in the books so it fills', async () => {
    const { user } = await trader();
    await tick('LST', '105.00');
    const resting = engine.restingCount;
    const placed = await placeOrder({ ...deps(), bus: silentBus() }, user.id, {
      symbol: 'LST', side: 'buy', type: 'limit', qty: '1', limitPrice: '100.00', timeInForce: 'gtc',
    });
    expect(placed.status).toBe('new');
    expect(engine.restingCount).toBe(resting); // the engine never heard of it
    await tick('LST', '99.90');
    expect((await order(placed.id)).status).toBe('new');
    await engine.resync();
    expect(engine.restingCount).toBe(resting + 1);
    await tick('LST', '99.95');
    expect((await order(placed.id)).status).toBe('filled');
  });

  it('a canceled order whose message was lost leaves the books at the next resync', async () => {
    const { user, place } = await trader();
    await tick('LST', '105.00');
    const placed = await place({ symbol: 'LST', side: 'buy', type: 'limit', qty: '1', limitPrice: '90.00' });
    const resting = engine.restingCount;
    await cancelOrder({ ...deps(), bus: silentBus() }, user.id, placed.id);
    expect(engine.restingCount).toBe(resting);
    await engine.resync();
    expect(engine.restingCount).toBe(resting - 1);
  });
});

describe('scheduled equity snapshots', () => {
  it('adds a point to the curve of every account holding a position, marked at the latest price', async () => {
    const { user, place } = await trader();
    await tick('LIM', '100.00');
    await place({ symbol: 'LIM', side: 'buy', type: 'market', qty: '1' });
    await tick('LIM', '110.00');
    expect(await snapshotOpenAccounts(deps())).toBeGreaterThanOrEqual(1);
    const account = await ensureAccount(infra.db, user.id);
    const points = await infra.db.select().from(equitySnapshots).where(eq(equitySnapshots.accountId, account.id));
    const scheduled = points.filter((p) => p.reason === 'schedule');
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.positionsValue).toBe('110');
  });
});
