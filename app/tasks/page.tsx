import type { Metadata } from 'next';
import { parseTaskSearch, toListInput } from '@/components/tasks/task-query';
import { TasksScreen } from '@/components/tasks/tasks-screen';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Tasks' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TasksPage({ searchParams }: Props) {
  await requireUser('/tasks');
  const { view, filters } = parseTaskSearch(await searchParams);
  const firstPage = await (await getServerCaller()).tasks.list(toListInput(filters));
  return <TasksScreen initialPage={firstPage} initialView={view} initialFilters={filters} />;
}
