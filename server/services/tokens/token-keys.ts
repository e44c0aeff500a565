/** Where the aggregator keeps its state in the cache port (L2). One prefix, so tests and previews stay apart. */
export function tokenKeys(prefix = 'tokens') {
  return {
    /** The merged token list readers serve: `TokenSnapshot`. */
    snapshot: `${prefix}:snapshot`,
    /** Every source's last-good quotes, so whichever instance runs the next cycle starts from them. */
    quotes: `${prefix}:quotes`,
    /** Tokens found through trending pools and search. */
    discovered: `${prefix}:discovered`,
    /** The sources' breaker state, last success/error and budget use, as of the last cycle. */
    health: `${prefix}:health`,
    /** One counter per refresh period: the instance that increments it to 1 runs that cycle. */
    cycle: (n: number) => `${prefix}:cycle:${n}`,
    /** The upstreams' shared rate budgets. */
    budget: `${prefix}:budget`,
  };
}
export type TokenKeys = ReturnType<typeof tokenKeys>;

/** Bus topic for changed tokens. */
export const TOKENS_TOPIC = 'tokens';
