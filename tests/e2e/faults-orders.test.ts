import Decimal from 'decimal.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../support/fault-calls';
import { startFaultDeployment, type FaultDeployment } from '../support/fault-cloud';
import { announceSkip, services } from '../support/services';

/**
 * Fault injection, issue 20: 1,000 market orders while the database link flaps (down 500 ms, up 500 ms),
 * sent over REST with modest concurrency, each with its own Idempotency-Key. Afterwards, read straight from
 * Postgres (not through the proxy):
 * - every acknowledged order (201) is in the ledger exactly once, filled, with exactly its fill;
 * - every acknowledged rejection (a 4xx naming an order) is stored once, with no fill;
 * - every failed order (503, any other 5xx, no answer) is absent;
 * - every order answered 503 OUTCOME_UNKNOWN (the connection died during or after COMMIT) is resolved after
 *   recovery by retrying its Idempotency-Key: the retry's answer (201, or a 4xx naming the order) is the
 *   truth, and the order is then checked as acknowledged or rejected like the others — exactly once;
 * - each account's cash = initial cash − Σ (notional + fee) of its fills, exactly (decimal arithmetic).
 * And every failure the clients saw was an honest 503 with Retry-After.
 */
announceSkip('postgres', 'order flap');
announceSkip('redis', 'order flap');

const ORDERS = Number(process.env.FAULT_FLAP_ORDERS ?? 1_000);
const ACCOUNTS = 5; // the `trade` limit is per user (600/min): 200 orders each stays under it
const CONCURRENCY = 4;
/** Orders not sent by then are not sent (the test then fails saying how far it got). */
const SEND_BUDGET_MS = 180_000;
const FLAP_MS = 500;
const QTY = '0.001';
const RECOVERY_BOUND_MS = 30_000;

type Outcome =
  | { kind: 'acked'; key: string; account: number; orderId: string }
  | { kind: 'rejected'; key: string; account: number; orderId: string; status: number; reason?: string }
  | { kind: 'failed'; key: string; account: number; status: number; retryAfter: string | null; why: string };

/** Orders answered 503 OUTCOME_UNKNOWN during the flap, and what retrying their key said after recovery. */
interface Unknown {
  key: string;
  account: number;
  retryAfter: string | null;
  resolvedAs?: Outcome['kind'];
}

describe.skipIf(!services.postgres || !services.redis)(`${ORDERS} orders while the database link flaps every ${FLAP_MS} ms`, () => {
  let d: FaultDeployment;
  let db: pg.Client;
  const accounts: { token: string; accountId: string; ip: string }[] = [];
  let warmupToken = '';
  /** Seconds from the link healing to a market order taken again, or null past RECOVERY_BOUND_MS. */
  let recoveredIn: number | null = null;
  const outcomes: Outcome[] = [];
  const unknowns: Unknown[] = [];
  let seconds = 0;

  beforeAll(async () => {
    // Leases outlive a flap (a renewal retried in the next up half), so the feed keeps the price fresh.
    d = await startFaultDeployment({ postgresUrl: services.postgres!, redisUrl: services.redis!, env: { SINGLETON_LEASE_TTL_MS: '15000' } });
    db = new pg.Client({ connectionString: d.databaseUrl });
    await db.connect();
    const base = d.web.url;
    for (let i = 0; i < ACCOUNTS; i++) {
      const email = `flap-${i}-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const ip = `203.0.113.${10 + i}`;
      const created = await send(base, 'POST', '/auth/register', { body: { email, password: 'password-123', name: `flap ${i}` }, ip });
      expect(created.status).toBe(201);
      const token = (await send(base, 'POST', '/auth/token', { body: { email, password: 'password-123' }, ip })).json as { accessToken: string };
      const account = await send(base, 'GET', '/account', { token: token.accessToken, ip });
      expect(account.status).toBe(200);
      accounts.push({ token: token.accessToken, accountId: (account.json as { id: string }).id, ip });
    }
    // A live price before the flapping starts: a market order of an account of its own is filled.
    const email = `flap-warmup-${crypto.randomUUID().slice(0, 6)}@example.test`;
    await send(base, 'POST', '/auth/register', { body: { email, password: 'password-123', name: 'warm-up' }, ip: '203.0.113.9' });
    const warmup = (await send(base, 'POST', '/auth/token', { body: { email, password: 'password-123' }, ip: '203.0.113.9' })).json as { accessToken: string };
    warmupToken = warmup.accessToken;
    const deadline = Date.now() + 90_000;
    const filled = async () =>
      (await send(base, 'POST', '/orders', { token: warmup.accessToken, ip: '203.0.113.9', body: { symbol: 'BTC', side: 'buy', type: 'market', qty: QTY } })).status === 201;
    while (!(await filled())) {
      if (Date.now() > deadline) throw new Error(`no live BTC price within 90 s:\n${d.workerLog().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await d?.stop();
  }, 60_000);

  it('sends the orders through the flapping link', async () => {
    const run = crypto.randomUUID().slice(0, 8);
    const started = performance.now();
    await d.postgres.set({ mode: 'flap', periodMs: FLAP_MS });
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < ORDERS; i = next++) {
            if (performance.now() - started > SEND_BUDGET_MS) break;
            const account = i % ACCOUNTS;
            const key = `flap-${run}-${i}`;
            const a = await send(d.web.url, 'POST', '/orders', {
              token: accounts[account]!.token,
              ip: accounts[account]!.ip,
              body: { symbol: 'BTC', side: 'buy', type: 'market', qty: QTY },
              headers: { 'idempotency-key': key },
              timeoutMs: 15_000,
            });
            const body = a.json as { id?: string; error?: { details?: { orderId?: string } } } | null;
            const orderId = body?.id ?? body?.error?.details?.orderId;
            if (a.status === 503 && a.reason === 'OUTCOME_UNKNOWN') unknowns.push({ key, account, retryAfter: a.retryAfter });
            else if (a.status === 201 && body?.id) outcomes.push({ kind: 'acked', key, account, orderId: body.id });
            else if (a.status >= 400 && a.status < 500 && orderId) outcomes.push({ kind: 'rejected', key, account, orderId, status: a.status, reason: a.reason });
            else outcomes.push({ kind: 'failed', key, account, status: a.status, retryAfter: a.retryAfter, why: a.failure ?? `${a.status} ${a.code ?? ''} ${a.message ?? ''}` });
          }
        }),
      );
    } finally {
      await d.postgres.set({ mode: 'pass' });
    }
    seconds = (performance.now() - started) / 1000;
    // Recovery: ready, and a market order (of the warm-up account, outside the ledger checks) taken again.
    const healed = Date.now();
    for (let i = 0; Date.now() - healed < RECOVERY_BOUND_MS; i++) {
      const ready = await fetch(`${d.web.url}/api/ready`).then((r) => r.status, () => 0);
      const order = ready === 200
        ? await send(d.web.url, 'POST', '/orders', { token: warmupToken, ip: '203.0.113.9', body: { symbol: 'BTC', side: 'buy', type: 'market', qty: QTY }, headers: { 'idempotency-key': `recovery-${run}-${i}` } })
        : null;
      if (order?.status === 201) {
        recoveredIn = (Date.now() - healed) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // Whatever the server still had in flight settles before the ledger is read.
    await new Promise((r) => setTimeout(r, 2_000));
    // An unknown outcome is resolved as a client would: the same request with the same Idempotency-Key. Its
    // answer is then held to the same checks as any other (acknowledged once, rejected once, or absent).
    for (const u of unknowns) {
      const a = await send(d.web.url, 'POST', '/orders', {
        token: accounts[u.account]!.token,
        ip: accounts[u.account]!.ip,
        body: { symbol: 'BTC', side: 'buy', type: 'market', qty: QTY },
        headers: { 'idempotency-key': u.key },
      });
      const body = a.json as { id?: string; error?: { details?: { orderId?: string } } } | null;
      const orderId = body?.id ?? body?.error?.details?.orderId;
      const outcome: Outcome =
        a.status === 201 && body?.id
          ? { kind: 'acked', key: u.key, account: u.account, orderId: body.id }
          : a.status >= 400 && a.status < 500 && orderId
            ? { kind: 'rejected', key: u.key, account: u.account, orderId, status: a.status, reason: a.reason }
            : { kind: 'failed', key: u.key, account: u.account, status: a.status, retryAfter: a.retryAfter, why: `after OUTCOME_UNKNOWN, the retry: ${a.failure ?? `${a.status} ${a.code ?? ''} ${a.message ?? ''}`}` };
      u.resolvedAs = outcome.kind;
      outcomes.push(outcome);
    }
    const count = (k: Outcome['kind']) => outcomes.filter((o) => o.kind === k).length;
    const resolved = (k: Outcome['kind']) => unknowns.filter((u) => u.resolvedAs === k).length;
    console.log(
      `order flap: ${ORDERS} orders in ${seconds.toFixed(1)} s, link flapping every ${FLAP_MS} ms: ` +
        `${count('acked')} acknowledged, ${count('rejected')} rejected, ${count('failed')} failed ` +
        `(of which ${unknowns.length} were first answered 503 OUTCOME_UNKNOWN; their retry: ${resolved('acked')} placed, ` +
        `${resolved('rejected')} rejected, ${resolved('failed')} absent/failed); ` +
        `orders taken again ${recoveredIn === null ? `not within ${RECOVERY_BOUND_MS / 1000} s` : `${recoveredIn.toFixed(1)} s`} after the link healed`,
    );
    expect(outcomes.length, `orders answered within ${SEND_BUDGET_MS / 1000} s`).toBe(ORDERS);
    // The flapping was felt, and orders still went through between flaps.
    expect(count('acked')).toBeGreaterThan(0);
    expect(d.postgres.stats().cut).toBeGreaterThan(0);
  }, 300_000);

  it(`takes orders again within ${RECOVERY_BOUND_MS / 1000} s of the link healing`, () => {
    expect(recoveredIn, 'POST /orders after a database flap: not taking orders again within the bound').not.toBeNull();
  });

  it('has every acknowledged order in the ledger exactly once, filled once', async () => {
    const acked = outcomes.filter((o) => o.kind === 'acked');
    const { rows } = await db.query<{ client_order_id: string; id: string; status: string; n: string; fills: string }>(
      `select o.client_order_id, o.id, o.status, count(*) over (partition by o.client_order_id) as n,
              (select count(*) from fills f where f.order_id = o.id) as fills
         from orders o where o.client_order_id = any($1)`,
      [acked.map((o) => o.key)],
    );
    const byKey = new Map(rows.map((r) => [r.client_order_id, r]));
    const wrong = acked
      .map((o) => ({ o, r: byKey.get(o.key) }))
      .filter(({ o, r }) => !r || r.id !== o.orderId || r.n !== '1' || r.status !== 'filled' || r.fills !== '1')
      .map(({ o, r }) => `${o.key}: ${r ? `stored as ${r.id} (${r.status}), ${r.n} rows, ${r.fills} fills` : 'missing'}`);
    expect(wrong).toEqual([]);
  });

  it('has every acknowledged rejection stored once with no fill', async () => {
    const rejected = outcomes.filter((o) => o.kind === 'rejected');
    const { rows } = await db.query<{ client_order_id: string; status: string; fills: string }>(
      `select o.client_order_id, o.status, (select count(*) from fills f where f.order_id = o.id) as fills
         from orders o where o.client_order_id = any($1)`,
      [rejected.map((o) => o.key)],
    );
    expect(rows.filter((r) => r.status !== 'rejected' || r.fills !== '0')).toEqual([]);
    expect(rows).toHaveLength(rejected.length);
  });

  it('has no trace of any failed order', async () => {
    const failed = outcomes.filter((o) => o.kind === 'failed');
    const { rows } = await db.query<{ client_order_id: string; status: string }>(
      "select client_order_id, status || coalesce(' ' || reason, '') as status from orders where client_order_id = any($1)",
      [failed.map((o) => o.key)],
    );
    const told = new Map(failed.map((o) => [o.key, o.why]));
    expect(rows.map((r) => `${r.client_order_id} is stored (${r.status}) though the client was told: ${told.get(r.client_order_id)}`)).toEqual([]);
  });

  it('balances each account: cash = initial − Σ (notional + fee) of its fills, exactly', async () => {
    for (const { accountId } of accounts) {
      const account = (await db.query<{ initial_cash: string; cash: string }>('select initial_cash::text, cash::text from paper_accounts where id = $1', [accountId])).rows[0]!;
      const fills = (await db.query<{ side: string; notional: string; fee: string }>('select side, notional::text, fee::text from fills where account_id = $1', [accountId])).rows;
      expect(fills.every((f) => f.side === 'buy')).toBe(true);
      const spent = fills.reduce((sum, f) => sum.plus(f.notional).plus(f.fee), new Decimal(0));
      expect(new Decimal(account.cash).equals(new Decimal(account.initial_cash).minus(spent)), `${accountId}: cash ${account.cash}, initial ${account.initial_cash} − ${spent.toString()}`).toBe(true);
    }
  });

  it('resolves a failed order by retrying its Idempotency-Key after recovery: stored exactly once', async () => {
    // Runs after the ledger checks above (it places orders). Every failed order whose commit did reach the
    // database, and a sample of the absent ones.
    const failed = outcomes.filter((o) => o.kind === 'failed');
    const { rows } = await db.query<{ client_order_id: string }>('select client_order_id from orders where client_order_id = any($1)', [failed.map((o) => o.key)]);
    const stored = new Set(rows.map((r) => r.client_order_id));
    const sample = [...failed.filter((o) => stored.has(o.key)), ...failed.filter((o) => !stored.has(o.key)).slice(0, 20)];
    const wrong: string[] = [];
    for (const o of sample) {
      const a = await send(d.web.url, 'POST', '/orders', {
        token: accounts[o.account]!.token,
        ip: accounts[o.account]!.ip,
        body: { symbol: 'BTC', side: 'buy', type: 'market', qty: QTY },
        headers: { 'idempotency-key': o.key },
      });
      if (a.status !== 201 && a.status !== 422) wrong.push(`${o.key}: retry answered ${a.status} ${a.message ?? ''}`);
    }
    const after = await db.query<{ client_order_id: string; n: string }>(
      'select client_order_id, count(*)::text as n from orders where client_order_id = any($1) group by 1',
      [sample.map((o) => o.key)],
    );
    const counts = new Map(after.rows.map((r) => [r.client_order_id, r.n]));
    for (const o of sample) if (counts.get(o.key) !== '1') wrong.push(`${o.key}: ${counts.get(o.key) ?? 0} rows after the retry`);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('answered every unknown outcome 503 with Retry-After, and its retry with the same key settled it', () => {
    expect(unknowns.filter((u) => !u.retryAfter).map((u) => `${u.key}: OUTCOME_UNKNOWN without Retry-After`)).toEqual([]);
    // After recovery the retry must say what happened: placed (201) or rejected (4xx naming the order), or
    // a clean failure that left nothing behind (checked with the failed orders above).
    expect(unknowns.every((u) => u.resolvedAs !== undefined)).toBe(true);
  });

  it('told every failed client an honest 503 with Retry-After', () => {
    const dishonest = outcomes
      .filter((o): o is Extract<Outcome, { kind: 'failed' }> => o.kind === 'failed')
      .filter((o) => o.status !== 503 || !o.retryAfter)
      .map((o) => `POST /orders during a database flap: ${o.why}${o.status === 503 ? ' (no Retry-After)' : ''}`);
    // One line per kind of answer, with how often it came.
    const kinds = new Map<string, number>();
    for (const line of dishonest) kinds.set(line.replace(/[0-9a-f-]{36}/g, '…'), (kinds.get(line.replace(/[0-9a-f-]{36}/g, '…')) ?? 0) + 1);
    expect([...kinds].map(([line, times]) => `${times}× ${line}`)).toEqual([]);
  });
});
