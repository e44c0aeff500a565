import { describe, expect, it } from 'vitest';
import type { Page } from '@/contracts/common';
import { AppError } from '@/server/errors';
import { decodeCursor, encodeCursor, type ListOrder } from '@/server/services/pagination/cursor';
import { paginate } from '@/server/services/pagination/paginate';

const BY_NUMBER: ListOrder = { list: 'numbers', sort: 'n', dir: 'asc', key: ['integer'] };

/** A keyset-paged "table" of numbers that can grow while a client pages through it. */
function numbers(initial: number[]) {
  const rows = [...initial];
  const fetch = async (after: string[] | null, take: number) =>
    rows
      .filter((n) => after === null || n > Number(after[0]))
      .sort((a, b) => a - b)
      .slice(0, take);
  return { rows, fetch };
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('paginate', () => {
  it('pages every row exactly once, with no cursor after the last page, even while rows are inserted', async () => {
    const table = numbers([10, 20, 30, 40, 50]);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page<number> = await paginate({ cursor, limit: 2 }, BY_NUMBER, table.fetch, (n) => [String(n)]);
      seen.push(...page.data);
      cursor = page.nextCursor;
      pages++;
      // A row inserted before the position already read never shifts what comes next.
      if (pages === 1) table.rows.push(5);
    } while (cursor);
    expect(seen).toEqual([10, 20, 30, 40, 50]);
    expect(pages).toBe(3);
  });

  it('answers an exact last page without a cursor (it read one row more to know)', async () => {
    const page = await paginate({ limit: 5 }, BY_NUMBER, numbers([1, 2, 3, 4, 5]).fetch, (n) => [String(n)]);
    expect(page).toEqual({ data: [1, 2, 3, 4, 5], nextCursor: null });
  });

  it('refuses a cursor of another list, another sort or direction, or with an edited key: INVALID_CURSOR', () => {
    const cursor = encodeCursor(BY_NUMBER, ['20']);
    expect(decodeCursor(cursor, BY_NUMBER)).toEqual(['20']);
    const cases: [string, ListOrder][] = [
      ['The cursor belongs to another list', { ...BY_NUMBER, list: 'letters' }],
      ['The cursor belongs to a different sort order', { ...BY_NUMBER, dir: 'desc' }],
      ['The cursor belongs to a different sort order', { ...BY_NUMBER, sort: 'm' }],
    ];
    for (const [message, order] of cases) {
      const error = refusal(() => decodeCursor(cursor, order));
      expect(error.reason).toBe('INVALID_CURSOR');
      expect(error.details).toEqual({ fieldErrors: { cursor: [message] } });
    }
    for (const edited of [encodeCursor(BY_NUMBER, ['twenty']), encodeCursor(BY_NUMBER, ['20', '30']), 'garbage!', '']) {
      expect(refusal(() => decodeCursor(edited, BY_NUMBER)).reason).toBe('INVALID_CURSOR');
    }
  });

  it('checks timestamp keys against the calendar and enum keys against their values', () => {
    const order: ListOrder = { list: 'tasks', sort: 'dueAt', dir: 'asc', key: ['timestamptz', ['low', 'high']] };
    expect(decodeCursor(encodeCursor(order, ['2024-02-29 12:00:00.5+00', 'high']), order)).toHaveLength(2);
    expect(decodeCursor(encodeCursor(order, ['infinity', 'low']), order)).toHaveLength(2);
    for (const key of [['2026-02-29 00:00:00+00', 'low'], ['2026-01-01 00:00:00+00', 'urgent']]) {
      expect(refusal(() => decodeCursor(encodeCursor(order, key), order)).reason).toBe('INVALID_CURSOR');
    }
  });
});
