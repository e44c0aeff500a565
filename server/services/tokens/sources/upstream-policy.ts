import {
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type FailureReason,
} from 'cockatiel';
import type { SourceName } from '../types';
import type { UpstreamBudget } from './upstream-budget';
import {
  UpstreamBudgetExhaustedError,
  UpstreamCoolingDownError,
  UpstreamHttpError,
  UpstreamMalformedError,
} from './upstream-errors';
import type { UpstreamClient } from './upstream-http';

export interface UpstreamPolicyOptions {
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** Full-jitter exponential backoff: attempt n waits uniform(0, min(maxDelayMs, baseDelayMs·2ⁿ)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before one probe is let through (half-open). */
  halfOpenAfterMs: number;
  /**
   * How long a request may wait for the rate budget's next slot before it is deferred (refused without
   * being sent). Shorter than a refresh period, so a cycle spreads its requests instead of dropping them.
   */
  maxBudgetWaitMs: number;
}

export const DEFAULT_UPSTREAM_POLICY: UpstreamPolicyOptions = {
  timeoutMs: 5_000,
  retries: 2,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  breakerThreshold: 3,
  halfOpenAfterMs: 30_000,
  maxBudgetWaitMs: 15_000,
};

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface SourceHealth<N extends string = SourceName> {
  name: N;
  state: BreakerState;
  lastSuccessAt: number | null;
  lastError: { message: string; at: number } | null;
  usedPerMinute: number;
  limitPerMinute: number;
}

export interface ResilientUpstream<N extends string = SourceName> extends UpstreamClient<N> {
  health(): Promise<SourceHealth<N>>;
}

/** The upstream itself failed: what the breaker counts. Our own refusals (budget, cool-down) are not. */
const upstreamFailed = (error: Error) =>
  error instanceof UpstreamHttpError ||
  error instanceof UpstreamMalformedError ||
  error instanceof TaskCancelledError ||
  // fetch's network failures (refused, reset, DNS)
  (error instanceof TypeError && /fetch failed/i.test(error.message));

const retryAfterOf = (reason: FailureReason<unknown>) =>
  'error' in reason && reason.error instanceof UpstreamHttpError ? reason.error.retryAfterMs : null;

/**
 * The policy around one upstream, composed once: retry (full-jitter exponential backoff, never sooner than
 * Retry-After) → circuit breaker → [a slot from the shared rate budget, waiting up to maxBudgetWaitMs for
 * the next one] → timeout around the HTTP exchange. Every attempt takes its own slot, so retries count
 * against the upstream's limit like any other request. A Retry-After
 * longer than the backoff ceiling is not waited out in a retry: the client stops calling that upstream
 * until then and the refresh serves last-good data.
 */
export function upstreamPolicy(opts: UpstreamPolicyOptions) {
  const { maxBudgetWaitMs } = opts;
  const breaker = circuitBreaker(handleWhen(upstreamFailed), {
    halfOpenAfter: opts.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(opts.breakerThreshold),
  });
  const retryPolicy = retry(
    handleWhen((error) => {
      if (!upstreamFailed(error) || error instanceof UpstreamMalformedError) return false;
      if (error instanceof UpstreamHttpError) {
        const transient = error.status === 429 || error.status >= 500;
        return transient && (error.retryAfterMs ?? 0) <= opts.maxDelayMs;
      }
      return true;
    }),
    {
      maxAttempts: opts.retries,
      backoff: new DelegateBackoff((context) => {
        const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** context.attempt);
        const retryAfter = retryAfterOf(context.result);
        // A little past Retry-After, so the client's own cool-down has ended when the retry runs.
        return Math.max(Math.random() * ceiling, retryAfter === null ? 0 : retryAfter + 10);
      }),
    },
  );
  const perAttempt = timeout(opts.timeoutMs, TimeoutStrategy.Aggressive);
  return { policy: wrap(retryPolicy, breaker), perAttempt, breaker, maxBudgetWaitMs };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

/**
 * An upstream client behind its named policy and rate budget. `get` is the raw HTTP call (see httpGetJson).
 * Note: a probe refused by the budget while half-open counts as a non-failure for cockatiel, which closes
 * the breaker; the next real failures open it again.
 */
export function createResilientUpstream<N extends string = SourceName>(opts: {
  source: N;
  get: (pathAndQuery: string, signal: AbortSignal) => Promise<unknown>;
  policy: ReturnType<typeof upstreamPolicy>;
  budget: UpstreamBudget;
  now?: () => number;
}): ResilientUpstream<N> {
  const now = opts.now ?? Date.now;
  let notBefore = 0;
  let lastSuccessAt: number | null = null;
  let lastError: SourceHealth<N>['lastError'] = null;

  return {
    source: opts.source,
    async getJson(pathAndQuery) {
      try {
        const body = await opts.policy.policy.execute(async ({ signal }) => {
          // Retry-After is honoured by every instance: the pause is kept beside the shared budget.
          notBefore = Math.max(notBefore, await opts.budget.pausedUntil());
          if (now() < notBefore) throw new UpstreamCoolingDownError(opts.source, notBefore);
          let slot = await opts.budget.take();
          if (!slot.granted && slot.retryInMs <= opts.policy.maxBudgetWaitMs) {
            await sleep(slot.retryInMs);
            slot = await opts.budget.take();
          }
          if (!slot.granted) throw new UpstreamBudgetExhaustedError(opts.source);
          try {
            // The timeout covers the HTTP exchange only, not the wait for the budget.
            return await opts.policy.perAttempt.execute(
              ({ signal: timeoutSignal }) => opts.get(pathAndQuery, timeoutSignal),
              signal,
            );
          } catch (error) {
            if (error instanceof UpstreamHttpError && error.retryAfterMs !== null) {
              notBefore = Math.max(notBefore, now() + error.retryAfterMs);
              await opts.budget.pauseUntil(notBefore);
            }
            throw error;
          }
          // A signal per call: cockatiel's shared default collects a listener per concurrent call.
        }, new AbortController().signal);
        lastSuccessAt = now();
        return body;
      } catch (error) {
        lastError = { message: error instanceof Error ? error.message : String(error), at: now() };
        throw error;
      }
    },
    async health() {
      return {
        name: opts.source,
        state: BREAKER_STATES[opts.policy.breaker.state],
        lastSuccessAt,
        lastError,
        usedPerMinute: await opts.budget.usedPerMinute(),
        limitPerMinute: opts.budget.limitPerMinute,
      };
    },
  };
}
