import type { TokenView } from '@/contracts/tokens';
import { formatAge, SOURCE_LABELS } from './token-format';

const SHORT = { dexscreener: 'DS', geckoterminal: 'GT', jupiter: 'JUP' } as const;

/** One badge per source that quotes the token; a source whose data is older than two refreshes is struck through. */
export function SourceBadges({ token }: { token: TokenView }) {
  return (
    <span className="inline-flex gap-1" aria-label="Sources">
      {token.sources.map((s) => (
        <span
          key={s.name}
          title={`${SOURCE_LABELS[s.name]}${s.stale ? ' (stale)' : ''}, as of ${s.asOf}`}
          data-testid={`source-${s.name}`}
          className={`rounded px-1 text-[10px] font-medium ${
            s.stale ? 'bg-zinc-100 text-zinc-400 line-through dark:bg-zinc-800' : 'bg-blue-50 text-blue-700 dark:bg-blue-950 dark:text-blue-300'
          }`}
        >
          {SHORT[s.name]}
        </span>
      ))}
    </span>
  );
}

/**
 * Shown when every source's data is older than two refresh periods: the figures are the last good ones,
 * `ageMs` old (the caller passes the age counted to now).
 */
export function StaleBadge({ ageMs }: { ageMs: number }) {
  return (
    <span data-testid="stale-badge" className="rounded bg-amber-100 px-1.5 text-[10px] font-semibold text-amber-800 dark:bg-amber-950 dark:text-amber-300">
      stale · {formatAge(ageMs)}
    </span>
  );
}

/** The token's age counted to `now` (from its newest source) once the browser clock runs, else the server's figure. */
export function ageNow(token: TokenView, now: number | null): number {
  if (now === null) return token.ageMs;
  return Math.max(0, now - Math.max(...token.sources.map((s) => Date.parse(s.asOf))));
}
