/**
 * A Neon-compatible endpoint in front of a real Postgres, so the cloud profile's Neon drivers run on
 * your own servers and CI runs them against Postgres 15. Not part of the app bundle.
 *
 *   PGHOST=127.0.0.1 PGPORT=5432 PORT=4444 npx tsx scripts/bridges/neon.ts
 *   → NEON_BRIDGE_URL=http://127.0.0.1:4444 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
 *
 * Two doors, as @neondatabase/serverless 1.2 uses them:
 * - `GET /v2` upgraded to a WebSocket: the `Pool`/`Client` speak the Postgres wire protocol over it; each
 *   binary frame is piped to a TCP connection to the upstream server (whatever `?address=` says — this
 *   bridge serves one server, so it is no open proxy).
 * - `POST /sql`: the HTTP driver's query protocol. Headers `Neon-Connection-String` (user, password and
 *   database are used; host and port are the upstream's), `Neon-Batch-Isolation-Level` / `-Read-Only` /
 *   `-Deferrable` for batches. Body `{query, params}` or `{queries: [...]}` (one transaction). Answer:
 *   `{command, rowCount, fields, rows, rowAsArray}` with rows as arrays of Postgres text values, or
 *   `{results: [...]}`; a Postgres error is HTTP 400 `{message, code, detail, …}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

interface HttpQuery {
  query: string;
  params?: unknown[];
}

// Every value goes back as Postgres sent it (text); the client parses by dataTypeID, as with Neon.
const rawText = { getTypeParser: () => (value: string) => value };

const ERROR_FIELDS = ['severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine'] as const;

const ISOLATION = new Set(['ReadUncommitted', 'ReadCommitted', 'RepeatableRead', 'Serializable']);

export interface NeonBridge {
  url: string;
  close(): Promise<void>;
}

export async function startNeonBridge(opts: { pgHost: string; pgPort: number; port?: number; host?: string }): Promise<NeonBridge> {
  const pools = new Map<string, pg.Pool>();
  const sockets = new Set<WebSocket>();

  const poolFor = (connectionString: string) => {
    const given = new URL(connectionString);
    const key = `${given.username}\n${given.password}\n${given.pathname}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        host: opts.pgHost,
        port: opts.pgPort,
        user: decodeURIComponent(given.username),
        password: given.password ? decodeURIComponent(given.password) : undefined,
        database: decodeURIComponent(given.pathname.slice(1)) || undefined,
        max: 5,
        idleTimeoutMillis: 10_000,
      });
      pool.on('error', (error) => console.warn('neon bridge: idle connection lost:', error.message));
      pools.set(key, pool);
    }
    return pool;
  };

  const run = async (client: pg.PoolClient, q: HttpQuery) => {
    const result = await client.query({ text: q.query, values: q.params ?? [], rowMode: 'array', types: rawText });
    return {
      command: result.command,
      rowCount: result.rowCount,
      fields: result.fields,
      rows: result.rows,
      rowAsArray: true,
    };
  };

  async function sql(req: IncomingMessage, res: ServerResponse) {
    const connectionString = req.headers['neon-connection-string'];
    if (typeof connectionString !== 'string') return send(res, 400, { message: 'Neon-Connection-String header is required' });
    const body = JSON.parse(await readBody(req)) as HttpQuery | { queries: HttpQuery[] };
    const client = await poolFor(connectionString).connect();
    try {
      if (!('queries' in body)) return send(res, 200, await run(client, body));
      await client.query(beginStatement(req));
      try {
        const results = [];
        for (const q of body.queries) results.push(await run(client, q));
        await client.query('commit');
        return send(res, 200, { results });
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    } catch (error) {
      const e = error as Record<string, unknown> & Error;
      return send(res, 400, Object.fromEntries([['message', e.message], ...ERROR_FIELDS.map((f) => [f, e[f]])]));
    } finally {
      client.release();
    }
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bridge').pathname;
    if (req.method === 'POST' && path === '/sql') {
      void sql(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
    } else {
      send(res, 404, { message: 'Not found: POST /sql, or a WebSocket upgrade on /v2' });
    }
  });

  const wss = new WebSocketServer({ server, path: '/v2' });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    const tcp = connect(opts.pgPort, opts.pgHost);
    const pending: Buffer[] = [];
    tcp.on('connect', () => {
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    ws.on('message', (data: Buffer) => (tcp.connecting ? pending.push(data) : tcp.write(data)));
    tcp.on('data', (chunk) => ws.send(chunk));
    const end = () => {
      sockets.delete(ws);
      tcp.destroy();
      ws.close();
    };
    ws.on('close', end);
    ws.on('error', end);
    tcp.on('close', end);
    tcp.on('error', end);
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
}

function beginStatement(req: IncomingMessage): string {
  const isolation = String(req.headers['neon-batch-isolation-level'] ?? '');
  const readOnly = req.headers['neon-batch-read-only'] === 'true';
  const deferrable = req.headers['neon-batch-deferrable'] === 'true';
  const level = ISOLATION.has(isolation) ? ` isolation level ${isolation.replace(/([a-z])([A-Z])/g, '$1 $2')}` : '';
  return `begin${level}${readOnly ? ' read only' : ''}${deferrable ? ' deferrable' : ''}`;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bridge = await startNeonBridge({
    pgHost: process.env.PGHOST ?? '127.0.0.1',
    pgPort: Number(process.env.PGPORT ?? 5432),
    port: Number(process.env.PORT ?? 4444),
    host: process.env.HOST,
  });
  console.log(`Neon bridge on ${bridge.url} (Postgres at ${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? 5432})`);
}
