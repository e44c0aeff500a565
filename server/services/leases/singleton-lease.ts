import { and, eq, sql } from 'drizzle-orm';
import { singletonLeases } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';

/** A held lease: the fence grows with every change of holder, so a stale holder's renewal is refused. */
export interface HeldLease {
  name: string;
  holder: string;
  fence: number;
}

const until = (ttlMs: number) => sql`now() + (${ttlMs}::integer * interval '1 millisecond')`;

/**
 * Takes the lease when it is free, expired, or already ours; null while another holder's lease runs.
 * Expiry is judged by the database's clock, the one clock every instance shares. A row (not a session
 * advisory lock) because the serverless drivers give no connection that outlives one query.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number): Promise<HeldLease | null> {
  const [row] = await db
    .insert(singletonLeases)
    .values({ name, holder, fence: 1, expiresAt: until(ttlMs) })
    .onConflictDoUpdate({
      target: singletonLeases.name,
      set: {
        holder,
        expiresAt: until(ttlMs),
        fence: sql`case when ${singletonLeases.holder} = ${holder} and ${singletonLeases.expiresAt} > now()
          then ${singletonLeases.fence} else ${singletonLeases.fence} + 1 end`,
      },
      setWhere: sql`${singletonLeases.expiresAt} <= now() or ${singletonLeases.holder} = ${holder}`,
    })
    .returning({ fence: singletonLeases.fence });
  return row ? { name, holder, fence: row.fence } : null;
}

const heldBy = (lease: HeldLease) =>
  and(eq(singletonLeases.name, lease.name), eq(singletonLeases.holder, lease.holder), eq(singletonLeases.fence, lease.fence));

/** Pushes the lease forward; false when it is no longer ours (it ran out and another holder took it). */
export async function renewLease(db: Db, lease: HeldLease, ttlMs: number): Promise<boolean> {
  const rows = await db
    .update(singletonLeases)
    .set({ expiresAt: until(ttlMs) })
    .where(heldBy(lease))
    .returning({ name: singletonLeases.name });
  return rows.length > 0;
}

/** Lets the lease go at once (a clean stop), so a waiting instance takes over without waiting out the TTL. */
export async function releaseLease(db: Db, lease: HeldLease): Promise<void> {
  await db.update(singletonLeases).set({ expiresAt: sql`now()` }).where(heldBy(lease));
}
