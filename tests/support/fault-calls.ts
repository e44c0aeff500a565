/**
 * One valid call for every REST operation (and the three SSE doors), built over HTTP against a running
 * server from fixtures made while everything is healthy — the fault-injection suite sends them during an
 * outage. The calls follow tests/rest/responses.test.ts (which proves each is a valid, documented call
 * in-process); `missingOperations` checks this list against the server's OpenAPI document, so a new
 * operation without a call here fails the suite by name.
 */

export interface RestCall {
  /** `METHOD /template`, as in server/rest/operations.ts and the OpenAPI document. */
  op: string;
  method: string;
  /** The path with parameters filled, after /api/v1. */
  path: string;
  query?: string;
  body?: unknown;
  raw?: { type: string; text: string };
  token?: string;
  headers?: Record<string, string>;
  /**
   * Calls go in waves, each after the one before (a call in a wave runs beside the others of its wave):
   * a delete after the reads and updates of its resource, a bot's stop after its pause.
   */
  wave?: number;
  /** Changes what later calls see (sessions, passwords): sent after every wave, one at a time. */
  last?: boolean;
  /** Not a 2xx while healthy: a deliberately refused call (a wrong one-time code), or one that races a job. */
  healthyStatus?: number[];
}

export interface SseDoor {
  name: string;
  path: string;
  token?: string;
}

export interface Answer {
  status: number;
  /** Retry-After as sent. */
  retryAfter: string | null;
  code?: string;
  reason?: string;
  message?: string;
  ms: number;
  /** No HTTP answer: the client timed out or the connection failed. */
  failure?: string;
  /** The call carried a valid credential (a 401 then means a session check failed). */
  credential?: boolean;
}

interface Account {
  id: string;
  email: string;
  token: string;
}

export interface Fixture {
  tag: string;
  ip: string;
  password: string;
  user: Account;
  /** An account for the session and password operations (they end its other sessions). */
  sec: Account & { otherSessionId: string };
  adminToken: string;
  keyId: string;
  alertId: string;
  webhookId: string;
  taskId: string;
  jobId: string;
  orderId: string;
  backtestId: string;
  botId: string;
  token: { chain: string; address: string };
}

/** Sends one request; never throws (a failure to answer is an Answer with `failure`). */
export async function send(
  base: string,
  method: string,
  path: string,
  opts: { query?: string; body?: unknown; raw?: { type: string; text: string }; token?: string; ip?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer & { json: unknown }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.ip) headers['x-forwarded-for'] = opts.ip;
  let body: string | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.type;
    body = opts.raw.text;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const started = performance.now();
  const url = `${base}/api/v1${path}${opts.query ? `?${opts.query}` : ''}`;
  try {
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000) });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    const error = (json as { error?: { code?: string; message?: string; details?: { reason?: string } } } | null)?.error;
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      code: error?.code,
      reason: error?.details?.reason,
      message: error?.message,
      ms: performance.now() - started,
      json,
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const failure = e.name === 'TimeoutError' ? `no answer within ${Math.round((opts.timeoutMs ?? 20_000) / 1000)} s` : `connection failed (${e.cause?.code ?? e.message})`;
    return { status: 0, retryAfter: null, ms: performance.now() - started, failure, json: null };
  }
}

/** Builds the fixtures over HTTP (everything must be up). `n` keeps accounts and client IPs apart per run. */
export async function prepareFixture(base: string, tag: string, n: number): Promise<Fixture> {
  const ip = `198.51.100.${n % 250}`;
  const password = 'password-123';
  const must = async (method: string, path: string, opts: Parameters<typeof send>[3] = {}) => {
    const answer = await send(base, method, path, { ip, ...opts });
    if (answer.status < 200 || answer.status >= 300) throw new Error(`fixture ${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return answer.json as Record<string, unknown> & { id: string };
  };
  const account = async (name: string): Promise<Account> => {
    const email = `${name}-${tag}@example.test`;
    const created = await must('POST', '/auth/register', { body: { email, password, name } });
    const signedIn = await must('POST', '/auth/token', { body: { email, password } });
    return { id: (created.user as { id: string }).id, email, token: signedIn.accessToken as string };
  };
  const user = await account('user');
  const sec = await account('sec');
  // A second session for sec, for DELETE /me/sessions/{id}.
  await must('POST', '/auth/token', { body: { email: sec.email, password } });
  const sessions = (await must('GET', '/me/sessions', { token: sec.token })).data as { id: string; current: boolean }[];
  const otherSessionId = sessions.find((s) => !s.current)!.id;
  const adminToken = (await must('POST', '/auth/token', { body: { email: 'admin@primetrade.dev', password: 'admin-password-1' } })).accessToken as string;
  const token = user.token;
  const now = Date.now();
  const range = { symbol: 'BTC', interval: '1m', from: new Date(now - 6 * 3_600_000).toISOString(), to: new Date(now - 60_000).toISOString() };
  // The token list fills on the worker's first refresh: wait for a real token, so its detail call is a 200.
  let tokens: { chain: string; address: string }[] = [];
  for (const deadline = Date.now() + 60_000; tokens.length === 0 && Date.now() < deadline; ) {
    tokens = (await must('GET', '/tokens', { query: 'limit=1' })).data as { chain: string; address: string }[];
    if (tokens.length === 0) await new Promise((r) => setTimeout(r, 500));
  }
  return {
    tag,
    ip,
    password,
    user,
    sec: { ...sec, otherSessionId },
    adminToken,
    keyId: (await must('POST', '/keys', { token, body: { name: 'script', scopes: ['read'] } })).id,
    alertId: (await must('POST', '/alerts', { token, body: { symbol: 'BTC', condition: 'crosses_above', value: '10000000' } })).id,
    webhookId: (await must('POST', '/webhooks', { token, body: { url: 'http://127.0.0.1:9/hooks', events: ['alert.triggered'] } })).id,
    taskId: (await must('POST', '/tasks', { token, body: { title: 'Check BTC', assetSymbol: 'BTC' } })).id,
    jobId: (await must('POST', '/tasks/import', { token, raw: { type: 'text/csv', text: 'title\nfrom a file\n' } })).jobId as string,
    orderId: (await must('POST', '/orders', { token, body: { symbol: 'BTC', side: 'buy', type: 'limit', qty: '0.001', limitPrice: '1' } })).id,
    backtestId: (await must('POST', '/backtests', { token, body: { strategy: 'sma_cross', params: { fast: 5, slow: 20 }, ...range } })).id,
    botId: (await must('POST', '/bots', { token, body: { name: 'trend', strategy: 'sma_cross', params: { fast: 5, slow: 20 }, symbol: 'BTC', interval: '1m', budget: '1000' } })).id,
    token: tokens[0] ?? { chain: 'solana', address: 'So11111111111111111111111111111111111111112' },
  };
}

/** One call per REST operation, on the fixture's resources. */
export function everyOperation(f: Fixture): RestCall[] {
  const t = f.user.token;
  const admin = f.adminToken;
  const now = Date.now();
  const range = { symbol: 'BTC', interval: '1m', from: new Date(now - 6 * 3_600_000).toISOString(), to: new Date(now - 60_000).toISOString() };
  const c = (op: string, rest: Omit<RestCall, 'op' | 'method' | 'path'> & { params?: Record<string, string> } = {}): RestCall => {
    const [method, template] = op.split(' ') as [string, string];
    const { params, ...call } = rest;
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params![name]!));
    return { op, method, path, ...call };
  };
  const fresh = crypto.randomUUID().slice(0, 8);
  return [
    // Auth and account security
    c('POST /auth/register', { body: { email: `new-${f.tag}-${fresh}@example.test`, password: f.password, name: 'New' } }),
    c('POST /auth/token', { body: { email: f.user.email, password: f.password } }),
    c('POST /auth/password-reset', { body: { email: f.user.email } }),
    c('POST /auth/password-reset/confirm', { body: { token: `not-a-real-token-${fresh}`, password: 'password-789' }, healthyStatus: [400] }),
    c('GET /me', { token: t }),
    c('POST /me/2fa/setup', { token: t }),
    c('POST /me/2fa/enable', { token: t, body: { code: '000000' }, healthyStatus: [401], wave: 1 }), // after its setup
    c('POST /me/2fa/disable', { token: t, body: { password: f.password } }),
    c('GET /me/sessions', { token: f.sec.token }),
    c('DELETE /me/sessions/{sessionId}', { token: f.sec.token, params: { sessionId: f.sec.otherSessionId }, last: true }),
    c('POST /me/sessions/revoke-others', { token: f.sec.token, last: true }),
    c('POST /me/password', { token: f.sec.token, body: { currentPassword: f.password, newPassword: f.password }, last: true }),
    // Keys
    c('GET /keys', { token: t }),
    c('POST /keys', { token: t, body: { name: 'another', scopes: ['read'] } }),
    c('DELETE /keys/{id}', { token: t, params: { id: f.keyId }, wave: 1 }),
    // Admin
    c('GET /admin/security-policy', { token: admin }),
    c('PATCH /admin/security-policy', { token: admin, body: { requireAdminTwoFactor: false } }),
    c('GET /admin/users', { token: admin, query: 'limit=5' }),
    c('PATCH /admin/users/{userId}', { token: admin, params: { userId: f.user.id }, body: { plan: 'pro' } }),
    c('GET /admin/audit', { token: admin, query: 'limit=5' }),
    c('GET /admin/stats', { token: admin }),
    c('GET /admin/halts', { token: admin }),
    c('POST /admin/halts', { token: admin, body: { symbol: 'DOGE', reason: 'maintenance', durationMinutes: 1 } }),
    c('DELETE /admin/halts/{symbol}', { token: admin, params: { symbol: 'DOGE' }, wave: 1 }),
    // Market data
    c('GET /assets', { query: 'kind=crypto&limit=3' }),
    c('GET /assets/{symbol}', { params: { symbol: 'BTC' } }),
    c('GET /prices', { query: 'symbols=BTC,ETH' }),
    c('GET /assets/{symbol}/candles', { params: { symbol: 'BTC' }, query: 'interval=1m' }),
    c('GET /assets/{symbol}/forecast', { params: { symbol: 'BTC' }, query: 'interval=1m&horizon=5' }),
    // Watchlist
    c('GET /watchlist', { token: t }),
    c('POST /watchlist', { token: t, body: { symbol: 'ETH' } }),
    c('DELETE /watchlist/{symbol}', { token: t, params: { symbol: 'ETH' }, wave: 1 }),
    // Alerts, webhooks, notifications
    c('GET /alerts', { token: t, query: 'status=active&limit=5' }),
    c('POST /alerts', { token: t, body: { symbol: 'ETH', condition: 'crosses_above', value: '10000000' } }),
    c('GET /alerts/{id}', { token: t, params: { id: f.alertId } }),
    c('GET /alerts/{id}/fires', { token: t, params: { id: f.alertId }, query: 'limit=5' }),
    c('PATCH /alerts/{id}', { token: t, params: { id: f.alertId }, body: { status: 'paused' } }),
    c('DELETE /alerts/{id}', { token: t, params: { id: f.alertId }, wave: 1 }),
    c('GET /webhooks', { token: t }),
    c('POST /webhooks', { token: t, body: { url: 'http://127.0.0.1:9/other', events: ['alert.triggered'] } }),
    c('PATCH /webhooks/{id}', { token: t, params: { id: f.webhookId }, body: { description: 'my bot' } }),
    c('POST /webhooks/{id}/test', { token: t, params: { id: f.webhookId } }),
    c('GET /webhooks/{id}/deliveries', { token: t, params: { id: f.webhookId } }),
    c('DELETE /webhooks/{id}', { token: t, params: { id: f.webhookId }, wave: 1 }),
    c('GET /notifications', { token: t, query: 'limit=5' }),
    c('GET /notifications/unread-count', { token: t }),
    c('POST /notifications/read', { token: t, body: { all: true } }),
    c('DELETE /notifications/{id}', { token: t, params: { id: crypto.randomUUID() }, healthyStatus: [404] }),
    // Tasks and jobs
    c('GET /tasks', { token: t, query: 'limit=5' }),
    c('POST /tasks', { token: t, body: { title: 'Another', assetSymbol: 'ETH' } }),
    c('GET /tasks/{id}', { token: t, params: { id: f.taskId } }),
    c('PATCH /tasks/{id}', { token: t, params: { id: f.taskId }, body: { status: 'done' } }),
    c('DELETE /tasks/{id}', { token: t, params: { id: f.taskId }, wave: 1 }),
    c('POST /tasks/import', { token: t, raw: { type: 'text/csv', text: 'title\nimported\n' } }),
    c('GET /jobs', { token: t }),
    c('GET /jobs/{id}', { token: t, params: { id: f.jobId } }),
    c('DELETE /jobs/{id}', { token: t, params: { id: f.jobId }, wave: 1, healthyStatus: [200, 409] }),
    // Paper trading
    c('GET /account', { token: t }),
    c('GET /account/history', { token: t, query: 'limit=10' }),
    c('POST /orders', { token: t, body: { symbol: 'BTC', side: 'buy', type: 'market', qty: '0.001' }, headers: { 'idempotency-key': `fault-${f.tag}-${fresh}` } }),
    c('GET /orders', { token: t, query: 'limit=5' }),
    c('GET /orders/{orderId}', { token: t, params: { orderId: f.orderId } }),
    c('DELETE /orders/{orderId}', { token: t, params: { orderId: f.orderId }, wave: 1 }),
    c('GET /positions', { token: t }),
    c('GET /fills', { token: t }),
    c('POST /account/reset', { token: t, body: { confirm: 'RESET' }, last: true }),
    // Backtests and bots
    c('POST /backtests', { token: t, body: { strategy: 'sma_cross', params: { fast: 3, slow: 20 }, ...range } }),
    c('POST /backtests/sweeps', { token: t, body: { strategy: 'sma_cross', grid: { fast: [3, 5], slow: [20] }, rankBy: 'totalReturn', ...range } }),
    c('GET /backtests', { token: t }),
    c('GET /backtests/{id}', { token: t, params: { id: f.backtestId } }),
    c('POST /backtests/{id}/cancel', { token: t, params: { id: f.backtestId }, wave: 1, healthyStatus: [200, 409] }),
    c('POST /bots', { token: t, body: { name: 'another', strategy: 'sma_cross', params: { fast: 5, slow: 20 }, symbol: 'ETH', interval: '1m', budget: '500' } }),
    c('GET /bots', { token: t }),
    c('GET /bots/{id}', { token: t, params: { id: f.botId } }),
    c('PATCH /bots/{id}', { token: t, params: { id: f.botId }, body: { name: 'trend follower' } }),
    c('POST /bots/{id}/start', { token: t, params: { id: f.botId } }),
    c('POST /bots/{id}/pause', { token: t, params: { id: f.botId }, wave: 1 }),
    c('POST /bots/{id}/stop', { token: t, params: { id: f.botId }, wave: 2 }),
    c('GET /bots/{id}/log', { token: t, params: { id: f.botId } }),
    c('DELETE /bots/{id}', { token: t, params: { id: f.botId }, wave: 3 }),
    // Token aggregator
    c('GET /tokens', { query: 'sort=liquidity&order=desc&limit=3' }),
    c('GET /tokens/sources'),
    c('GET /tokens/{chain}/{address}', { params: { chain: f.token.chain, address: f.token.address } }),
  ];
}

export function sseDoors(f: Fixture): SseDoor[] {
  return [
    { name: 'GET /stream/prices', path: '/stream/prices?symbols=BTC,ETH' },
    { name: 'GET /stream/tokens', path: '/stream/tokens' },
    { name: 'GET /stream/notifications', path: '/stream/notifications', token: f.user.token },
  ];
}

/**
 * Opens an SSE door and waits for its answer: the status and headers, and for a 200 the first bytes of the
 * stream (a comment, a `retry:` hint or an event). Closes it then.
 */
export async function openDoor(base: string, door: SseDoor, ip: string, timeoutMs = 5_000): Promise<Answer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const started = performance.now();
  try {
    const res = await fetch(`${base}/api/v1${door.path}`, {
      headers: { accept: 'text/event-stream', 'x-forwarded-for': ip, ...(door.token ? { authorization: `Bearer ${door.token}` } : {}) },
      signal: abort.signal,
    });
    const answer: Answer = { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started };
    if (res.status === 200) {
      const reader = res.body!.getReader();
      const first = await reader.read();
      if (first.done || !first.value?.length) answer.failure = 'stream ended before its first bytes';
      answer.ms = performance.now() - started;
    } else {
      const text = await res.text();
      try {
        const error = (JSON.parse(text) as { error?: { code?: string; message?: string; details?: { reason?: string } } }).error;
        Object.assign(answer, { code: error?.code, message: error?.message, reason: error?.details?.reason });
      } catch {
        answer.message = text.slice(0, 200);
      }
    }
    return answer;
  } catch (error) {
    const aborted = abort.signal.aborted;
    return {
      status: 0,
      retryAfter: null,
      ms: performance.now() - started,
      failure: aborted ? `no answer within ${timeoutMs / 1000} s` : `connection failed (${(error as Error).message})`,
    };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** Operations in the server's OpenAPI document that have no call in `everyOperation`. */
export async function missingOperations(base: string, calls: RestCall[]): Promise<string[]> {
  const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
  );
  const have = new Set(calls.map((c) => c.op));
  return documented.filter((op) => !have.has(op)).sort();
}

/**
 * What is wrong with an answer given during an outage (null when it is honest): a 5xx other than 503, a
 * 503 without Retry-After or message, no answer at all, a 429 when nobody is over a limit, a 401 for a
 * credential that is valid.
 */
export function dishonesty(a: Answer, hasCredential: boolean): string | null {
  if (a.failure) return a.failure;
  if (a.status === 503) {
    if (!a.retryAfter) return '503 without Retry-After';
    if (!a.message) return '503 without a message';
    return null;
  }
  if (a.status >= 500) return `${a.status} ${a.code ?? ''} "${a.message ?? ''}"`.trim();
  if (a.status === 429) return `429 ${a.reason ?? ''} "${a.message ?? ''}" — nobody is over a limit`;
  if (a.status === 401 && hasCredential) return `401 "${a.message ?? ''}" for a valid credential`;
  return null;
}

/** A table cell: `200`, `503 ↻5s`, `500 ✗`… */
export function cell(a: Answer): string {
  if (a.failure) return `✗ ${a.failure}`;
  if (a.status === 503) return `503${a.retryAfter ? ` (Retry-After ${a.retryAfter})` : ' ✗ no Retry-After'}`;
  const bad = (a.status >= 500 && a.status !== 503) || a.status === 429 || (a.status === 401 && a.credential === true);
  return `${a.status}${a.code && a.status >= 400 ? ` ${a.code}` : ''}${bad ? ' ✗' : ''}`;
}
