/**
 * Switches for one fake upstream: how it misbehaves right now. `hang` never answers (a client timeout
 * must end the wait); `malformed` answers 200 with a truncated body.
 */
export type FaultMode = 'ok' | 'rate-limited' | 'server-error' | 'hang' | 'malformed';

export interface Faults {
  mode: FaultMode;
  /** Added before every answer. */
  latencyMs: number;
  /** Sent with `rate-limited`. */
  retryAfterSeconds: number;
}

export const healthy = (): Faults => ({ mode: 'ok', latencyMs: 0, retryAfterSeconds: 1 });
