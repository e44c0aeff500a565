import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Yahoo chart API (`GET /v8/finance/chart/{symbol}` with `interval=1m&range=1d` or `period1/period2`)
 * answering in the shape Yahoo answers (the same as tests/fixtures/market-sources/yahoo-*.json): epoch-second
 * timestamps, float prices, nulls for minutes without trades, `chart.error` for unknown symbols and ranges
 * it will not serve, 429 without a User-Agent. Bars are a deterministic function of the minute and exist
 * only inside the daily session window `session` describes; switchable faults.
 */

export interface FakeYahooSymbol {
  symbol: string;
  basePrice: number;
  currency?: string;
}

export const FAKE_YAHOO_SYMBOLS: FakeYahooSymbol[] = [
  { symbol: 'AAPL', basePrice: 231 },
  { symbol: 'MSFT', basePrice: 420 },
  { symbol: 'TSLA', basePrice: 250 },
];

export type FakeYahooFault = 'ok' | 'down' | 'rate-limited' | 'server-error' | 'malformed' | 'wrong-shape';

export interface FakeYahooFaults {
  mode: FakeYahooFault;
  /** How many requests the fault lasts before going back to ok (Infinity: until changed). */
  requests: number;
  retryAfterSeconds: number;
}

export interface FakeYahooBar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface FakeYahoo {
  /** YAHOO_BASE_URL. */
  url: string;
  faults: FakeYahooFaults;
  /**
   * Today's regular session (epoch ms); bars on other days fall in the same time-of-day window. Default:
   * opened an hour before the fake started, closing five hours after. Move it to close the market.
   */
  session: { start: number; end: number };
  /** Answer 429 to requests without a User-Agent, as Yahoo does. */
  requireUserAgent: boolean;
  requests: { path: string; at: number; userAgent: string | null }[];
  /** The 1m bar the fake serves for `openTime`; null for a minute without trades (nulls in the arrays). */
  bar(symbol: string, openTime: number): FakeYahooBar | null;
  /** `regularMarketPrice` now. */
  price(symbol: string): number;
  close(): Promise<void>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Yahoo's prices are float32 values printed as doubles (231.4199981689453). */
const f32 = (x: number) => Math.fround(Math.round(x * 100) / 100);

export async function startFakeYahoo(
  opts: { symbols?: FakeYahooSymbol[]; now?: () => number; session?: { start: number; end: number } } = {},
): Promise<FakeYahoo> {
  const now = opts.now ?? Date.now;
  const symbols = opts.symbols ?? FAKE_YAHOO_SYMBOLS;
  const bySymbol = new Map(symbols.map((s) => [s.symbol, s]));
  const t0 = Math.floor(now() / MINUTE) * MINUTE;
  const faults: FakeYahooFaults = { mode: 'ok', requests: Infinity, retryAfterSeconds: 1 };
  const requests: FakeYahoo['requests'] = [];

  const priceAt = (s: FakeYahooSymbol, minute: number) =>
    s.basePrice * (1 + 0.003 * Math.sin(minute / 13) + 0.001 * Math.cos(minute / 4));
  const inSession = (openTime: number) => {
    const start = ((fake.session.start % DAY) + DAY) % DAY;
    const length = fake.session.end - fake.session.start;
    const intoDay = (((openTime - start) % DAY) + DAY) % DAY;
    return intoDay < length;
  };
  const bar = (symbol: string, openTime: number): FakeYahooBar | null => {
    const s = bySymbol.get(symbol)!;
    const m = Math.floor(openTime / MINUTE);
    if (m % 11 === 3) return null;
    const last = Math.min(m + 1, now() / MINUTE);
    const open = priceAt(s, m);
    const close = priceAt(s, last);
    return {
      open: f32(open),
      close: f32(close),
      high: f32(Math.max(open, close) * 1.0003),
      low: f32(Math.min(open, close) * 0.9997),
      volume: 100_000 + (m % 37) * 5_000,
    };
  };
  /** Bars with openTime in [from, to) inside the session window, none after now. */
  const bars = (symbol: string, from: number, to: number) => {
    const rows: { t: number; b: FakeYahooBar | null }[] = [];
    for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to && t <= now(); t += MINUTE) {
      if (inSession(t)) rows.push({ t, b: bar(symbol, t) });
    }
    return rows;
  };
  const lastPrice = (symbol: string): { price: number; at: number } => {
    const s = bySymbol.get(symbol)!;
    const t = now();
    if (t >= fake.session.start && t < fake.session.end) return { price: f32(priceAt(s, t / MINUTE)), at: t };
    const close = t >= fake.session.end ? fake.session.end : fake.session.end - DAY;
    return { price: f32(priceAt(s, close / MINUTE)), at: close };
  };

  const chart = (symbol: string, from: number, to: number, range: string) => {
    const s = bySymbol.get(symbol)!;
    const rows = bars(symbol, from, to);
    const { price, at } = lastPrice(symbol);
    const period = (start: number, end: number) => ({ timezone: 'EST', start: Math.floor(start / 1000), end: Math.floor(end / 1000), gmtoffset: -18000 });
    const { start, end } = fake.session;
    const today = bars(symbol, start, Math.min(end, now() + 1));
    const series = (pick: (b: FakeYahooBar) => number) => rows.map((r) => (r.b ? pick(r.b) : null));
    return {
      chart: {
        result: [
          {
            meta: {
              currency: s.currency ?? 'USD',
              symbol,
              exchangeName: 'NMS',
              fullExchangeName: 'NasdaqGS',
              instrumentType: 'EQUITY',
              firstTradeDate: 345479400,
              regularMarketTime: Math.floor(at / 1000),
              hasPrePostMarketData: true,
              gmtoffset: -18000,
              timezone: 'EST',
              exchangeTimezoneName: 'America/New_York',
              regularMarketPrice: price,
              fiftyTwoWeekHigh: f32(s.basePrice * 1.25),
              fiftyTwoWeekLow: f32(s.basePrice * 0.8),
              regularMarketDayHigh: Math.max(price, ...today.map((r) => r.b?.high ?? 0)),
              regularMarketDayLow: Math.min(price, ...today.map((r) => r.b?.low ?? Infinity)),
              regularMarketVolume: today.reduce((sum, r) => sum + (r.b?.volume ?? 0), 0),
              longName: `${symbol} Inc.`,
              shortName: `${symbol} Inc.`,
              chartPreviousClose: f32(priceAt(s, (end - DAY) / MINUTE)),
              previousClose: f32(priceAt(s, (end - DAY) / MINUTE)),
              scale: 3,
              priceHint: 2,
              currentTradingPeriod: {
                pre: period(start - 5.5 * 3_600_000, start),
                regular: period(start, end),
                post: period(end, end + 4 * 3_600_000),
              },
              tradingPeriods: [[period(start, end)]],
              dataGranularity: '1m',
              range,
              validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
            },
            ...(rows.length > 0 ? { timestamp: rows.map((r) => r.t / 1000) } : {}),
            indicators: {
              quote: [
                rows.length > 0
                  ? {
                      open: series((b) => b.open),
                      high: series((b) => b.high),
                      low: series((b) => b.low),
                      close: series((b) => b.close),
                      volume: series((b) => b.volume),
                    }
                  : {},
              ],
            },
          },
        ],
        error: null,
      },
    };
  };

  const chartError = (status: number, code: string, description: string) => ({
    status,
    body: { chart: { result: null, error: { code, description } } },
  });

  const route = (url: URL): { status: number; body: unknown } => {
    const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (!match) return { status: 404, body: { finance: { result: null, error: { code: 'Not Found', description: 'HTTP 404 Not Found' } } } };
    const symbol = decodeURIComponent(match[1]!);
    if (!bySymbol.has(symbol)) return chartError(404, 'Not Found', 'No data found, symbol may be delisted');
    if (url.searchParams.get('interval') !== '1m') return chartError(400, 'Bad Request', 'Invalid input - interval=1m only in this fake');
    const range = url.searchParams.get('range');
    if (range === '1d') {
      const dayStart = now() >= fake.session.start ? fake.session.start : fake.session.start - DAY;
      return { status: 200, body: chart(symbol, dayStart, dayStart + DAY, '1d') };
    }
    const p1 = Number(url.searchParams.get('period1')) * 1000;
    const p2 = Number(url.searchParams.get('period2')) * 1000;
    if (!Number.isFinite(p1) || !Number.isFinite(p2) || p2 <= p1) return chartError(400, 'Bad Request', 'Invalid input - period1/period2');
    if (p2 - p1 > 8 * DAY) return chartError(422, 'Unprocessable Entity', 'Only 8 days worth of 1m granularity data are allowed to be fetched per request.');
    if (p1 < now() - 30 * DAY) {
      return chartError(422, 'Unprocessable Entity', `1m data not available for startTime=${p1 / 1000} and endTime=${p2 / 1000}. The requested range must be within the last 30 days.`);
    }
    return { status: 200, body: chart(symbol, p1, p2, '') };
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const mode = faults.mode;
    if (mode !== 'ok' && --faults.requests <= 0) {
      faults.mode = 'ok';
      faults.requests = Infinity;
    }
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    const userAgent = req.headers['user-agent'] ?? null;
    requests.push({ path: url.pathname + url.search, at: now(), userAgent });
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(body);
    };
    if (mode === 'rate-limited' || (fake.requireUserAgent && !userAgent)) {
      return answer(429, 'Too Many Requests\r\n', { 'content-type': 'text/plain', 'retry-after': String(faults.retryAfterSeconds) });
    }
    if (mode === 'server-error') return answer(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' });
    const { status, body } = route(url);
    const text = JSON.stringify(body);
    if (mode === 'malformed') return answer(200, text.slice(0, Math.max(1, text.length >> 1)));
    if (mode === 'wrong-shape') return answer(200, JSON.stringify({ chart: { result: [{ meta: {} }], error: null } }));
    return answer(status, text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeYahoo = {
    url: `http://127.0.0.1:${port}`,
    faults,
    session: opts.session ?? { start: t0 - 3_600_000, end: t0 + 5 * 3_600_000 },
    requireUserAgent: true,
    requests,
    bar,
    price: (symbol) => lastPrice(symbol).price,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
