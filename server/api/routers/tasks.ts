import 'server-only';
import {
  createTaskInput,
  deletedTaskSchema,
  importStartedSchema,
  importTasksInput,
  listTasksInput,
  taskIdInput,
  taskPage,
  taskSchema,
  updateTaskInput,
} from '@/contracts/tasks';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { mapPage } from '@/server/services/pagination/paginate';
import { createTask, deleteTask, getTask, updateTask } from '@/server/services/tasks/crud';
import { startTaskImport } from '@/server/services/tasks/import/start-import';
import { listTasks } from '@/server/services/tasks/list';
import { toTaskView } from '@/server/services/tasks/view';

export const tasksRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listTasksInput)
    .output(taskPage)
    .query(async ({ ctx, input }) => mapPage(await listTasks(ctx.db, ctx.user, input), toTaskView)),

  get: protectedProcedure
    .input(taskIdInput)
    .output(taskSchema)
    .query(async ({ ctx, input }) => toTaskView(await getTask(ctx.db, ctx.user, input.id))),

  create: protectedProcedure
    .input(createTaskInput)
    .output(taskSchema)
    .mutation(async ({ ctx, input }) => toTaskView(await createTask(ctx.db, ctx.user.id, input))),

  update: protectedProcedure
    .input(updateTaskInput)
    .output(taskSchema)
    .mutation(async ({ ctx, input }) => {
      const { id, ...patch } = input;
      return toTaskView(await updateTask(ctx.db, ctx.user, id, patch));
    }),

  delete: protectedProcedure
    .input(taskIdInput)
    .output(deletedTaskSchema)
    .mutation(({ ctx, input }) => deleteTask(ctx.db, ctx.user, input.id)),

  /** Queues a CSV import; poll `jobs.get` (or subscribe to its progress) with the returned id. */
  import: protectedProcedure
    .input(importTasksInput)
    .output(importStartedSchema)
    .mutation(({ ctx, input }) => startTaskImport({ db: ctx.db, bus: ctx.bus, ownerId: ctx.user.id, csv: input.csv })),
});
