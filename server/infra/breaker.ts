import { CircuitOpenError, isDependencyFailure } from '@/server/dependency-errors';
import { systemClock, type Clock } from './clock';
import { consoleLog, type Log } from './log';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** For logs and errors: `redis`, `database`. */
  name: string;
  /** Consecutive dependency failures that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe checks whether the dependency is back. */
  openMs?: number;
  /**
   * One cheap round trip (PING, `select 1`) made in the background when the open time is over (half-open):
   * success closes the circuit, failure opens it again. Requests never wait for it.
   */
  probe: () => Promise<unknown>;
  /**
   * After a failed probe, the next one comes this much later (default a quarter of `openMs`): a cheap
   * round trip, so that a dependency coming back — or the up half of a flapping link — is noticed soon.
   */
  reprobeMs?: number;
  /** A probe that has not answered by then counts as failed (a hung connect must not hold it half-open). */
  probeTimeoutMs?: number;
  /**
   * Each open time is shortened by up to this fraction, at random, so probes do not keep landing at the
   * same point of a periodic fault (a link flapping every 500 ms would otherwise fail every probe).
   */
  jitter?: number;
  clock?: Clock;
  log?: Log;
}

export const DEFAULT_BREAKER = { failureThreshold: 3, openMs: 2_000, probeTimeoutMs: 5_000, jitter: 0.25 };

/**
 * A per-dependency circuit breaker. Closed: calls go through; `failureThreshold` dependency failures in a
 * row (refused, reset, timed out — not a query's own error) open it. Open: calls fail at once with a
 * CircuitOpenError (Retry-After: the time left), so during an outage no request waits a timeout per call
 * and reads that can fall back (the cache) do so at once. When `openMs` has passed, a timer (or the first
 * call, whichever comes first) starts the probe in the background (half-open); calls still fail fast
 * meanwhile, and the probe closes or reopens the circuit.
 * One log line when it opens, one when it closes: once per incident.
 */
export class CircuitBreaker {
  private failures = 0;
  /** When the current open time ends (a probe may start). */
  private retryAt = 0;
  private downSince = 0;
  private probing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: CircuitState = 'closed';
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly reprobeMs: number;
  private readonly clock: Clock;
  private readonly log: Log;

  constructor(private readonly opts: BreakerOptions) {
    this.threshold = opts.failureThreshold ?? DEFAULT_BREAKER.failureThreshold;
    this.openMs = opts.openMs ?? DEFAULT_BREAKER.openMs;
    this.reprobeMs = opts.reprobeMs ?? Math.max(1, Math.round(this.openMs / 4));
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? consoleLog;
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Runs `call` unless the circuit is open; counts its outcome. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.current !== 'closed') throw this.refusal();
    try {
      const result = await call();
      this.failures = 0;
      return result;
    } catch (error) {
      if (isDependencyFailure(error) && ++this.failures >= this.threshold && this.current === 'closed') this.open(error);
      throw error;
    }
  }

  /** The probe in flight (tests await it); null when none is. */
  get probe(): Promise<void> | null {
    return this.probing;
  }

  private refusal(): CircuitOpenError {
    const left = this.retryAt - this.clock();
    if (left <= 0 && !this.probing) this.startProbe();
    return new CircuitOpenError(this.opts.name, Math.max(left, 0) || this.openMs);
  }

  private startProbe(): void {
    this.current = 'half_open';
    this.probing = (async () => {
      try {
        await this.probeWithTimeout();
        this.current = 'closed';
        this.failures = 0;
        this.log.warn({ dependency: this.opts.name, downForMs: this.clock() - this.downSince }, `${this.opts.name} is back: circuit closed`);
      } catch {
        this.current = 'open';
        this.scheduleProbe(this.reprobeMs);
      } finally {
        this.probing = null;
      }
    })();
  }

  /**
   * Probes again when the open time is over even if no call comes to start it, so the circuit closes soon
   * after the dependency is back rather than refusing the first request after recovery. Unref'd: it never
   * keeps a process alive.
   */
  private scheduleProbe(ms = this.openMs): void {
    if (this.timer) clearTimeout(this.timer);
    const jitter = this.opts.jitter ?? DEFAULT_BREAKER.jitter;
    const wait = Math.round(ms * (1 - jitter * Math.random()));
    this.retryAt = this.clock() + wait;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.current === 'open' && !this.probing) this.startProbe();
    }, wait);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async probeWithTimeout(): Promise<void> {
    const ms = this.opts.probeTimeoutMs ?? DEFAULT_BREAKER.probeTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.opts.name} probe timed out after ${ms} ms`)), ms);
    });
    try {
      await Promise.race([this.opts.probe(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private open(error: unknown): void {
    this.current = 'open';
    this.downSince = this.clock();
    this.scheduleProbe();
    this.log.warn(
      { err: error, dependency: this.opts.name, failures: this.failures, openMs: this.openMs },
      `${this.opts.name} unavailable: circuit open, calls fail fast until a probe succeeds`,
    );
  }
}
