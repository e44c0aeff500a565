/**
 * Marks a public read as CDN-cacheable: shared caches keep it `sMaxAge` seconds and may serve it stale
 * for `staleWhileRevalidate` more while they refresh, so bursts of readers do not reach the origin.
 * `ageSeconds`: how old the answer already is (it came from a cache) — sent as `Age`, so a shared cache
 * keeps it only for what is left of `sMaxAge` (RFC 9111 §4.2.3).
 */
export function setPublicCache(headers: Headers, opts: { sMaxAge: number; staleWhileRevalidate: number; ageSeconds?: number }): void {
  headers.set('cache-control', `public, s-maxage=${opts.sMaxAge}, stale-while-revalidate=${opts.staleWhileRevalidate}`);
  if (opts.ageSeconds !== undefined) headers.set('age', String(Math.max(0, Math.ceil(opts.ageSeconds))));
}

/**
 * How many more milliseconds a shared cache may serve this answer as fresh: `public` with `s-maxage`, less
 * its `Age`; 0 when it is not shareable (no `public`, `private`, `no-store`, `no-cache`, no `s-maxage`).
 */
export function sharedFreshnessMs(headers: Headers): number {
  const directives = (headers.get('cache-control') ?? '').toLowerCase().split(',').map((d) => d.trim());
  if (!directives.includes('public') || directives.some((d) => d === 'private' || d === 'no-store' || d === 'no-cache')) return 0;
  const sMaxAge = directives.find((d) => d.startsWith('s-maxage='));
  const seconds = sMaxAge ? Number(sMaxAge.slice('s-maxage='.length)) : NaN;
  const age = Number(headers.get('age') ?? 0);
  if (!Number.isFinite(seconds) || !Number.isFinite(age)) return 0;
  return Math.max(0, (seconds - age) * 1000);
}
