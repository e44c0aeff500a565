import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cell,
  dishonesty,
  everyOperation,
  missingOperations,
  openDoor,
  prepareFixture,
  send,
  sseDoors,
  type Answer,
  type Fixture,
  type RestCall,
} from '../support/fault-calls';
import { startFaultDeployment, SWITCHES, type FaultDeployment } from '../support/fault-cloud';
import { announceSkip, services } from '../support/services';

/**
 * Fault injection, issue 20: the cloud profile (web + worker, Postgres 15 through the Neon bridge, Redis 7
 * through the Upstash bridge) with a fault proxy in front of each bridge. For each dependency and each
 * switch (down, slow, reset mid-request, flapping), every REST operation and the SSE doors are called during
 * the outage. Each answer must be served (any non-5xx that is not a misleading 429/401) or an honest 503:
 * with Retry-After and a message. No answer at all is a failure. After the switch is cleared the deployment
 * must be ready and take an order within RECOVERY_BOUND_MS. The answers are written to
 * test-results/faults-table.md (the issue's table first, then every operation × every outage).
 */
announceSkip('postgres', 'fault injection');
announceSkip('redis', 'fault injection');

const RECOVERY_BOUND_MS = 30_000;
/** A request that takes longer than this during an outage has not answered (clients give up). */
const ANSWER_WITHIN_MS = 10_000;
/**
 * Over the slow link every chunk waits 1.5 s each way, so one database round trip costs ≥ 3 s and a write
 * of four statements (begin, check, insert, commit) ≥ 12 s. There the bound asks for an answer, not speed.
 */
const SLOW_ANSWER_WITHIN_MS = 45_000;
const CONCURRENCY = 12;
/** The rows of the issue's table, in its order. */
const ISSUE_ROWS = [
  'GET /api/ready',
  'GET /prices',
  'GET /assets/{symbol}/candles',
  'GET /me',
  'POST /orders',
  'POST /tasks',
  'POST /auth/token',
  'POST /auth/register',
  'GET /stream/prices',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!services.postgres || !services.redis)('fault injection: every operation under each outage', () => {
  let d: FaultDeployment;
  let base: string;
  let n = 0;
  /** column (e.g. "Redis down") → row (operation) → answer */
  const table = new Map<string, Map<string, Answer>>();
  const recoveries = new Map<string, string>();

  beforeAll(async () => {
    d = await startFaultDeployment({ postgresUrl: services.postgres!, redisUrl: services.redis! });
    base = d.web.url;
    // The feed's first ticks in the shared cache: market orders need a live price.
    const deadline = Date.now() + 60_000;
    while ((await send(base, 'GET', '/prices', { query: 'symbols=BTC' })).status !== 200 && Date.now() < deadline) await sleep(500);
  }, 300_000);

  afterAll(async () => {
    if (table.size > 0) {
      const report = renderTable(table, recoveries);
      mkdirSync('test-results', { recursive: true });
      writeFileSync('test-results/faults-table.md', report);
      console.log(report);
    }
    await d?.stop();
  }, 60_000);

  /** Sends every call (the `last` ones after the rest, one by one), plus /api/ready and the SSE doors. */
  async function callEverything(f: Fixture, answerWithinMs = ANSWER_WITHIN_MS): Promise<Map<string, Answer & { credential: boolean }>> {
    const answers = new Map<string, Answer & { credential: boolean }>();
    const calls = everyOperation(f);
    const one = async (c: RestCall) => {
      const a = await send(base, c.method, c.path, { ...c, ip: f.ip, timeoutMs: answerWithinMs });
      // A 401 is a failed session check only where the healthy answer is not already a 401 (a wrong code).
      const credential = (Boolean(c.token) || c.op === 'POST /auth/token') && !c.healthyStatus?.includes(401);
      answers.set(c.op, { ...a, credential });
    };
    const waves = [...new Set(calls.filter((c) => !c.last).map((c) => c.wave ?? 0))].sort();
    for (const wave of waves) {
      const queue = calls.filter((c) => !c.last && (c.wave ?? 0) === wave);
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let c = queue.shift(); c; c = queue.shift()) await one(c);
        }),
      );
    }
    for (const c of calls.filter((c) => c.last)) await one(c);
    const ready = await fetch(`${base}/api/ready`, { signal: AbortSignal.timeout(answerWithinMs) }).then(
      async (res) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), message: JSON.stringify(await res.json()).slice(0, 160), ms: 0 }),
      (e: Error) => ({ status: 0, retryAfter: null, failure: `no answer (${e.name})`, ms: 0 }),
    );
    answers.set('GET /api/ready', { ...ready, credential: false });
    for (const door of sseDoors(f)) answers.set(door.name, { ...(await openDoor(base, door, f.ip)), credential: Boolean(door.token) });
    return answers;
  }

  /** Time until /api/ready is 200 and a market order is taken, or null past the bound. */
  async function recovery(f: Fixture): Promise<number | null> {
    const started = Date.now();
    let i = 0;
    while (Date.now() - started < RECOVERY_BOUND_MS) {
      const ready = await fetch(`${base}/api/ready`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
      if (ready === 200) {
        const order = await send(base, 'POST', '/orders', {
          token: f.user.token,
          ip: f.ip,
          body: { symbol: 'BTC', side: 'buy', type: 'market', qty: '0.001' },
          headers: { 'idempotency-key': `recovery-${f.tag}-${i++}` },
          timeoutMs: 5_000,
        });
        if (order.status === 201) return Date.now() - started;
      }
      await sleep(250);
    }
    return null;
  }

  it('has a call for every REST operation, and each answers as documented while everything is up', async () => {
    const f = await prepareFixture(base, `healthy-${crypto.randomUUID().slice(0, 6)}`, n++);
    const calls = everyOperation(f);
    expect(await missingOperations(base, calls), 'operations without a call in tests/support/fault-calls.ts').toEqual([]);
    const answers = await callEverything(f);
    table.set('healthy', answers);
    const wrong = calls
      .map((c) => ({ c, a: answers.get(c.op)! }))
      .filter(({ c, a }) => (c.healthyStatus ? !c.healthyStatus.includes(a.status) : a.status < 200 || a.status >= 300))
      .map(({ c, a }) => `${c.op}: ${a.status} ${a.failure ?? ''} ${a.message ?? ''}`);
    expect(wrong).toEqual([]);
    for (const door of sseDoors(f)) expect(answers.get(door.name), door.name).toMatchObject({ status: 200 });
  }, 120_000);

  for (const dependency of ['Redis', 'Postgres'] as const) {
    for (const sw of SWITCHES) {
      const column = `${dependency} ${sw.name}`;
      it(`${column}: every operation and SSE door is served or an honest 503, and the deployment recovers`, async () => {
        const f = await prepareFixture(base, `${dependency}-${sw.name.split(' ')[0]}-${crypto.randomUUID().slice(0, 6)}`.toLowerCase(), n++);
        const proxy = dependency === 'Redis' ? d.redis : d.postgres;
        await proxy.set(sw.mode);
        let answers: Map<string, Answer & { credential: boolean }>;
        try {
          answers = await callEverything(f, sw.mode.mode === 'slow' ? SLOW_ANSWER_WITHIN_MS : ANSWER_WITHIN_MS);
        } finally {
          await proxy.set({ mode: 'pass' });
        }
        table.set(column, answers);
        const recovered = await recovery(f);
        recoveries.set(column, recovered === null ? `not within ${RECOVERY_BOUND_MS / 1000} s ✗` : `${(recovered / 1000).toFixed(1)} s`);

        const violations = [...answers]
          .map(([op, a]) => [op, dishonesty(a, a.credential)] as const)
          .filter(([, why]) => why !== null)
          .map(([op, why]) => `${op} — ${column}: ${why}`);
        if (recovered === null) violations.push(`recovery — ${column}: not ready and taking orders within ${RECOVERY_BOUND_MS / 1000} s of the switch clearing`);
        expect(violations).toEqual([]);
      }, 240_000);
    }
  }

  // Last: no worker at all (no feed, engine or jobs). Nothing a request does waits on the worker, so every
  // call is served as when healthy, or refused for a reason of its own (a stale price, after 30 s).
  it('worker down: every operation and SSE door is served or an honest 503', async () => {
    const f = await prepareFixture(base, `worker-${crypto.randomUUID().slice(0, 6)}`, n++);
    await d.stopWorker();
    const answers = await callEverything(f);
    table.set('worker down', answers);
    const violations = [...answers]
      .map(([op, a]) => [op, dishonesty(a, a.credential)] as const)
      .filter(([, why]) => why !== null)
      .map(([op, why]) => `${op} — worker down: ${why}`);
    expect(violations).toEqual([]);
  }, 120_000);
});

/** The issue's table (request × Redis down / Postgres down), then every row × every column, then recovery. */
function renderTable(table: Map<string, Map<string, Answer>>, recoveries: Map<string, string>): string {
  const columns = [...table.keys()];
  const rows = [...new Set([...table.values()].flatMap((m) => [...m.keys()]))];
  const out: string[] = ['# Fault injection: what each request answered', ''];
  out.push('Produced by `npx vitest run --project e2e tests/e2e/faults-matrix.test.ts` (cloud profile, web + worker,', 'Postgres 15 via the Neon bridge, Redis 7 via the Upstash bridge, a fault proxy in front of each bridge).', '');
  const describe = (a: Answer | undefined) => {
    if (!a) return '—';
    const note = a.status >= 400 && a.message ? ` — "${a.message.slice(0, 80)}"` : '';
    return `${cell(a)}${note}`;
  };
  const issueCols = ['Redis down', 'Postgres down'].filter((c) => table.has(c));
  if (issueCols.length > 0) {
    out.push('## The issue\'s table, re-run', '', `| request | ${issueCols.join(' | ')} |`, `|---|${issueCols.map(() => '---').join('|')}|`);
    for (const row of ISSUE_ROWS) {
      const label = row === 'GET /api/ready' ? row : row.startsWith('GET /stream') ? `GET /api/v1${row.slice(4)}` : `${row.split(' ')[0]} /api/v1${row.split(' ')[1]!.replace('{symbol}', 'BTC')}`;
      out.push(`| \`${label}\` | ${issueCols.map((c) => describe(table.get(c)!.get(row))).join(' | ')} |`);
    }
    out.push('');
  }
  out.push('## Every operation × every outage', '', `| request | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`);
  for (const row of rows) out.push(`| \`${row}\` | ${columns.map((c) => (table.get(c)!.get(row) ? cell(table.get(c)!.get(row)!) : '—')).join(' | ')} |`);
  out.push('', '## Recovery (ready and an order taken, after the switch is cleared)', '', '| outage | recovered in |', '|---|---|');
  for (const [column, time] of recoveries) out.push(`| ${column} | ${time} |`);
  const bad = [...table].flatMap(([c, m]) => (c === 'healthy' ? [] : [...m].filter(([, a]) => cell(a).includes('✗')).map(([op]) => `${op} (${c})`)));
  out.push('', `Dishonest cells: ${bad.length}${bad.length ? ` — ${bad.join(', ')}` : ''}`, '');
  return out.join('\n');
}
