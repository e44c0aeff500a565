/**
 * A TCP fault proxy: forwards every connection on `listen` to `target` and, when told, misbehaves the way a
 * failing network or service does. Not part of the app bundle; the fault-injection suite
 * (tests/e2e/faults-*.test.ts) imports it, and it runs by hand:
 *
 *   npx tsx scripts/fault-proxy.ts --listen 15432 --target 127.0.0.1:5432 [--control 15499] [--mode down]
 *   curl -X POST 127.0.0.1:15499/down          # or /pass, /slow?ms=300, /reset?bytes=200, /flap?ms=500
 *   curl 127.0.0.1:15499/                       # the mode and counters
 *
 * Switches:
 * - `pass`: bytes flow untouched.
 * - `down`: nothing listens (new connections are refused, ECONNREFUSED) and open connections are reset.
 * - `slow`: every chunk, either way, is held `latencyMs` before it goes on (order kept).
 * - `reset`: a connection that has carried `afterBytes` bytes (both ways, counted from the switch or from
 *   its opening) is reset right there — mid-request or mid-answer.
 * - `flap`: down for `periodMs`, up (pass) for `periodMs`, and so on, starting down.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

export type FaultMode =
  | { mode: 'pass' }
  | { mode: 'down' }
  | { mode: 'slow'; latencyMs: number }
  | { mode: 'reset'; afterBytes: number }
  | { mode: 'flap'; periodMs: number };

export interface FaultProxyStats {
  /** Connections accepted since start. */
  accepted: number;
  /** Connections this proxy cut (down, reset, flap). */
  cut: number;
  /** Connections open now. */
  open: number;
  /** Bytes forwarded, both ways. */
  bytes: number;
}

export interface FaultProxy {
  host: string;
  port: number;
  /** `host:port`, for building URLs. */
  address: string;
  mode(): FaultMode;
  /** Whether new connections are accepted right now (false while down, and in a flap's down half). */
  up(): boolean;
  set(mode: FaultMode): Promise<void>;
  stats(): FaultProxyStats;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
  /** Bytes carried since the link opened or the current switch was set, whichever is later. */
  carried: number;
}

export async function startFaultProxy(opts: { target: string; port?: number; host?: string }): Promise<FaultProxy> {
  const [targetHost, targetPort] = splitAddress(opts.target);
  const host = opts.host ?? '127.0.0.1';
  const links = new Set<Link>();
  const stats = { accepted: 0, cut: 0, bytes: 0 };
  let current: FaultMode = { mode: 'pass' };
  let listening: Server | null = null;
  let port = opts.port ?? 0;
  let flapTimer: NodeJS.Timeout | undefined;
  let closed = false;
  // Serialises listener changes: a flap toggles every few hundred ms while a test may set a mode.
  let change: Promise<void> = Promise.resolve();

  const cut = (link: Link) => {
    if (!links.delete(link)) return;
    stats.cut++;
    // A reset, not a clean close: the peer sees ECONNRESET, as when a service or a link dies.
    link.client.resetAndDestroy();
    link.upstream.destroy();
  };

  const latency = () => (current.mode === 'slow' ? current.latencyMs : 0);

  /** Forwards `from` → `to` through the current switch, keeping chunk order when latency changes. */
  const pipe = (link: Link, from: Socket, to: Socket) => {
    const queue: { chunk: Buffer; at: number }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const now = Date.now();
      while (queue.length > 0 && queue[0]!.at <= now) {
        if (!to.destroyed) to.write(queue.shift()!.chunk);
        else queue.shift();
      }
      if (queue.length > 0) timer = setTimeout(flush, queue[0]!.at - now);
    };
    from.on('data', (data: Buffer) => {
      const chunk = data;
      if (current.mode === 'reset') {
        const room = current.afterBytes - link.carried;
        if (room <= 0) return cut(link);
        if (chunk.length >= room) {
          // Forward exactly up to the limit, then cut: the other side got a part of the message.
          to.write(chunk.subarray(0, room), () => cut(link));
          link.carried += room;
          stats.bytes += room;
          return;
        }
      }
      link.carried += chunk.length;
      stats.bytes += chunk.length;
      const wait = latency();
      if (wait === 0 && queue.length === 0) {
        to.write(chunk);
        return;
      }
      queue.push({ chunk, at: Date.now() + wait });
      timer ??= setTimeout(flush, wait);
    });
    from.on('end', () => {
      // Half-close after what is queued has gone.
      const done = () => (queue.length === 0 ? to.end() : setTimeout(done, 5));
      done();
    });
    from.on('close', () => {
      if (timer) clearTimeout(timer);
    });
  };

  const accept = (client: Socket) => {
    stats.accepted++;
    client.setNoDelay(true);
    const upstream = connect({ host: targetHost, port: targetPort });
    upstream.setNoDelay(true);
    const link: Link = { client, upstream, carried: 0 };
    links.add(link);
    pipe(link, client, upstream);
    pipe(link, upstream, client);
    const drop = () => {
      if (!links.delete(link)) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', () => {
      // The target refused or died: the client sees a reset, as it would without the proxy.
      if (links.has(link)) {
        links.delete(link);
        client.resetAndDestroy();
      }
    });
    client.on('close', drop);
    upstream.on('close', drop);
  };

  const open = async () => {
    if (listening || closed) return;
    const server = createServer({ noDelay: true }, accept);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
    listening = server;
  };

  const shut = async () => {
    const server = listening;
    listening = null;
    for (const link of [...links]) cut(link);
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  const apply = (mode: FaultMode) =>
    (change = change.then(async () => {
      if (flapTimer) clearInterval(flapTimer);
      flapTimer = undefined;
      current = mode;
      for (const link of links) link.carried = 0;
      if (mode.mode === 'down') return shut();
      await open();
      if (mode.mode === 'flap') {
        await shut();
        let down = true;
        flapTimer = setInterval(() => {
          down = !down;
          change = change.then(() => (down ? shut() : open())).catch(() => undefined);
        }, mode.periodMs);
      }
    }));

  await open();
  return {
    host,
    port,
    address: `${host}:${port}`,
    mode: () => current,
    up: () => listening !== null,
    set: apply,
    stats: () => ({ ...stats, open: links.size }),
    async close() {
      closed = true;
      if (flapTimer) clearInterval(flapTimer);
      await change.catch(() => undefined);
      await shut();
    },
  };
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  const port = Number(address.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) throw new Error(`expected host:port, got ${address}`);
  return [address.slice(0, at), port];
}

/** Reads a switch from a control path: `/pass`, `/down`, `/slow?ms=300`, `/reset?bytes=200`, `/flap?ms=500`. */
export function parseMode(path: string): FaultMode {
  const url = new URL(path, 'http://control');
  const number = (name: string, fallback: number) => {
    const value = Number(url.searchParams.get(name) ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
    return value;
  };
  switch (url.pathname.replace(/^\//, '')) {
    case 'pass':
      return { mode: 'pass' };
    case 'down':
      return { mode: 'down' };
    case 'slow':
      return { mode: 'slow', latencyMs: number('ms', 500) };
    case 'reset':
      return { mode: 'reset', afterBytes: number('bytes', 200) };
    case 'flap':
      return { mode: 'flap', periodMs: Math.max(10, number('ms', 500)) };
    default:
      throw new Error(`unknown switch ${url.pathname}: pass, down, slow?ms=, reset?bytes=, flap?ms=`);
  }
}

/** A tiny HTTP control door: POST /<switch> sets it, GET / answers the mode and counters. */
export async function startFaultControl(proxy: FaultProxy, opts: { port: number; host?: string }): Promise<HttpServer> {
  const server = createHttpServer((req, res) => {
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && (req.url === '/' || req.url === '')) return reply(200, { mode: proxy.mode(), up: proxy.up(), ...proxy.stats() });
    if (req.method !== 'POST') return reply(405, { error: 'GET / or POST /<switch>' });
    let mode: FaultMode;
    try {
      mode = parseMode(req.url ?? '/');
    } catch (error) {
      return reply(400, { error: (error as Error).message });
    }
    void proxy.set(mode).then(() => reply(200, { mode: proxy.mode() }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = new Map<string, string>();
  for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
  const target = args.get('target');
  if (!target || !args.get('listen')) throw new Error('usage: fault-proxy.ts --listen <port> --target <host:port> [--control <port>] [--mode down|slow?ms=…]');
  const proxy = await startFaultProxy({ target, port: Number(args.get('listen')), host: args.get('host') });
  if (args.get('mode')) await proxy.set(parseMode(`/${args.get('mode')}`));
  console.log(`fault proxy ${proxy.address} → ${target} (${proxy.mode().mode})`);
  if (args.get('control')) {
    await startFaultControl(proxy, { port: Number(args.get('control')), host: args.get('host') });
    console.log(`control on http://${args.get('host') ?? '127.0.0.1'}:${args.get('control')} (POST /pass /down /slow?ms= /reset?bytes= /flap?ms=)`);
  }
}
