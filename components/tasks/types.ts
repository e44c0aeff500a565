import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type TaskPage = Outputs['tasks']['list'];
export type TaskItem = TaskPage['data'][number];
export type JobState = Outputs['jobs']['get'];
