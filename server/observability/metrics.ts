import 'server-only';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { setDependencyFailureSink, type DependencyFailureEvent } from '@/server/dependency-errors';
import { logger } from '@/server/logger';

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'primetrade_process_' });
  const opts = { registers: [registry] };
  return {
    registry,
    requests: new Counter({
      name: 'primetrade_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      ...opts,
    }),
    latency: new Histogram({
      name: 'primetrade_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['route', 'method'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      ...opts,
    }),
    cacheLookups: new Counter({
      name: 'primetrade_cache_lookups_total',
      help: 'Cache lookups by key family and result (hit or miss)',
      labelNames: ['family', 'result'] as const,
      ...opts,
    }),
    sseConnections: new Gauge({
      name: 'primetrade_sse_connections',
      help: 'Open server-sent-event connections by stream',
      labelNames: ['stream'] as const,
      ...opts,
    }),
    dependencyUnavailable: new Counter({
      name: 'primetrade_dependency_unavailable_total',
      help: 'Requests answered 503 because a dependency (database, cache, bus, rate-limit) could not answer',
      labelNames: ['dependency'] as const,
      ...opts,
    }),
    jobs: new Gauge({
      name: 'primetrade_jobs',
      help: 'Background jobs by kind and status (read from the jobs table at scrape time)',
      labelNames: ['kind', 'status'] as const,
      ...opts,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as typeof globalThis & { __primetradeMetrics?: Metrics };

/** One registry per process, shared by every bundle (kept on globalThis like the infra). */
export function getMetrics(): Metrics {
  globalForMetrics.__primetradeMetrics ??= createMetrics();
  return globalForMetrics.__primetradeMetrics;
}

export function recordRequest(r: { route: string; method: string; status: number; seconds: number }): void {
  const m = getMetrics();
  m.requests.inc({ route: r.route, method: r.method, status: String(r.status) });
  m.latency.observe({ route: r.route, method: r.method }, r.seconds);
}

/** Cache hit/miss counting, by the key's first segment (`market`, `user`, `apikey`, …). */
export function recordCacheLookup(key: string, hit: boolean): void {
  getMetrics().cacheLookups.inc({ family: key.split(':', 1)[0] ?? 'other', result: hit ? 'hit' : 'miss' });
}

/** Each request refused for a dependency is counted; the first of an incident is logged (with the internals). */
export function recordDependencyFailure({ dependency, error, newIncident }: DependencyFailureEvent): void {
  getMetrics().dependencyUnavailable.inc({ dependency });
  if (newIncident) logger.warn({ err: error, dependency }, `${dependency} unavailable: answering 503 until it recovers`);
}

setDependencyFailureSink(recordDependencyFailure);
