import type { Logger } from 'pino';
import type { Db } from '@/server/infra/db/types';
import { acquireLease, releaseLease, renewLease, type HeldLease } from './singleton-lease';

/** Something started while the lease is held, and stopped when it is lost or given back. */
export interface Running {
  stop(): Promise<void>;
}

export interface LeasedSingletonOptions {
  db: Db;
  logger: Logger;
  /** The lease's name: one holder per name per deployment. */
  name: string;
  /** This instance, e.g. host:pid:random. */
  holder: string;
  /** How long a lease holds without renewal; a dead holder's successor waits at most this plus one poll. */
  ttlMs: number;
  start(): Promise<Running>;
}

export interface LeasedSingleton {
  /** True while this instance holds the lease and runs the singleton. */
  readonly running: boolean;
  /** Stops the singleton (if running here) and gives the lease back, so another instance takes it at once. */
  stop(): Promise<void>;
}

/**
 * Runs `start()` on exactly one instance per deployment. Every instance polls every third of the TTL: the
 * holder renews, the others try to take the lease. A holder that cannot renew — refused (the fence moved
 * on) or not answered within the TTL — stops its singleton before another can have started one. The first
 * attempt is awaited, so a lone process (the local profile) runs the singleton as soon as this returns.
 */
export async function runUnderLease(opts: LeasedSingletonOptions): Promise<LeasedSingleton> {
  const { db, name, holder, ttlMs } = opts;
  const log = opts.logger.child({ lease: name, holder });
  const pollMs = Math.max(20, Math.floor(ttlMs / 3));
  let lease: HeldLease | null = null;
  let running: Running | null = null;
  let stopped = false;
  let poll: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let losing: Promise<void> | null = null;

  /** Stops the singleton; the lease is treated as gone (it ran out or is about to). */
  function lose(why: string): Promise<void> {
    losing ??= (async () => {
      clearTimeout(deadline);
      const was = running;
      running = null;
      lease = null;
      if (was) {
        log.warn({ why }, 'lease lost: singleton stopped');
        await was.stop().catch((error: unknown) => log.error({ err: error }, 'singleton did not stop cleanly'));
      }
    })().finally(() => (losing = null));
    return losing;
  }

  /** The lease is ours for at least ttlMs from now (it was just written): stop short of that unless renewed. */
  function confirmed(): void {
    clearTimeout(deadline);
    deadline = setTimeout(() => void lose('not renewed within the TTL'), Math.floor(ttlMs * 0.9));
    deadline.unref();
  }

  async function renew(held: HeldLease): Promise<void> {
    try {
      const kept = await renewLease(db, held, ttlMs);
      if (lease !== held) return; // lost meanwhile (the deadline passed): the next poll starts over
      if (kept) return confirmed();
      await lose('taken over by another instance');
    } catch (error) {
      log.warn({ err: error }, 'lease renewal failed');
    }
  }

  async function tryAcquire(): Promise<void> {
    let held: HeldLease | null;
    try {
      held = await acquireLease(db, name, holder, ttlMs);
    } catch (error) {
      log.warn({ err: error }, 'lease acquisition failed');
      return;
    }
    if (!held) return;
    confirmed();
    try {
      running = await opts.start();
      lease = held;
      log.info({ fence: held.fence }, 'lease taken: singleton running');
    } catch (error) {
      clearTimeout(deadline);
      log.error({ err: error }, 'singleton failed to start; lease given back');
      await releaseLease(db, held).catch(() => {});
    }
  }

  const step = () => (lease ? renew(lease) : tryAcquire());
  let current: Promise<void> = step();
  await current;
  const schedule = () => {
    poll = setTimeout(() => {
      current = step().finally(() => !stopped && schedule());
    }, pollMs);
    poll.unref();
  };
  schedule();

  return {
    get running() {
      return running !== null;
    },
    async stop() {
      stopped = true;
      clearTimeout(poll);
      await current;
      await losing;
      clearTimeout(deadline);
      const held = lease;
      const was = running;
      lease = null;
      running = null;
      if (was) await was.stop();
      if (held) await releaseLease(db, held).catch((error: unknown) => log.warn({ err: error }, 'lease not given back'));
    },
  };
}
