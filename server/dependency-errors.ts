/**
 * Dependency failures: the database or Redis could not answer (refused, reset, timed out, pool exhausted,
 * shutting down, an HTTP front door failing). They are neither the caller's fault nor our bug, so the one
 * error conversion (server/errors.ts `toAppError`) answers them as 503 SERVICE_UNAVAILABLE with Retry-After
 * and the dependency's name — never a 500, never the internals. Edge-safe: no Node imports.
 */

/** What a client is told was unavailable (`details.dependency`). Cache, bus and rate limits share one Redis. */
export type Dependency = 'database' | 'cache' | 'bus' | 'rate-limit';

/** Retry-After when nothing better is known (no breaker in front of the failing call). */
export const DEFAULT_RETRY_AFTER_S = 5;

/** A dependency failed; thrown by the infra adapters with the port that met it, the original as `cause`. */
export class DependencyError extends Error {
  readonly dependency: Dependency;
  readonly retryAfterSeconds: number;

  constructor(dependency: Dependency, opts: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(`${dependency} unavailable`, { cause: opts.cause });
    this.name = 'DependencyError';
    this.dependency = dependency;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? retryAfterOf(opts.cause) ?? DEFAULT_RETRY_AFTER_S;
  }
}

/**
 * Thrown at once, without calling out, while a circuit breaker knows its dependency is down. Untagged (one
 * Redis serves three ports); the adapter that called turns it into a DependencyError naming its port.
 */
export class CircuitOpenError extends Error {
  readonly retryAfterSeconds: number;

  constructor(target: string, retryAfterMs: number) {
    super(`${target} circuit open`);
    this.name = 'CircuitOpenError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/**
 * Next.js bundles route handlers apart, and the infra (on globalThis) is made by whichever bundle came first:
 * an error thrown by the infra may be another bundle's class. So these are recognised by name, not instanceof.
 */
export const isDependencyError = (e: unknown): e is DependencyError =>
  e instanceof Error && e.name === 'DependencyError' && typeof (e as DependencyError).dependency === 'string';
const isCircuitOpen = (e: unknown): e is CircuitOpenError =>
  e instanceof Error && e.name === 'CircuitOpenError' && typeof (e as CircuitOpenError).retryAfterSeconds === 'number';

// Node/undici socket-level failures.
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH',
  'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/**
 * Postgres SQLSTATEs that mean "the server cannot serve you now": 08xxx connection exceptions, 53xxx
 * insufficient resources (53300 too many connections), 57P01–57P03 shutdown / cannot connect now.
 */
const PG_UNAVAILABLE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[123])$/;

// The message Node gives a socket failure (`connect ECONNREFUSED 127.0.0.1:5432`, `read ECONNRESET`).
const NETWORK_MESSAGES = new RegExp(
  `^((connect|read|write|getaddrinfo|socket) )?(${[...NETWORK_CODES].join('|')})\\b|^socket hang up$|^WebSocket was closed before the connection was established$`,
);

// What node-postgres, pg-pool, Neon's drivers and PGlite say when the connection, not the query, failed.
const DATABASE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Client was closed and is not queryable|PGlite is closed|Error connecting to database|Server error \(HTTP status 5|Query read timeout)/;

// A Redis error reply that means the server is not serving (others — ERR, WRONGTYPE, NOSCRIPT… — are ours).
const REDIS_UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY|OOM|NOREPLICAS)\b/;
const REDIS_COMMAND_ERROR = /^[A-Z][A-Z_]+ /;

type Kind = 'database' | 'network' | 'redis' | 'tagged' | null;

function kindOf(e: Error & { code?: unknown; sourceError?: unknown }): Kind {
  if (isDependencyError(e)) return 'tagged';
  if (isCircuitOpen(e)) return 'network';
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code)) return 'network';
  if (PG_UNAVAILABLE.test(code)) return 'database';
  if (DATABASE_MESSAGES.test(e.message)) return 'database';
  // A socket failure that lost its code on the way (a WebSocket event's message, a rewrapped Error).
  if (!code && NETWORK_MESSAGES.test(e.message)) return 'network';
  // AbortSignal.timeout() (the Upstash client's per-request timeout) rejects with a TimeoutError.
  if (e.name === 'TimeoutError') return 'network';
  // Upstash REST: a body that is not JSON (a 502 page) or an error reply that is not a command error.
  if (e.name === 'UpstashJSONParseError') return 'redis';
  if (e.name === 'UpstashError') {
    const reply = e.message.replace(/, command was: .*$/s, '').replace(/^Command failed: /, '');
    return REDIS_UNAVAILABLE_REPLY.test(reply) || !REDIS_COMMAND_ERROR.test(reply) ? 'redis' : null;
  }
  return null;
}

/**
 * A WebSocket 'error' event (what Neon's Pool rejects with when its socket to the proxy is refused or cut):
 * not an Error, but carries one (`error`, with its code) and its message (`connect ECONNREFUSED host:port`).
 */
interface ErrorEventLike {
  type: 'error';
  message?: unknown;
  error?: unknown;
}
const isErrorEvent = (e: unknown): e is ErrorEventLike =>
  typeof e === 'object' && e !== null && !(e instanceof Error) && (e as { type?: unknown }).type === 'error';

/** An ErrorEvent as the Error it stands for: the one it carries, else one with its message. */
function eventError(event: ErrorEventLike): Error {
  if (event.error instanceof Error) return event.error;
  const error = new Error(typeof event.message === 'string' ? event.message : 'WebSocket error');
  error.name = 'WebSocketError';
  return error;
}

/**
 * The errors behind one: its cause chain, an AggregateError's members (pg's dual-stack connect), Neon's
 * sourceError, the Error a WebSocket ErrorEvent carries (Neon's Pool through a proxy that refuses or resets).
 */
function* chain(error: unknown, depth = 0): Generator<Error> {
  if (isErrorEvent(error)) error = eventError(error);
  if (!(error instanceof Error) || depth > 8) return;
  yield error;
  if (error instanceof AggregateError) for (const member of error.errors) yield* chain(member, depth + 1);
  const { sourceError } = error as { sourceError?: unknown };
  if (sourceError) yield* chain(sourceError, depth + 1);
  if (error.cause) yield* chain(error.cause, depth + 1);
}

/** True when `error` (or anything it wraps) is a dependency failure rather than a refusal or a bug. */
export function isDependencyFailure(error: unknown): boolean {
  return dependencyFailureOf(error) !== null;
}

/**
 * The dependency that failed and how long to wait, or null. Errors the adapters tagged name their port;
 * an untagged one is the database's (every Redis call goes through a tagging adapter). A Postgres error
 * that is about the query (a constraint, a syntax error) is not a dependency failure.
 */
export function dependencyFailureOf(error: unknown): { dependency: Dependency; retryAfterSeconds: number } | null {
  let failed = false;
  for (const e of chain(error)) {
    if (isDependencyError(e)) return { dependency: e.dependency, retryAfterSeconds: e.retryAfterSeconds };
    // A domain error wrapping something is a decision already taken: not ours to reclassify.
    if (e.name === 'AppError') return null;
    if (kindOf(e)) failed = true;
  }
  return failed ? { dependency: 'database', retryAfterSeconds: retryAfterOf(error) ?? DEFAULT_RETRY_AFTER_S } : null;
}

/** Turns a failure met by an adapter into its port's DependencyError; anything else is returned as it was. */
export function tagDependency(dependency: Dependency, error: unknown): unknown {
  if (isDependencyError(error)) return error;
  return isDependencyFailure(error) ? new DependencyError(dependency, { cause: error }) : error;
}

function retryAfterOf(error: unknown): number | undefined {
  for (const e of chain(error)) if (isCircuitOpen(e)) return e.retryAfterSeconds;
  return undefined;
}

/** A gap this long without a failure of a dependency ends its incident; the next failure starts a new one. */
export const INCIDENT_GAP_MS = 30_000;

export interface DependencyFailureEvent {
  dependency: Dependency;
  error: unknown;
  /** The first failure of an incident: the one that is logged. */
  newIncident: boolean;
}

type Sink = (event: DependencyFailureEvent) => void;

// On globalThis: Next.js bundles route handlers apart, and an incident is the process's, not a bundle's.
const g = globalThis as typeof globalThis & {
  __primetradeDependencyFailures?: { sink: Sink | null; lastAt: Map<Dependency, number> };
};
const state = () => (g.__primetradeDependencyFailures ??= { sink: null, lastAt: new Map() });

/** Where refused requests are counted and incidents logged (Node: the metrics module registers pino + a counter). */
export function setDependencyFailureSink(sink: Sink | null): void {
  state().sink = sink;
}

/** Called by the one conversion for each request refused as 503; the sink logs only each incident's first. */
export function reportDependencyFailure(dependency: Dependency, error: unknown, now = Date.now()): void {
  const { sink, lastAt } = state();
  const last = lastAt.get(dependency);
  lastAt.set(dependency, now);
  const event = { dependency, error, newIncident: last === undefined || now - last > INCIDENT_GAP_MS };
  if (sink) sink(event);
  else if (event.newIncident) console.warn(JSON.stringify({ level: 'warn', time: now, msg: `${dependency} unavailable: answering 503`, dependency, err: describe(error) }));
}

function describe(error: unknown) {
  const root = [...chain(error)].at(-1);
  return root ? { type: root.name, message: root.message } : String(error);
}
