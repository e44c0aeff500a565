import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthy, type Faults } from './faults';

export interface FakeAnswer {
  status: number;
  body: unknown;
}

export interface FakeUpstream {
  /** Base URL the adapter is pointed at. */
  url: string;
  /** Mutable: flip to simulate an outage, a 429 storm, a slow or broken upstream. */
  faults: Faults;
  /** Epoch ms of every request received, whatever was answered (what an upstream's rate limit counts). */
  requestTimes: number[];
  close(): Promise<void>;
}

/**
 * A node:http server on an ephemeral loopback port that answers GETs through `route`, after applying the
 * current fault switches.
 */
export async function startFakeHttp(
  route: (url: URL, req: IncomingMessage) => FakeAnswer,
  opts: { pathPrefix?: string; now?: () => number } = {},
): Promise<FakeUpstream> {
  const now = opts.now ?? Date.now;
  const faults = healthy();
  const requestTimes: number[] = [];

  const server = createServer((req, res) => {
    requestTimes.push(now());
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    const respond = () => {
      switch (faults.mode) {
        case 'hang':
          return; // the client's timeout has to end this
        case 'rate-limited':
          return answer(429, '{"error":"Too Many Requests"}', { 'retry-after': String(faults.retryAfterSeconds) });
        case 'server-error':
          return answer(503, '{"error":"Service Unavailable"}');
        default: {
          const url = new URL(req.url ?? '/', 'http://fake');
          const { status, body } = route(url, req);
          const text = JSON.stringify(body);
          return answer(status, faults.mode === 'malformed' ? text.slice(0, Math.max(1, text.length >> 1)) : text);
        }
      }
    };
    if (faults.latencyMs > 0) setTimeout(respond, faults.latencyMs);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${opts.pathPrefix ?? ''}`,
    faults,
    requestTimes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Path segments after `prefix`, or null when the path does not start with it. */
export function segmentsAfter(pathname: string, prefix: string): string[] | null {
  if (!pathname.startsWith(prefix)) return null;
  return pathname.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent);
}
