'use client';

import { utcDateTime } from './format';
import { useHydrated } from './use-hydrated';

const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });

/**
 * A moment in the viewer's own time zone. The server cannot know that zone, so the server render (and the
 * hydration pass) says UTC, and the browser renders local time right after — no hydration mismatch.
 */
export function LocalTime({ at }: { at: Date | string | number }) {
  const inBrowser = useHydrated();
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{inBrowser ? local.format(date) : utcDateTime(date)}</time>;
}
