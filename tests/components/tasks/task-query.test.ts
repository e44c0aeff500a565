import { describe, expect, it } from 'vitest';
import { listTasksInput } from '@/contracts/tasks';
import { EMPTY_FILTERS, formatDue, parseTaskSearch, taskSearchString, toListInput } from '@/components/tasks/task-query';

describe('the Tasks screen address', () => {
  it('round-trips view, filters and sort through the query string', () => {
    const search = '?view=board&status=in_progress&priority=high&asset=BTC&dueAfter=2030-01-01&dueBefore=2030-01-31&q=rent&sort=dueAt&dir=asc';
    const parsed = parseTaskSearch(Object.fromEntries(new URLSearchParams(search)));
    expect(parsed).toEqual({
      view: 'board',
      filters: { status: 'in_progress', priority: 'high', asset: 'BTC', dueAfter: '2030-01-01', dueBefore: '2030-01-31', q: 'rent', sort: 'dueAt:asc' },
    });
    expect(taskSearchString(parsed.view, parsed.filters)).toBe(search);
  });

  it('leaves defaults out, so a plain list stays at /tasks', () => {
    expect(taskSearchString('list', EMPTY_FILTERS)).toBe('');
    expect(parseTaskSearch({})).toEqual({ view: 'list', filters: EMPTY_FILTERS });
  });

  it('drops values the list procedure would refuse instead of failing the page', () => {
    const parsed = parseTaskSearch({
      view: 'grid',
      status: 'later',
      priority: ['high', 'low'],
      asset: 'not a symbol!',
      dueAfter: '2030-02-30',
      dueBefore: 'tomorrow',
      q: 'x'.repeat(201),
      sort: 'title',
      dir: 'asc',
    });
    expect(parsed).toEqual({ view: 'list', filters: { ...EMPTY_FILTERS, priority: 'high' } });
  });
});

describe('the list input built from the filters', () => {
  it('is accepted by the procedure schema, with due dates covering whole UTC days', () => {
    const input = toListInput({ ...EMPTY_FILTERS, asset: 'eth', dueAfter: '2030-01-01', dueBefore: '2030-01-31', q: ' rent ', sort: 'priority:desc' });
    const parsed = listTasksInput.parse(input);
    expect(parsed).toMatchObject({ assetSymbol: 'ETH', q: 'rent', sort: 'priority', dir: 'desc', limit: 25 });
    expect(parsed.dueAfter?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parsed.dueBefore?.toISOString()).toBe('2030-01-31T23:59:59.999Z');
  });

  it('leaves out a half-typed symbol rather than sending something the server refuses', () => {
    expect(toListInput({ ...EMPTY_FILTERS, asset: 'BT$' })).not.toHaveProperty('assetSymbol');
  });

  it('shows a due date as its UTC day', () => {
    expect(formatDue(new Date('2030-01-31T00:00:00Z'))).toBe('Jan 31, 2030');
    expect(formatDue(null)).toBe('No due date');
  });
});
