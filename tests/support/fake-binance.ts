import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local Binance spot public API: REST (`/api/v3/klines`, `/api/v3/ticker/price`, `/api/v3/exchangeInfo`)
 * and the combined WebSocket stream (`/stream?streams=…@trade/…@kline_1m`) on one loopback port, answering in
 * the documented shapes (the same as tests/fixtures/market-sources/binance-*.json), with switchable faults.
 *
 * Prices are a deterministic function of the minute, so a candle the fake served over REST is the same
 * candle whenever it is asked for again; live trades come only from `trade()` / `burst()`.
 */

export interface FakeBinanceSymbol {
  /** Binance symbol, e.g. BTCUSDT. */
  symbol: string;
  basePrice: number;
  /** Decimals of PRICE_FILTER.tickSize and LOT_SIZE.stepSize. */
  priceDecimals: number;
  qtyDecimals: number;
}

export const FAKE_BINANCE_SYMBOLS: FakeBinanceSymbol[] = [
  { symbol: 'BTCUSDT', basePrice: 97_000, priceDecimals: 2, qtyDecimals: 5 },
  { symbol: 'ETHUSDT', basePrice: 3_400, priceDecimals: 2, qtyDecimals: 4 },
  { symbol: 'SOLUSDT', basePrice: 180, priceDecimals: 2, qtyDecimals: 3 },
];

export type FakeBinanceRestFault =
  | 'ok'
  /** Connections are refused while down (the socket is destroyed). */
  | 'down'
  /** 429 with Retry-After and the -1003 body. */
  | 'rate-limited'
  /** 418 (IP banned) with Retry-After. */
  | 'banned'
  | 'server-error'
  /** 200 with a truncated body. */
  | 'malformed'
  /** 200, valid JSON, not the documented shape. */
  | 'wrong-shape';

export interface FakeBinanceFaults {
  rest: FakeBinanceRestFault;
  /** How many REST requests the fault lasts before `rest` goes back to ok (Infinity: until changed). */
  restFaultRequests: number;
  retryAfterSeconds: number;
  /** Overrides the X-MBX-USED-WEIGHT-1M the fake reports (null: its own count). */
  usedWeight: number | null;
  /** `refuse`: upgrades are answered 503; `silent`: accepted, then nothing is sent (no frames, no pings). */
  ws: 'ok' | 'refuse' | 'silent';
  /** How often the server pings each connection (null: never). Binance: every 20 s. */
  pingMs: number | null;
  /** A connection that has not answered a ping with a pong within this is dropped (Binance: a minute). */
  pongTimeoutMs: number | null;
}

export interface FakeBinance {
  /** REST base (BINANCE_BASE_URL). */
  url: string;
  /** WebSocket base (BINANCE_WS_URL). */
  wsUrl: string;
  faults: FakeBinanceFaults;
  /** Every REST request: path with query, epoch ms, weight. */
  requests: { path: string; at: number; weight: number }[];
  /** Open stream connections, and how many were ever accepted. */
  openConnections(): number;
  readonly acceptedConnections: number;
  /** Pong payloads received (utf8), in order. */
  pongs: string[];
  /** The 1m kline of `symbol` starting at `openTime`, as REST serves it. */
  kline(symbol: string, openTime: number): KlineRow;
  /** The price ticker/price answers now. */
  price(symbol: string): string;
  /** One trade on every connection subscribed to `symbol@trade`, and a kline update for `symbol@kline_1m`. */
  trade(symbol: string, price?: string, qty?: string, at?: number): { t: number; p: string; q: string; T: number };
  /** `count` trades round-robin over `symbols`, frames prepared first, written as fast as the sockets take them. */
  burst(count: number, symbols?: readonly string[]): Promise<void>;
  /** The frames of a burst made now, sent later by `send` (a bench times the sending only). */
  prepareBurst(count: number, symbols?: readonly string[]): { send(): Promise<void> };
  /**
   * A live market: `perSecond` trades a second round-robin over the symbols (every 50 ms a share) until the
   * returned stop. Minutes with streamed trades are served over REST from those trades, so the klines the
   * fake serves equal the candles its trades make.
   */
  feed(perSecond: number, symbols?: readonly string[]): () => void;
  /** A text frame as is, to every connection (malformed frames). */
  sendRaw(text: string): void;
  /** A ping frame with `payload` to every connection. */
  ping(payload: string): void;
  /** The documented `serverShutdown` event on every connection. */
  shutdownNotice(): void;
  /** Ends every stream connection abruptly (as a network cut or the 24 h limit does). */
  dropConnections(): void;
  close(): Promise<void>;
}

export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

const MINUTE = 60_000;
const WEIGHTS: Record<string, number> = { '/api/v3/klines': 2, '/api/v3/ticker/price': 4, '/api/v3/exchangeInfo': 20 };

export async function startFakeBinance(
  opts: { symbols?: FakeBinanceSymbol[]; now?: () => number } = {},
): Promise<FakeBinance> {
  const now = opts.now ?? Date.now;
  const symbols = opts.symbols ?? FAKE_BINANCE_SYMBOLS;
  const bySymbol = new Map(symbols.map((s) => [s.symbol, s]));
  const faults: FakeBinanceFaults = {
    rest: 'ok',
    restFaultRequests: Infinity,
    retryAfterSeconds: 1,
    usedWeight: null,
    ws: 'ok',
    pingMs: null,
    pongTimeoutMs: null,
  };
  const requests: FakeBinance['requests'] = [];
  const pongs: string[] = [];
  let accepted = 0;
  let tradeId = 1_000_000;
  /** The running 1m kline per symbol that `trade()` builds for the kline stream. */
  type RunningKline = { t: number; o: string; h: string; l: string; c: string; v: number; n: number; f: number };
  const live = new Map<string, RunningKline>();
  /** Every minute that had streamed trades, per symbol: REST serves these klines from the trades. */
  const streamed = new Map<string, Map<number, RunningKline>>();

  /** A price on the symbol's tick, printed as Binance prints it: eight decimals. */
  const fmt = (s: FakeBinanceSymbol, x: number) => Number(x.toFixed(s.priceDecimals)).toFixed(8);
  /** Minute `m`'s open: a smooth walk around the base price, the same on every call. */
  const priceAt = (s: FakeBinanceSymbol, minute: number) =>
    s.basePrice * (1 + 0.004 * Math.sin(minute / 17) + 0.0015 * Math.cos(minute / 5) + 0.0005 * Math.sin(minute * 1.7));

  const kline = (symbol: string, openTime: number): KlineRow => {
    const s = bySymbol.get(symbol)!;
    const traded = streamed.get(symbol)?.get(openTime);
    if (traded) {
      const quote = traded.v * Number(traded.c);
      return [
        openTime, fmt(s, Number(traded.o)), fmt(s, Number(traded.h)), fmt(s, Number(traded.l)), fmt(s, Number(traded.c)),
        traded.v.toFixed(8), openTime + MINUTE - 1, quote.toFixed(8), traded.n, (traded.v / 2).toFixed(8), (quote / 2).toFixed(8), '0',
      ];
    }
    const m = Math.floor(openTime / MINUTE);
    const open = priceAt(s, m);
    const close = priceAt(s, m + 1);
    const high = Math.max(open, close) * (1 + 0.0004 * (1 + Math.sin(m)));
    const low = Math.min(open, close) * (1 - 0.0004 * (1 + Math.cos(m)));
    const volume = (10 + 5 * Math.sin(m / 3)).toFixed(s.qtyDecimals);
    return [
      openTime,
      fmt(s, open),
      fmt(s, high),
      fmt(s, low),
      fmt(s, close),
      Number(volume).toFixed(8),
      openTime + MINUTE - 1,
      (Number(volume) * open).toFixed(8),
      100 + (m % 50),
      (Number(volume) / 2).toFixed(8),
      ((Number(volume) * open) / 2).toFixed(8),
      '0',
    ];
  };
  const currentPrice = (symbol: string) => {
    const s = bySymbol.get(symbol)!;
    const running = live.get(symbol);
    if (running && running.t === Math.floor(now() / MINUTE) * MINUTE) return running.c;
    return fmt(s, priceAt(s, now() / MINUTE));
  };

  const usedWeight = () => {
    const minuteStart = Math.floor(now() / MINUTE) * MINUTE;
    return requests.filter((r) => r.at >= minuteStart).reduce((sum, r) => sum + r.weight, 0);
  };
  const invalidSymbol = { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
  const parseSymbols = (param: string | null): string[] | null => {
    try {
      const list = JSON.parse(param ?? '') as unknown;
      return Array.isArray(list) && list.every((x) => typeof x === 'string') ? list : null;
    } catch {
      return null;
    }
  };

  const route = (url: URL): { status: number; body: unknown } => {
    switch (url.pathname) {
      case '/api/v3/klines': {
        const symbol = url.searchParams.get('symbol') ?? '';
        if (!bySymbol.has(symbol)) return invalidSymbol;
        if (url.searchParams.get('interval') !== '1m') return { status: 400, body: { code: -1120, msg: 'Invalid interval.' } };
        const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 500));
        const end = Number(url.searchParams.get('endTime') ?? now());
        const startParam = url.searchParams.get('startTime');
        // The current, still-open kline is included, as Binance does.
        const last = Math.floor(Math.min(end, now()) / MINUTE) * MINUTE;
        let first = startParam === null ? last - (limit - 1) * MINUTE : Math.ceil(Number(startParam) / MINUTE) * MINUTE;
        first = Math.max(first, 0);
        const rows: KlineRow[] = [];
        for (let t = first; t <= last && rows.length < limit; t += MINUTE) rows.push(kline(symbol, t));
        return { status: 200, body: rows };
      }
      case '/api/v3/ticker/price': {
        const list = parseSymbols(url.searchParams.get('symbols'));
        if (!list) return { status: 400, body: { code: -1100, msg: "Illegal characters found in parameter 'symbols'." } };
        if (list.some((s) => !bySymbol.has(s))) return invalidSymbol;
        return { status: 200, body: list.map((symbol) => ({ symbol, price: currentPrice(symbol) })) };
      }
      case '/api/v3/exchangeInfo': {
        const list = parseSymbols(url.searchParams.get('symbols')) ?? symbols.map((s) => s.symbol);
        if (list.some((s) => !bySymbol.has(s))) return invalidSymbol;
        return {
          status: 200,
          body: {
            timezone: 'UTC',
            serverTime: now(),
            rateLimits: [
              { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
              { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
              { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
            ],
            exchangeFilters: [],
            symbols: list.map((name) => {
              const s = bySymbol.get(name)!;
              const step = (d: number) => (d === 0 ? '1.00000000' : (10 ** -d).toFixed(8));
              return {
                symbol: s.symbol,
                status: 'TRADING',
                baseAsset: s.symbol.replace(/USDT$/, ''),
                baseAssetPrecision: 8,
                quoteAsset: 'USDT',
                quotePrecision: 8,
                quoteAssetPrecision: 8,
                baseCommissionPrecision: 8,
                quoteCommissionPrecision: 8,
                orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
                icebergAllowed: true,
                ocoAllowed: true,
                otoAllowed: true,
                opoAllowed: true,
                quoteOrderQtyMarketAllowed: true,
                allowTrailingStop: true,
                cancelReplaceAllowed: true,
                amendAllowed: true,
                pegInstructionsAllowed: true,
                isSpotTradingAllowed: true,
                isMarginTradingAllowed: true,
                filters: [
                  { filterType: 'PRICE_FILTER', minPrice: step(s.priceDecimals), maxPrice: '1000000.00000000', tickSize: step(s.priceDecimals) },
                  { filterType: 'LOT_SIZE', minQty: step(s.qtyDecimals), maxQty: '9000.00000000', stepSize: step(s.qtyDecimals) },
                ],
                permissions: [],
                permissionSets: [['SPOT', 'MARGIN']],
                defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
                allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'],
              };
            }),
          },
        };
      }
      default:
        return { status: 404, body: { code: -1000, msg: 'Unknown path.' } };
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const mode = faults.rest;
    if (mode !== 'ok' && --faults.restFaultRequests <= 0) {
      faults.rest = 'ok';
      faults.restFaultRequests = Infinity;
    }
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    requests.push({ path: url.pathname + url.search, at: now(), weight: WEIGHTS[url.pathname] ?? 1 });
    const headers = { 'content-type': 'application/json;charset=UTF-8', 'x-mbx-used-weight-1m': String(faults.usedWeight ?? usedWeight()), 'x-mbx-used-weight': String(faults.usedWeight ?? usedWeight()) };
    const answer = (status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers, ...extra });
      res.end(body);
    };
    const retryAfter = { 'retry-after': String(faults.retryAfterSeconds) };
    switch (mode) {
      case 'rate-limited':
        return answer(429, JSON.stringify({ code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' }), retryAfter);
      case 'banned':
        return answer(418, JSON.stringify({ code: -1003, msg: `Way too much request weight used; IP banned until ${now() + faults.retryAfterSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.` }), retryAfter);
      case 'server-error':
        return answer(503, JSON.stringify({ code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' }));
      default: {
        const { status, body } = route(url);
        if (status !== 200 || mode === 'ok') return answer(status, JSON.stringify(body));
        if (mode === 'wrong-shape') return answer(200, JSON.stringify({ data: body, note: 'not the documented shape' }));
        const text = JSON.stringify(body);
        return answer(200, text.slice(0, Math.max(1, text.length >> 1)));
      }
    }
  });

  // Streams ------------------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true });
  const subscribers = new Map<WebSocket, Set<string>>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/stream' || faults.ws === 'refuse') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const streams = new Set((url.searchParams.get('streams') ?? '').split('/').filter(Boolean));
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted++;
      const silent = faults.ws === 'silent';
      if (!silent) subscribers.set(ws, streams);
      let awaitingPong: NodeJS.Timeout | null = null;
      const pinger =
        !silent && faults.pingMs !== null
          ? setInterval(() => {
              ws.ping(String(now()));
              if (faults.pongTimeoutMs !== null && !awaitingPong) {
                awaitingPong = setTimeout(() => ws.terminate(), faults.pongTimeoutMs);
              }
            }, faults.pingMs)
          : null;
      ws.on('pong', (data) => {
        pongs.push(data.toString('utf8'));
        if (awaitingPong) clearTimeout(awaitingPong);
        awaitingPong = null;
      });
      ws.on('close', () => {
        subscribers.delete(ws);
        if (pinger) clearInterval(pinger);
        if (awaitingPong) clearTimeout(awaitingPong);
      });
      ws.on('error', () => undefined);
    });
  });

  const framesFor = (symbol: string, price: string, qty: string, at: number) => {
    const lower = symbol.toLowerCase();
    const t = ++tradeId;
    const trade = { e: 'trade', E: at, s: symbol, t, p: price, q: qty, T: at, m: t % 2 === 0, M: true };
    const bucket = Math.floor(at / MINUTE) * MINUTE;
    let k = live.get(symbol);
    if (!k || k.t !== bucket) {
      k = { t: bucket, o: price, h: price, l: price, c: price, v: 0, n: 0, f: t };
      live.set(symbol, k);
      if (!streamed.has(symbol)) streamed.set(symbol, new Map());
      streamed.get(symbol)!.set(bucket, k);
    }
    k.c = price;
    if (Number(price) > Number(k.h)) k.h = price;
    if (Number(price) < Number(k.l)) k.l = price;
    k.v += Number(qty);
    k.n++;
    const s = bySymbol.get(symbol)!;
    const klineEvent = {
      e: 'kline',
      E: at,
      s: symbol,
      k: {
        t: k.t, T: k.t + MINUTE - 1, s: symbol, i: '1m', f: k.f, L: t,
        o: k.o, c: k.c, h: k.h, l: k.l, v: k.v.toFixed(s.qtyDecimals), n: k.n, x: false,
        q: (k.v * Number(price)).toFixed(8), V: (k.v / 2).toFixed(s.qtyDecimals), Q: ((k.v * Number(price)) / 2).toFixed(8), B: '0',
      },
    };
    return {
      trade,
      frames: [
        [`${lower}@trade`, JSON.stringify({ stream: `${lower}@trade`, data: trade })],
        [`${lower}@kline_1m`, JSON.stringify({ stream: `${lower}@kline_1m`, data: klineEvent })],
      ] as const,
    };
  };
  const deliver = (frames: readonly (readonly [string, string])[]) => {
    for (const [ws, streams] of subscribers) {
      for (const [stream, text] of frames) if (streams.has(stream)) ws.send(text);
    }
  };

  function prepareBurst(count: number, list: readonly string[] = symbols.map((s) => s.symbol)) {
    const frames: (readonly [string, string])[] = [];
    const at = now();
    for (let i = 0; i < count; i++) {
      const symbol = list[i % list.length]!;
      const s = bySymbol.get(symbol)!;
      const p = fmt(s, priceAt(s, at / MINUTE + i / 1e6));
      frames.push(framesFor(symbol, p, '0.01000000', at).frames[0]);
    }
    return {
      async send() {
        const sends: Promise<void>[] = [];
        for (const [ws, streams] of subscribers) {
          const mine = frames.filter(([stream]) => streams.has(stream));
          // Frames leave in TCP segments of many frames, as an exchange's busy stream does, not a write each.
          const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
          for (let i = 0; i < mine.length; i += 500) {
            socket.cork();
            for (let j = i; j < Math.min(mine.length, i + 500); j++) {
              if (j === mine.length - 1) sends.push(new Promise((resolve) => ws.send(mine[j]![1], () => resolve())));
              else ws.send(mine[j]![1]);
            }
            socket.uncork();
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        await Promise.all(sends);
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeBinance = {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    faults,
    requests,
    pongs,
    openConnections: () => wss.clients.size,
    get acceptedConnections() {
      return accepted;
    },
    kline,
    price: currentPrice,
    trade(symbol, price, qty, at) {
      const s = bySymbol.get(symbol);
      if (!s) throw new RangeError(`fake binance has no ${symbol}`);
      const when = at ?? now();
      const p = price ?? fmt(s, priceAt(s, when / MINUTE));
      const q = qty ?? (0.01 + (tradeId % 7) / 100).toFixed(s.qtyDecimals);
      const { trade, frames } = framesFor(symbol, p, q, when);
      deliver(frames);
      return { t: trade.t, p, q, T: when };
    },
    burst: (count, list) => prepareBurst(count, list).send(),
    feed(perSecond, list = symbols.map((s) => s.symbol)) {
      let i = 0;
      let owed = 0;
      const timer = setInterval(() => {
        owed += perSecond / 20;
        for (; owed >= 1; owed--) fake.trade(list[i++ % list.length]!);
      }, 50);
      return () => clearInterval(timer);
    },
    prepareBurst,
    sendRaw(text) {
      for (const ws of subscribers.keys()) ws.send(text);
    },
    ping(payload) {
      for (const ws of wss.clients) ws.ping(payload);
    },
    shutdownNotice() {
      const text = JSON.stringify({ stream: '!serverShutdown', data: { e: 'serverShutdown', E: now() } });
      for (const ws of subscribers.keys()) ws.send(text);
    },
    dropConnections() {
      for (const ws of wss.clients) ws.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
