import 'server-only';
import { env, tokenSources } from '@/server/env';
import type { Infra } from '@/server/infra/infra';
import { logger } from '@/server/logger';
import { canonicalAddress } from './chains';
import { startFakeUpstreams, type FakeUpstreams } from './fake-upstreams/fake-upstreams';
import { SIM_TOKENS } from './fake-upstreams/universe';
import { tokenKeys } from './token-keys';
import { runRefreshCycle, type RefreshReport } from './token-refresh';
import { createTokenSources, type TokenSources } from './sources/token-sources';
import type { UpstreamPolicyOptions } from './sources/upstream-policy';
import { catalogueTokens } from './tracked-tokens';
import type { SourceName, TokenRef } from './types';

export interface TokenRefreshOptions {
  /** `sim` runs the built-in fake upstreams on loopback ports; otherwise the configured hosts. */
  sim?: boolean;
  names?: readonly SourceName[];
  baseUrls?: Record<SourceName, string>;
  jupiterApiKey?: string;
  refreshMs?: number;
  keyPrefix?: string;
  policy?: Partial<UpstreamPolicyOptions>;
  onError?: (error: unknown) => void;
}

export interface TokenRefresh {
  sources: TokenSources;
  /** The fake upstreams when running `sim`, else null. */
  fakes: FakeUpstreams | null;
  refreshMs: number;
  /** Runs a cycle now if no instance has run the current period's yet; null when another one has. */
  runOnce(): Promise<RefreshReport | null>;
  /** Resolves when the cycle under way (the first one, right after start) has finished. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the token refresh loop: every refresh period one cycle (see runRefreshCycle), run by whichever
 * instance first increments that period's counter in the cache port — so several workers (or web instances
 * in the local profile) never refresh twice, and if one dies another picks up the next period. The shared
 * rate budgets hold the upstream limits even if two cycles ever overlapped. Readers never wait on this.
 */
export function startTokenRefresh(infra: Pick<Infra, 'db' | 'cache' | 'bus'>, opts: TokenRefreshOptions = {}): Promise<TokenRefresh> {
  // One loop per key prefix per process: a second register() or a hot reload gets the running one.
  const prefix = opts.keyPrefix ?? 'tokens';
  const running = globalForTokens.__primetradeTokenRefresh;
  let started = running.get(prefix);
  if (!started) {
    started = launch(infra, opts);
    running.set(prefix, started);
  }
  return started;
}

const globalForTokens = globalThis as typeof globalThis & { __primetradeTokenRefresh: Map<string, Promise<TokenRefresh>> };
globalForTokens.__primetradeTokenRefresh ??= new Map();

/** Upstream failures are expected and already shown on the health endpoint: log each kind once a minute. */
function logThrottled(): (error: unknown) => void {
  const lastLogged = new Map<string, number>();
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const now = Date.now();
    if ((lastLogged.get(message) ?? 0) > now - 60_000) return;
    lastLogged.set(message, now);
    logger.warn({ err: message }, 'token refresh: a source failed; serving its last-good data');
  };
}

async function launch(infra: Pick<Infra, 'db' | 'cache' | 'bus'>, opts: TokenRefreshOptions): Promise<TokenRefresh> {
  const onError = opts.onError ?? logThrottled();
  const sim = opts.sim ?? tokenSources.sim;
  const refreshMs = opts.refreshMs ?? env.TOKEN_REFRESH_SECONDS * 1000;
  const keys = tokenKeys(opts.keyPrefix);
  const fakes = sim ? await startFakeUpstreams() : null;
  const baseUrls =
    opts.baseUrls ??
    (fakes
      ? { dexscreener: fakes.dexscreener.url, geckoterminal: fakes.geckoterminal.url, jupiter: fakes.jupiter.url }
      : { dexscreener: env.DEXSCREENER_BASE_URL, geckoterminal: env.GECKOTERMINAL_BASE_URL, jupiter: env.JUPITER_BASE_URL });
  const sources = createTokenSources({
    names: opts.names ?? tokenSources.names,
    baseUrls,
    jupiterApiKey: opts.jupiterApiKey ?? env.JUPITER_API_KEY,
    cache: infra.cache,
    policy: opts.policy,
    budgetKeyPrefix: keys.budget,
  });
  // The simulated market's tokens are followed too, so `sim` shows every case it was built for.
  const simRefs: TokenRef[] = sim
    ? SIM_TOKENS.map((t) => ({ chain: t.chain, address: canonicalAddress(t.chain, t.address)! }))
    : [];
  const deps = {
    sources,
    cache: infra.cache,
    bus: infra.bus,
    keys,
    refreshMs,
    seeds: async () => [...(await catalogueTokens(infra.db)), ...simRefs],
    onError,
  };

  const runOnce = async () => {
    const period = Math.floor(Date.now() / refreshMs);
    const claimed = await infra.cache.incr(keys.cycle(period), { ttlMs: 2 * refreshMs }).catch(() => 0);
    return claimed === 1 ? runRefreshCycle(deps, period) : null;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runOnce()
      .then(() => undefined, onError)
      .finally(() => {
        if (stopped) return;
        // Next period boundary (plus a little, so clocks a few ms apart agree on the period).
        timer = setTimeout(tick, refreshMs - (Date.now() % refreshMs) + 50);
        timer.unref();
      });
  };
  tick();

  return {
    sources,
    fakes,
    refreshMs,
    runOnce,
    settled: () => running,
    async stop() {
      stopped = true;
      globalForTokens.__primetradeTokenRefresh.delete(opts.keyPrefix ?? 'tokens');
      clearTimeout(timer);
      await running;
      await fakes?.close();
    },
  };
}
