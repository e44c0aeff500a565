/**
 * Errors of any outbound upstream (the token sources, the market data sources): `source` names which one.
 */
/** The upstream answered with an error status. `retryAfterMs` comes from its `Retry-After` header. */
export class UpstreamHttpError extends Error {
  constructor(
    readonly source: string,
    readonly status: number,
    readonly retryAfterMs: number | null,
  ) {
    super(`${source} answered HTTP ${status}`);
    this.name = 'UpstreamHttpError';
  }
}

/** The upstream answered 2xx with a body that is not the documented shape (or not JSON). */
export class UpstreamMalformedError extends Error {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`${source} sent a malformed body: ${detail}`);
    this.name = 'UpstreamMalformedError';
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** The rate budget has no request left in this slot; nothing was sent. */
export class UpstreamBudgetExhaustedError extends Error {
  constructor(readonly source: string) {
    super(`${source}: request budget used up for now`);
    this.name = 'UpstreamBudgetExhaustedError';
  }
}

/** The upstream asked us (Retry-After) not to call before `until`; nothing was sent. */
export class UpstreamCoolingDownError extends Error {
  constructor(
    readonly source: string,
    readonly until: number,
  ) {
    super(`${source}: asked to wait until ${new Date(until).toISOString()}`);
    this.name = 'UpstreamCoolingDownError';
  }
}
