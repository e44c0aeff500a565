import { z } from 'zod';
import { AppError } from '@/server/errors';

/**
 * What one part of a list's sort key is, so a cursor's key is checked before SQL casts it: a timestamp as
 * Postgres prints one (`::text`; ±infinity stands in for a missing date), a uuid, an integer, a real number
 * as Postgres prints it, short text, or one of an enum's values.
 */
export type KeyPart = 'timestamptz' | 'uuid' | 'integer' | 'real' | 'text' | readonly string[];

/** One way of ordering one list: the name and sort a cursor must carry, and the shape of its key. */
export interface ListOrder {
  list: string;
  sort: string;
  dir: 'asc' | 'desc';
  key: readonly KeyPart[];
}

/**
 * A cursor is opaque to clients (base64url JSON) but not signed: it names the list and sort it came from,
 * so a cursor of another list or sort is refused, and every part of its key is checked against the order.
 */
const payloadSchema = z.object({ list: z.string(), sort: z.string(), dir: z.enum(['asc', 'desc']), key: z.array(z.string()).max(8) });

export function encodeCursor(order: ListOrder, key: string[]): string {
  const json = JSON.stringify({ list: order.list, sort: order.sort, dir: order.dir, key });
  return toBase64Url(new TextEncoder().encode(json));
}

/** The key of the last row a client saw, or INVALID_CURSOR (400) naming the `cursor` field. */
export function decodeCursor(raw: string, order: ListOrder): string[] {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(raw)));
  } catch {
    // Not ours: falls through to the refusal below.
  }
  const result = payloadSchema.safeParse(parsed);
  if (!result.success) throw invalidCursor('Invalid cursor');
  const { list, sort, dir, key } = result.data;
  if (list !== order.list) throw invalidCursor('The cursor belongs to another list');
  if (sort !== order.sort || dir !== order.dir) throw invalidCursor('The cursor belongs to a different sort order');
  if (key.length !== order.key.length || !key.every((v, i) => fits(v, order.key[i]!))) throw invalidCursor('Invalid cursor');
  return key;
}

function invalidCursor(message: string): AppError {
  return new AppError('BAD_REQUEST', message, { reason: 'INVALID_CURSOR', details: { fieldErrors: { cursor: [message] } } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d{1,9}$/;
const REAL = /^-?\d{1,20}(\.\d{1,20})?(e[+-]?\d{1,3})?$/i;

function fits(value: string, part: KeyPart): boolean {
  if (typeof part !== 'string') return part.includes(value);
  switch (part) {
    case 'timestamptz':
      return isTimestampText(value);
    case 'uuid':
      return UUID.test(value);
    case 'integer':
      return INTEGER.test(value);
    case 'real':
      return REAL.test(value);
    case 'text':
      return value.length <= 200 && !value.includes('\0');
  }
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

// Web APIs only (no Buffer): the market lists also run on the edge runtime.
function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
