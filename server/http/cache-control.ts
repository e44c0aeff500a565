/**
 * Marks a public read as CDN-cacheable: shared caches keep it `sMaxAge` seconds and may serve it stale
 * for `staleWhileRevalidate` more while they refresh, so bursts of readers do not reach the origin.
 */
export function setPublicCache(headers: Headers, opts: { sMaxAge: number; staleWhileRevalidate: number }): void {
  headers.set('cache-control', `public, s-maxage=${opts.sMaxAge}, stale-while-revalidate=${opts.staleWhileRevalidate}`);
}
