import type { Infra } from '@/server/infra/infra';
import { JOB_HANDLERS } from '@/server/services/jobs/handlers';
import { createJobRunner } from '@/server/services/jobs/runner';

/** Runs every due job to the end, in this test's process, as the in-process runner would. */
export async function drainJobs(infra: Pick<Infra, 'db' | 'bus'>, opts: { leaseMs?: number } = {}): Promise<number> {
  const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS, leaseMs: opts.leaseMs });
  let ran = 0;
  while (await runner.runOnce()) ran++;
  return ran;
}
