import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

/**
 * The only reader of process.env. Validated once; the profile is derived here:
 * `local` (PGlite + in-process cache/bus/rate limits) when no cloud services are configured, else `cloud`.
 */
const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

/** Asset kinds and the live providers each may use (the simulator serves any kind). */
const MARKET_PROVIDERS = {
  crypto: ['binance'],
  equity: ['yahoo'],
  meme: ['tokens', 'binance'],
} as const;
type MarketKind = keyof typeof MARKET_PROVIDERS;
export type MarketProvider = 'sim' | 'binance' | 'yahoo' | 'tokens';
/** The provider chosen for each asset kind. */
export type MarketSourcePlan = Record<MarketKind, MarketProvider>;

const SIM_PLAN: MarketSourcePlan = { crypto: 'sim', equity: 'sim', meme: 'sim' };
const LIVE_PLAN: MarketSourcePlan = { crypto: 'binance', equity: 'yahoo', meme: 'tokens' };

/** Why a MARKET_SOURCES value is refused, or null when it is fine. */
export function marketSourcesProblem(value: string): string | null {
  if (value === 'sim' || value === 'live') return null;
  const seen = new Set<string>();
  for (const part of value.split(',')) {
    const [kind, provider, extra] = part.trim().split('=');
    if (!kind || !provider || extra !== undefined || !(kind in MARKET_PROVIDERS)) {
      return `"${part}" is not kind=provider; use sim, live, or a list like crypto=binance,equity=yahoo,meme=tokens`;
    }
    const allowed: readonly string[] = ['sim', ...MARKET_PROVIDERS[kind as MarketKind]];
    if (!allowed.includes(provider)) return `${kind} can use ${allowed.join(' or ')}, not "${provider}"`;
    if (seen.has(kind)) return `${kind} is given twice`;
    seen.add(kind);
  }
  return null;
}

/** The provider per asset kind for a (valid) MARKET_SOURCES value; unset is `sim` in both profiles. */
export function resolveMarketSources(setting: string | undefined): MarketSourcePlan {
  if (setting === undefined || setting === 'sim') return { ...SIM_PLAN };
  if (setting === 'live') return { ...LIVE_PLAN };
  const plan = { ...SIM_PLAN };
  for (const part of setting.split(',')) {
    const [kind, provider] = part.trim().split('=') as [MarketKind, MarketProvider];
    plan[kind] = provider;
  }
  return plan;
}

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url().optional(),
    DATABASE_REPLICA_URLS: z.string().optional(),
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    /** Namespace for every Redis key, so deployments sharing one Upstash database (previews) stay apart. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[\w.:-]{1,64}$/, 'REDIS_KEY_PREFIX: up to 64 letters, digits, _ . : -')
      .optional(),
    /** A Neon-compatible bridge (scripts/bridges/neon.ts) in front of a self-hosted Postgres. */
    NEON_BRIDGE_URL: z.url().optional(),
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
    AUTH_GITHUB_ID: z.string().min(1).optional(),
    AUTH_GITHUB_SECRET: z.string().min(1).optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    SEED_DEMO: flag,
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    /** Bearer secret for `/api/cron/*` (Vercel Cron sends it); without it those routes refuse every call. */
    CRON_SECRET: z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional(),
    /** Days of 1m candle history generated per asset on first start (0 turns the backfill off). */
    MARKET_BACKFILL_DAYS: z.coerce.number().int().min(0).max(366).default(30),
    /**
     * Days of daily candles per simulated asset (the days before the 1m history are daily only), so the 1d
     * chart shows a year. Never fewer than MARKET_BACKFILL_DAYS; ignored when that is 0.
     */
    MARKET_DAILY_HISTORY_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    /**
     * Token aggregator sources: `sim` (the built-in fake upstreams, over HTTP), `live` (the three real APIs)
     * or a comma list of `dexscreener,geckoterminal,jupiter`. Default: sim locally, live in the cloud.
     */
    TOKEN_SOURCES: z
      .string()
      .regex(
        /^(sim|live|(dexscreener|geckoterminal|jupiter)(,(dexscreener|geckoterminal|jupiter))*)$/,
        'TOKEN_SOURCES: sim, live, or a comma list of dexscreener,geckoterminal,jupiter',
      )
      .optional(),
    DEXSCREENER_BASE_URL: z.url().default('https://api.dexscreener.com'),
    GECKOTERMINAL_BASE_URL: z.url().default('https://api.geckoterminal.com/api/v2'),
    JUPITER_BASE_URL: z.url().default('https://api.jup.ag'),
    JUPITER_API_KEY: z.string().min(1).optional(),
    /**
     * Where asset prices come from: `sim` (the built-in simulator, the default), `live` (Binance for crypto,
     * Yahoo for equities, the token aggregator for meme tokens) or per kind, e.g. `crypto=binance,equity=yahoo`
     * (kinds left out stay simulated).
     */
    MARKET_SOURCES: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        const problem = value === undefined ? null : marketSourcesProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: `MARKET_SOURCES: ${problem}` });
      }),
    BINANCE_BASE_URL: z.url().default('https://api.binance.com'),
    BINANCE_WS_URL: z.url().default('wss://stream.binance.com:9443'),
    YAHOO_BASE_URL: z.url().default('https://query1.finance.yahoo.com'),
    TOKEN_REFRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * What this process runs: `web` (pages, APIs, SSE), `worker` (feed, job runner, trading engine) or `local`
     * (both). Defaults: `local` in the local profile, `web` in the cloud; `npm run worker` is always `worker`.
     */
    PRIMETRADE_ROLE: z.enum(['web', 'worker', 'local']).optional(),
    /** How long a worker's hold on a deployment-wide singleton (engine, feed) lasts without renewal. */
    SINGLETON_LEASE_TTL_MS: z.coerce.number().int().min(300).max(300_000).default(15_000),
    /** How long one Redis (Upstash REST) round trip may take before the caller's failure mode applies. */
    REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_000),
    /** How long getting a database connection (new, or a turn at a full pool) may take before it is a 503. */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Dependency failures in a row (per Redis client, per database pool) that open its circuit breaker. */
    BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(3),
    /** How long an open circuit fails calls at once before a background probe checks the dependency again. */
    BREAKER_OPEN_MS: z.coerce.number().int().min(50).max(300_000).default(2_000),
    /** Outgoing email (password reset), e.g. `smtp://user:pass@smtp.example.com:587`; unset: emails are logged. */
    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().min(3).default('PrimeTrade <no-reply@primetrade.local>'),
    /** The site's public address, for links in emails. */
    APP_URL: z.url().default('http://localhost:3000'),
    /** Seconds before each retry of a failed webhook delivery (comma list); one attempt more than delays. */
    WEBHOOK_RETRY_DELAYS: z
      .string()
      .regex(/^\d{1,6}(,\d{1,6}){0,19}$/, 'WEBHOOK_RETRY_DELAYS: a comma list of seconds, e.g. 5,300,1800')
      .default('5,300,1800,7200,18000,36000'),
    /** Webhook targets on private, loopback or link-local addresses: allowed locally, refused in the cloud. */
    WEBHOOK_ALLOW_PRIVATE: flag,
    /** How long before a task's due time its "due soon" reminder goes out. */
    TASK_REMINDER_LEAD_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
});

export type Profile = 'local' | 'cloud';

export const profile: Profile =
  env.DATABASE_URL || env.UPSTASH_REDIS_REST_URL || env.UPSTASH_REDIS_REST_TOKEN ? 'cloud' : 'local';

/**
 * The Neon drivers serve DATABASE_URL when it is a Neon host or a Neon bridge fronts it; any other
 * postgres:// server gets node-postgres.
 */
export const usesNeon = Boolean(
  env.NEON_BRIDGE_URL || (env.DATABASE_URL && /\.neon\.(tech|build)$/.test(new URL(env.DATABASE_URL).hostname)),
);

/**
 * The edge endpoint is live when its fetch-only clients have something to talk to — Neon over HTTP and
 * Upstash REST; otherwise every operation goes to the Node endpoint, as in the local profile.
 */
export const edgeLive =
  profile === 'cloud' && usesNeon && Boolean(env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN);

export const githubAuthEnabled = Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET);

export type Role = 'web' | 'worker' | 'local';

/** This process's role when started by Next (`next start`/`dev`); see PRIMETRADE_ROLE. */
export const role: Role = env.PRIMETRADE_ROLE ?? (profile === 'local' ? 'local' : 'web');

/** Demo accounts are seeded in the local profile unless switched off, and in the cloud only when asked. */
export const seedDemo = env.SEED_DEMO ?? profile === 'local';

/** Webhook delivery settings, resolved once. */
export const webhookSettings = {
  retryDelaysMs: env.WEBHOOK_RETRY_DELAYS.split(',').map((s) => Number(s) * 1000),
  allowPrivate: env.WEBHOOK_ALLOW_PRIVATE ?? profile === 'local',
};


/** Which token sources run, and whether against the built-in fake upstreams (`sim`) or the configured hosts. */
export function resolveTokenSources(
  setting: string | undefined,
  forProfile: Profile,
): { sim: boolean; names: ('dexscreener' | 'geckoterminal' | 'jupiter')[] } {
  const chosen = setting ?? (forProfile === 'local' ? 'sim' : 'live');
  const all = ['dexscreener', 'geckoterminal', 'jupiter'] as const;
  if (chosen === 'sim') return { sim: true, names: [...all] };
  if (chosen === 'live') return { sim: false, names: [...all] };
  return { sim: false, names: all.filter((name) => chosen.split(',').includes(name)) };
}

export const tokenSources = resolveTokenSources(env.TOKEN_SOURCES, profile);

export const marketSources = resolveMarketSources(env.MARKET_SOURCES);
