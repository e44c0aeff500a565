/**
 * An Upstash-REST-compatible endpoint in front of a real Redis, so the cloud profile runs on your own
 * servers and CI runs the Upstash adapters against Redis 7. Not part of the app bundle.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 UPSTASH_BRIDGE_TOKEN=dev-token PORT=8079 npx tsx scripts/bridges/upstash-rest.ts
 *   → UPSTASH_REDIS_REST_URL=http://127.0.0.1:8079 UPSTASH_REDIS_REST_TOKEN=dev-token
 *
 * Protocol as @upstash/redis 1.39's HttpClient speaks it: POST `/` with one command array → `{result}`;
 * POST `/pipeline` and `/multi-exec` with an array of them → `[{result}|{error}]`; HTTP 400 `{error}` for a
 * failed single command; with `Upstash-Encoding: base64` every string in a result is base64, except "OK".
 * POST `/subscribe/<channel>` and `/psubscribe/<pattern>` answer Server-Sent Events, one Redis connection
 * each: `data: subscribe,<channel>,1`, then `data: message,<channel>,<payload>` (pattern: `pmessage,…`).
 * GET `/stats` (same token) answers `{requests, commands}` counted since start, for the cloud benches.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createClient } from 'redis';

type Reply = string | number | null | Reply[];
type Outcome = { result: Reply } | { error: string };

// These would park the one shared connection (or switch it to pub/sub mode); the adapters never send them.
const REFUSED = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'monitor', 'sync', 'psync', 'blpop', 'brpop',
  'blmove', 'brpoplpush', 'bzpopmin', 'bzpopmax', 'blmpop', 'bzmpop', 'wait', 'waitaof']);

// Redis 7 accepts only these shebang flags; Upstash also takes e.g. `allow-key-locking` (@upstash/ratelimit
// sends it), so the bridge drops the rest and remembers which SHA the client computed for the original.
const KNOWN_SCRIPT_FLAGS = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);

export interface UpstashBridge {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startUpstashBridge(opts: { redisUrl: string; token: string; port?: number; host?: string }): Promise<UpstashBridge> {
  // RESP2: the reply shapes Upstash's REST API returns (flat arrays, not RESP3 maps).
  const redis = createClient({ url: opts.redisUrl, RESP: 2 });
  redis.on('error', (error: unknown) => console.error('upstash bridge: redis error', error));
  await redis.connect();
  const shaAliases = new Map<string, string>();
  /** What clients sent through this bridge (GET /stats): HTTP requests and the Redis commands in them. */
  const stats = { requests: 0, commands: 0 };

  const toArgs = (command: unknown): string[] => {
    if (!Array.isArray(command) || command.length === 0) throw new Error('ERR a command is a non-empty JSON array');
    const args = command.map((a) => (typeof a === 'string' ? a : typeof a === 'object' ? JSON.stringify(a) : String(a)));
    const name = args[0]!.toLowerCase();
    if (REFUSED.has(name) || ((name === 'xread' || name === 'xreadgroup') && args.some((a) => a.toLowerCase() === 'block'))) {
      throw new Error(`ERR ${name} is not supported by this bridge`);
    }
    if ((name === 'eval' || name === 'eval_ro' || name === 'script') && args.length > 1) {
      const at = name === 'script' ? 2 : 1;
      if (name !== 'script' || args[1]!.toLowerCase() === 'load') args[at] = compatibleScript(args[at]!, shaAliases);
    }
    if ((name === 'evalsha' || name === 'evalsha_ro') && args[1]) args[1] = shaAliases.get(args[1].toLowerCase()) ?? args[1];
    return args;
  };

  const single = async (command: unknown): Promise<Outcome> => {
    stats.commands++;
    try {
      return { result: (await redis.sendCommand(toArgs(command))) as Reply };
    } catch (error) {
      return { error: message(error) };
    }
  };

  // Upstash runs a pipeline in order but not atomically; node-redis keeps order on its one connection.
  const pipeline = (commands: unknown[]) => Promise.all(commands.map(single));

  const multiExec = async (commands: unknown[]): Promise<Outcome[]> => {
    let argsList: string[][];
    try {
      argsList = commands.map(toArgs);
    } catch (error) {
      return commands.map(() => ({ error: message(error) }));
    }
    stats.commands += argsList.length;
    const multi = redis.multi();
    for (const args of argsList) multi.addCommand(args);
    try {
      return ((await multi.exec()) as unknown as Reply[]).map((result) => ({ result }));
    } catch (error) {
      const replies = (error as { replies?: unknown[] }).replies;
      if (!replies) return commands.map(() => ({ error: message(error) }));
      return replies.map((r) => (r instanceof Error ? { error: r.message } : { result: r as Reply }));
    }
  };

  async function subscribe(req: IncomingMessage, res: ServerResponse, pattern: boolean, target: string) {
    const subscriber = redis.duplicate();
    subscriber.on('error', (error: unknown) => console.error('upstash bridge: subscriber error', error));
    await subscriber.connect();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const event = (line: string) => res.write(`data: ${line}\n\n`);
    if (pattern) await subscriber.pSubscribe(target, (message, channel) => event(`pmessage,${target},${channel},${message}`));
    else await subscriber.subscribe(target, (message) => event(`message,${target},${message}`));
    event(`${pattern ? 'psubscribe' : 'subscribe'},${target},1`);
    // A comment line now and then keeps idle proxies from closing the stream; the client ignores it.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.socket.once('close', () => {
      clearInterval(keepAlive);
      subscriber.destroy();
    });
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { error: message(error) }));
  });

  const expected = Buffer.from(`Bearer ${opts.token}`);
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) return send(res, 401, { error: 'Unauthorized' });
    if (req.method === 'GET' && req.url === '/stats') return send(res, 200, stats);
    stats.requests++;
    if (req.method !== 'POST') return send(res, 405, { error: 'Only POST is supported' });
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const encode = (o: Outcome) => ('result' in o && base64 ? { result: encodeReply(o.result) } : o);

    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: 'ERR the body is not JSON' });
    }
    const path = new URL(req.url ?? '/', 'http://bridge').pathname.replace(/\/+$/, '');
    const sse = /^\/(p?subscribe)\/(.+)$/.exec(path);
    if (sse) {
      stats.commands++;
      return subscribe(req, res, sse[1] === 'psubscribe', decodeURIComponent(sse[2]!));
    }
    if (path === '/pipeline' || path === '/multi-exec') {
      if (!Array.isArray(body) || body.length === 0) return send(res, 400, { error: 'ERR expected an array of commands' });
      const outcomes = path === '/pipeline' ? await pipeline(body) : await multiExec(body);
      return send(res, 200, outcomes.map(encode));
    }
    if (path !== '') return send(res, 404, { error: `ERR unknown endpoint ${path}` });
    const outcome = await single(body);
    return send(res, 'error' in outcome ? 400 : 200, encode(outcome));
  }

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    token: opts.token,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit();
    },
  };
}

function compatibleScript(script: string, aliases: Map<string, string>): string {
  const match = /^#!lua(.*)\n/.exec(script);
  if (!match) return script;
  const flags = /flags=(\S*)/.exec(match[1]!)?.[1]?.split(',').filter((f) => KNOWN_SCRIPT_FLAGS.has(f));
  const shebang = flags === undefined ? '#!lua' : `#!lua flags=${flags.join(',')}`;
  const rewritten = `${shebang}\n${script.slice(match[0].length)}`;
  if (rewritten !== script) aliases.set(sha1(script), sha1(rewritten));
  return rewritten;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

function encodeReply(reply: Reply): Reply {
  if (typeof reply === 'string') return reply === 'OK' ? reply : Buffer.from(reply).toString('base64');
  if (Array.isArray(reply)) return reply.map(encodeReply);
  return reply;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const token = process.env.UPSTASH_BRIDGE_TOKEN;
  if (!token) throw new Error('Set UPSTASH_BRIDGE_TOKEN (clients send it as UPSTASH_REDIS_REST_TOKEN)');
  const bridge = await startUpstashBridge({
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    token,
    port: Number(process.env.PORT ?? 8079),
    host: process.env.HOST,
  });
  console.log(`Upstash REST bridge on ${bridge.url}`);
}
