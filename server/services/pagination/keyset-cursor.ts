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

export function decodeCursor(raw: string, expected: { sort: string; dir: 'asc' | 'desc' }): KeysetCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw new AppError('BAD_REQUEST', 'Invalid cursor', { reason: 'INVALID_CURSOR' });
  if (result.data.sort !== expected.sort || result.data.dir !== expected.dir) {
    throw new AppError('BAD_REQUEST', 'The cursor belongs to a different sort order', { reason: 'INVALID_CURSOR' });
  }
  return result.data;
}
