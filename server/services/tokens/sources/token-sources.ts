import type { Cache } from '@/server/infra/cache/types';
import type { SourceName } from '../types';
import { createDexScreenerSource, DEXSCREENER_LIMIT_PER_MINUTE, type DexScreenerSource } from './dexscreener';
import {
  createGeckoTerminalSource,
  GECKOTERMINAL_ACCEPT,
  GECKOTERMINAL_LIMIT_PER_MINUTE,
  type GeckoTerminalSource,
} from './geckoterminal';
import { createJupiterSource, JUPITER_LIMIT_PER_MINUTE, type JupiterSource } from './jupiter';
import { createUpstreamBudget } from './upstream-budget';
import { httpGetJson } from './upstream-http';
import {
  createResilientUpstream,
  DEFAULT_UPSTREAM_POLICY,
  upstreamPolicy,
  type ResilientUpstream,
  type SourceHealth,
  type UpstreamPolicyOptions,
} from './upstream-policy';

export interface TokenSourcesConfig {
  names: readonly SourceName[];
  baseUrls: Record<SourceName, string>;
  jupiterApiKey?: string;
  /** The cache port that holds the shared rate budgets. */
  cache: Cache;
  /** Overrides for the policy (tests shorten the breaker's open time). */
  policy?: Partial<UpstreamPolicyOptions>;
  /** Lower than the published limits when configured; never higher. */
  limitsPerMinute?: Partial<Record<SourceName, number>>;
  budgetKeyPrefix?: string;
  now?: () => number;
}

export interface TokenSources {
  dexscreener: DexScreenerSource | null;
  geckoterminal: GeckoTerminalSource | null;
  jupiter: JupiterSource | null;
  health(): Promise<SourceHealth[]>;
}

const PUBLISHED_LIMITS: Record<SourceName, number> = {
  dexscreener: DEXSCREENER_LIMIT_PER_MINUTE,
  geckoterminal: GECKOTERMINAL_LIMIT_PER_MINUTE,
  jupiter: JUPITER_LIMIT_PER_MINUTE,
};

/** The three upstream clients, each behind its own named policy and shared rate budget. */
export function createTokenSources(config: TokenSourcesConfig): TokenSources {
  const options = { ...DEFAULT_UPSTREAM_POLICY, ...config.policy };
  const dexscreenerPolicy = upstreamPolicy(options);
  const geckoterminalPolicy = upstreamPolicy(options);
  const jupiterPolicy = upstreamPolicy(options);

  const clients: ResilientUpstream[] = [];
  const client = (source: SourceName, policy: ReturnType<typeof upstreamPolicy>, headers?: Record<string, string>) => {
    const limitPerMinute = Math.min(PUBLISHED_LIMITS[source], config.limitsPerMinute?.[source] ?? Infinity);
    const upstream = createResilientUpstream({
      source,
      get: httpGetJson({ source, baseUrl: config.baseUrls[source], headers }),
      policy,
      budget: createUpstreamBudget({ cache: config.cache, source, limitPerMinute, keyPrefix: config.budgetKeyPrefix, now: config.now }),
      now: config.now,
    });
    clients.push(upstream);
    return upstream;
  };
  const enabled = (name: SourceName) => config.names.includes(name);

  return {
    dexscreener: enabled('dexscreener')
      ? createDexScreenerSource(client('dexscreener', dexscreenerPolicy), config.now)
      : null,
    geckoterminal: enabled('geckoterminal')
      ? createGeckoTerminalSource(client('geckoterminal', geckoterminalPolicy, { accept: GECKOTERMINAL_ACCEPT }), config.now)
      : null,
    jupiter: enabled('jupiter')
      ? createJupiterSource(
          client('jupiter', jupiterPolicy, config.jupiterApiKey ? { 'x-api-key': config.jupiterApiKey } : undefined),
          config.now,
        )
      : null,
    health: () => Promise.all(clients.map((c) => c.health())),
  };
}
