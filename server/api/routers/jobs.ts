import 'server-only';
import { jobIdInput, jobPage, jobSchema, listJobsInput } from '@/contracts/jobs';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { cancelJob } from '@/server/services/jobs/cancel';
import { getJob, listJobs } from '@/server/services/jobs/read';
import { watchJobProgress } from '@/server/services/jobs/watch';

export const jobsRouter = createTRPCRouter({
  /** Status and progress (processed/total) and the row errors reported so far. */
  get: protectedProcedure.input(jobIdInput).output(jobSchema).query(({ ctx, input }) => getJob(ctx.db, ctx.user, input.id)),
  list: protectedProcedure.input(listJobsInput).output(jobPage).query(({ ctx, input }) => listJobs(ctx.db, ctx.user, input)),
  /** Stops a queued or running job and takes back what it did (an import's rows). */
  cancel: protectedProcedure
    .input(jobIdInput)
    .output(jobSchema)
    .mutation(({ ctx, input }) => cancelJob(ctx.db, ctx.bus, ctx.user, input.id)),
  /** Progress pushed as it happens (SSE through tRPC's subscription link): a snapshot, then each change. */
  watch: protectedProcedure.input(jobIdInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper NOT_FOUND rather than an error mid-stream.
    await getJob(ctx.db, ctx.user, input.id);
    return watchJobProgress({ db: ctx.db, bus: ctx.bus, actor: ctx.user, jobId: input.id, signal });
  }),
});
