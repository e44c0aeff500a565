import WebSocket from 'ws';
import { backoffMs } from '../live-adapter-kit';
import { binanceCombinedFrame } from './binance-schemas';

export const BINANCE_WS_URL = 'wss://stream.binance.com:9443';

export type StreamState = 'connecting' | 'open' | 'down' | 'stopped';

export interface BinanceStreamOptions {
  /** Base URL, e.g. wss://stream.binance.com:9443; the combined-stream path is added. */
  wsUrl: string;
  /** Stream names, e.g. `btcusdt@trade`. */
  streams: readonly string[];
  /** One combined-stream frame's `data`, from the connection currently in use. */
  onData(stream: string, data: unknown): void;
  onState?(state: StreamState): void;
  /** A frame that is not the documented `{ stream, data }` JSON (counted, never thrown). */
  onMalformed?(detail: string): void;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Binance drops a connection at 24 h; we move to a fresh one before that. */
  maxConnectionMs?: number;
  /** No frame and no ping for this long: the connection is dead even if TCP has not noticed. */
  silenceTimeoutMs?: number;
  handshakeTimeoutMs?: number;
}

export interface BinanceStream {
  state(): StreamState;
  /** Connections opened after the first (reconnects and rotations). */
  readonly reconnects: number;
  /** Opens a fresh connection and switches to it once it is open, then closes the old one (no gap). */
  rotate(): void;
  stop(): void;
}

/** 23 h 30 min: half an hour of margin before the exchange's 24 h cut. */
export const BINANCE_MAX_CONNECTION_MS = 23.5 * 3_600_000;

/**
 * One combined-stream connection (`/stream?streams=a/b/c`, frames `{ stream, data }`), kept alive: pings are
 * answered with a pong carrying the same payload (the `ws` client does it as each ping arrives, as Binance
 * requires within a minute), a silent connection is ended, a lost one is reopened with full-jitter backoff,
 * and a connection nearing the 24 h limit (or told `serverShutdown`) is replaced make-before-break.
 */
export function openBinanceStream(opts: BinanceStreamOptions): BinanceStream {
  const url = `${opts.wsUrl.replace(/\/+$/, '')}/stream?streams=${opts.streams.join('/')}`;
  const baseMs = opts.reconnectBaseMs ?? 500;
  const maxMs = opts.reconnectMaxMs ?? 30_000;
  const silenceMs = opts.silenceTimeoutMs ?? 60_000;
  const maxConnectionMs = opts.maxConnectionMs ?? BINANCE_MAX_CONNECTION_MS;

  let current: WebSocket | null = null;
  let replacing: WebSocket | null = null;
  let connecting: WebSocket | null = null;
  let state: StreamState = 'connecting';
  let stopped = false;
  let attempt = 0;
  let reconnects = 0;
  let opened = 0;
  let lastHeard = Date.now();
  let retryTimer: NodeJS.Timeout | null = null;
  let rotateTimer: NodeJS.Timeout | null = null;

  const setState = (next: StreamState) => {
    if (state === next) return;
    state = next;
    opts.onState?.(next);
  };

  const watchdog = setInterval(
    () => {
      if (current && Date.now() - lastHeard > silenceMs) current.terminate();
    },
    Math.max(10, Math.floor(silenceMs / 4)),
  );

  function connect(rotation: boolean) {
    if (stopped) return;
    if (opened++ > 0) reconnects++;
    const ws = new WebSocket(url, {
      handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
      autoPong: true,
      // Each frame is JSON-parsed and validated anyway; ws's UTF-8 check would be a second pass over every byte.
      skipUTF8Validation: true,
    });
    if (rotation) replacing = ws;
    else {
      connecting = ws;
      setState('connecting');
    }

    ws.on('open', () => {
      if (stopped) return ws.terminate();
      const old = current;
      current = ws;
      if (replacing === ws) replacing = null;
      if (connecting === ws) connecting = null;
      lastHeard = Date.now();
      setState('open');
      if (old && old !== ws) old.close(1000, 'replaced');
      if (rotateTimer) clearTimeout(rotateTimer);
      rotateTimer = setTimeout(() => rotate(), maxConnectionMs);
    });
    ws.on('ping', () => {
      if (ws === current) lastHeard = Date.now();
    });
    ws.on('message', (raw, isBinary) => {
      if (ws !== current) return;
      lastHeard = Date.now();
      attempt = 0; // the connection works: the next loss starts the backoff afresh
      let json: unknown;
      try {
        json = JSON.parse(isBinary ? Buffer.from(raw as Buffer).toString('utf8') : raw.toString());
      } catch {
        opts.onMalformed?.('not JSON');
        return;
      }
      const frame = binanceCombinedFrame.safeParse(json);
      if (!frame.success) {
        opts.onMalformed?.('not a combined-stream frame');
        return;
      }
      opts.onData(frame.data.stream, frame.data.data);
    });
    ws.on('error', () => {
      // 'close' follows every error; the reconnect is decided there.
    });
    ws.on('close', () => {
      if (stopped) return;
      if (replacing === ws) {
        // A rotation that failed to open: keep the old connection, try again later.
        replacing = null;
        if (current) rotateTimer = setTimeout(() => rotate(), backoffMs(attempt++, baseMs, maxMs));
        return;
      }
      if (ws === current) current = null;
      else if (ws === connecting) connecting = null;
      else return; // an old connection that a rotation replaced
      setState('down');
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (retryTimer || stopped) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect(false);
    }, backoffMs(attempt++, baseMs, maxMs));
  }

  function rotate() {
    if (stopped || replacing) return;
    if (!current) return; // a reconnect is already under way
    connect(true);
  }

  connect(false);

  return {
    state: () => state,
    get reconnects() {
      return reconnects;
    },
    rotate,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(watchdog);
      if (retryTimer) clearTimeout(retryTimer);
      if (rotateTimer) clearTimeout(rotateTimer);
      for (const ws of [current, replacing, connecting]) ws?.terminate();
      current = replacing = connecting = null;
      setState('stopped');
    },
  };
}
