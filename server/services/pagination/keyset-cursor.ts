import { z } from 'zod';
import { AppError } from '@/server/errors';

/**
 * An opaque page position: the last row's sort key (as Postgres printed it, so no timestamp precision is
 * lost) and id, plus the sort it belongs to so a cursor is never replayed against another order.
 */
const cursorSchema = z.object({ sort: z.string(), dir: z.enum(['asc', 'desc']), key: z.string(), id: z.uuid() });
export type KeysetCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * What a cursor's key must look like before the list casts it in SQL: a timestamp as Postgres prints one
 * (`::text`; `infinity` stands in for a missing date), or one of an enum's values. A cursor is opaque but
 * not signed, so an edited one is refused here rather than failing the cast.
 */
export type CursorKey = 'timestamptz' | readonly string[];

export function decodeCursor(raw: string, expected: { sort: string; dir: 'asc' | 'desc' }, keyKind: CursorKey): KeysetCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || !keyFits(result.data.key, keyKind)) throw new AppError('BAD_REQUEST', 'Invalid cursor', { reason: 'INVALID_CURSOR' });
  if (result.data.sort !== expected.sort || result.data.dir !== expected.dir) {
    throw new AppError('BAD_REQUEST', 'The cursor belongs to a different sort order', { reason: 'INVALID_CURSOR' });
  }
  return result.data;
}

function keyFits(key: string, kind: CursorKey): boolean {
  return kind === 'timestamptz' ? isTimestampText(key) : kind.includes(key);
}

const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2}$/;

/** `2026-11-24 17:52:54.123456+00` with a real calendar date (no 30 February), or ±infinity. */
function isTimestampText(text: string): boolean {
  if (text === 'infinity' || text === '-infinity') return true;
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59;
}
