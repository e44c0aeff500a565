import 'server-only';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { createTask, deleteTask, getTask, updateTask } from '@/server/services/tasks/crud';
import { startTaskImport } from '@/server/services/tasks/import/start-import';
import { listTasks } from '@/server/services/tasks/list';
import { toTaskView } from '@/server/services/tasks/view';
import {
  createTaskInput,
  importTasksInput,
  listTasksInput,
  taskIdInput,
  updateTaskInput,
} from './tasks.schema';

export const tasksRouter = createTRPCRouter({
  list: protectedProcedure.input(listTasksInput).query(async ({ ctx, input }) => {
    const page = await listTasks(ctx.db, ctx.user, input);
    return { data: page.data.map(toTaskView), nextCursor: page.nextCursor };
  }),

  get: protectedProcedure
    .input(taskIdInput)
    .query(async ({ ctx, input }) => toTaskView(await getTask(ctx.db, ctx.user, input.id))),

  create: protectedProcedure
    .input(createTaskInput)
    .mutation(async ({ ctx, input }) => toTaskView(await createTask(ctx.db, ctx.user.id, input))),

  update: protectedProcedure.input(updateTaskInput).mutation(async ({ ctx, input }) => {
    const { id, ...patch } = input;
    return toTaskView(await updateTask(ctx.db, ctx.user, id, patch));
  }),

  delete: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => deleteTask(ctx.db, ctx.user, input.id)),

  /** Queues a CSV import; poll `jobs.get` (or subscribe to its progress) with the returned id. */
  import: protectedProcedure
    .input(importTasksInput)
    .mutation(({ ctx, input }) => startTaskImport({ db: ctx.db, bus: ctx.bus, ownerId: ctx.user.id, csv: input.csv })),
});
