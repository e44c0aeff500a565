import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority as TaskPriorityValue, type TaskStatus as TaskStatusValue } from '@/contracts/enums';
import { listTasksInput, type ListTasksInput } from '@/contracts/tasks';

/**
 * The Tasks screen's state as it lives in the URL (`/tasks?view=board&status=todo&q=rent`): plain strings,
 * so the server page and the client screen read and write the same thing. Values the list procedure would
 * refuse are dropped on the way in, so a hand-edited URL shows a page instead of an error.
 */

const listShape = listTasksInput.unwrap().shape;

export { TASK_PRIORITIES, TASK_STATUSES } from '@/contracts/enums';
export type { TaskPriority as TaskPriorityValue, TaskStatus as TaskStatusValue } from '@/contracts/enums';

export const STATUS_LABELS: Record<TaskStatusValue, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done' };
export const PRIORITY_LABELS: Record<TaskPriorityValue, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** Each entry is one `sort` + `dir` pair the list procedure accepts, named for people. */
export const SORT_OPTIONS = [
  { value: 'createdAt:desc', label: 'Newest first' },
  { value: 'createdAt:asc', label: 'Oldest first' },
  { value: 'dueAt:asc', label: 'Due soonest' },
  { value: 'dueAt:desc', label: 'Due latest' },
  { value: 'priority:desc', label: 'Priority: high to low' },
  { value: 'priority:asc', label: 'Priority: low to high' },
] as const;
export type SortValue = (typeof SORT_OPTIONS)[number]['value'];
const DEFAULT_SORT: SortValue = 'createdAt:desc';

export type TaskView = 'list' | 'board';

export interface TaskFilters {
  status: TaskStatusValue | '';
  priority: TaskPriorityValue | '';
  asset: string;
  /** `YYYY-MM-DD`, inclusive, in UTC like the due dates themselves. */
  dueAfter: string;
  dueBefore: string;
  q: string;
  sort: SortValue;
}

export const EMPTY_FILTERS: TaskFilters = {
  status: '',
  priority: '',
  asset: '',
  dueAfter: '',
  dueBefore: '',
  q: '',
  sort: DEFAULT_SORT,
};

/** Tasks per page, on the server's first render and on every "Load more". */
export const TASKS_PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && listShape.dueAfter.safeParse(v).success;

export function parseTaskSearch(params: SearchParams): { view: TaskView; filters: TaskFilters } {
  const status = first(params.status);
  const priority = first(params.priority);
  const asset = first(params.asset).toUpperCase();
  const q = first(params.q);
  const sort = first(params.sort);
  const dir = first(params.dir);
  const sortValue = `${sort}:${dir}`;
  return {
    view: first(params.view) === 'board' ? 'board' : 'list',
    filters: {
      status: (TASK_STATUSES as readonly string[]).includes(status) ? (status as TaskStatusValue) : '',
      priority: (TASK_PRIORITIES as readonly string[]).includes(priority) ? (priority as TaskPriorityValue) : '',
      asset: asset && listShape.assetSymbol.safeParse(asset).success ? asset : '',
      dueAfter: isDay(first(params.dueAfter)) ? first(params.dueAfter) : '',
      dueBefore: isDay(first(params.dueBefore)) ? first(params.dueBefore) : '',
      q: listShape.q.safeParse(q).success ? q : '',
      sort: SORT_OPTIONS.some((o) => o.value === sortValue) ? (sortValue as SortValue) : DEFAULT_SORT,
    },
  };
}

/** The query string for a view and filters; defaults are left out so a plain `/tasks` stays plain. */
export function taskSearchString(view: TaskView, filters: TaskFilters): string {
  const params = new URLSearchParams();
  if (view === 'board') params.set('view', 'board');
  if (filters.status) params.set('status', filters.status);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.asset.trim()) params.set('asset', filters.asset.trim().toUpperCase());
  if (filters.dueAfter) params.set('dueAfter', filters.dueAfter);
  if (filters.dueBefore) params.set('dueBefore', filters.dueBefore);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.sort !== DEFAULT_SORT) {
    const [sort, dir] = filters.sort.split(':');
    params.set('sort', sort!);
    params.set('dir', dir!);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The list procedure's input (without cursor). "Due on or before" a day includes that whole UTC day; text
 * fields the server would refuse (a half-typed symbol) are left out rather than failing the query.
 */
export function toListInput(filters: TaskFilters): Omit<ListTasksInput, 'cursor'> {
  const [sort, dir] = filters.sort.split(':') as [ListTasksInput['sort'], ListTasksInput['dir']];
  const asset = listShape.assetSymbol.safeParse(filters.asset);
  const q = listShape.q.safeParse(filters.q);
  return {
    all: false,
    limit: TASKS_PAGE_SIZE,
    sort,
    dir,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.asset.trim() && asset.success && asset.data ? { assetSymbol: asset.data } : {}),
    ...(isDay(filters.dueAfter) ? { dueAfter: new Date(`${filters.dueAfter}T00:00:00.000Z`) } : {}),
    ...(isDay(filters.dueBefore) ? { dueBefore: new Date(`${filters.dueBefore}T23:59:59.999Z`) } : {}),
    ...(filters.q.trim() && q.success && q.data ? { q: q.data } : {}),
  };
}

export function hasActiveFilters(filters: TaskFilters): boolean {
  return Boolean(filters.status || filters.priority || filters.asset || filters.dueAfter || filters.dueBefore || filters.q);
}

const dueFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** Due dates are days (or instants) in UTC; shown as that UTC day so nobody sees a task a day early. */
export function formatDue(due: Date | string | null): string {
  return due ? dueFormat.format(new Date(due)) : 'No due date';
}

/** The value a `<input type="date">` shows for a due date. */
export function dueInputValue(due: Date | string | null): string {
  return due ? new Date(due).toISOString().slice(0, 10) : '';
}
