/**
 * Session revocation and the active-user check: a user service that server/auth (cookie sessions, bearer
 * tokens) and the admin and API-key services all use, so dependencies point from auth to services only.
 */
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import type { Cache } from '@/server/infra/cache/types';
import { readThrough } from '@/server/services/cache/read-through';
import type { PublicUser } from '@/server/services/users/public-user';

/** Browser sessions and API access tokens both live this long at most. */
export const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;
export const ACCESS_TOKEN_TTL_S = 60 * 60;

// A user's status is read on every request; cache it briefly. Admin changes delete the entry at once.
const USER_STATUS_TTL_MS = 30_000;
const statusKey = (userId: string) => `user:status:${userId}`;
const revokedKey = (sid: string) => `session:revoked:${sid}`;

interface CachedStatus extends PublicUser {
  disabled: boolean;
}

/**
 * The user behind a session or token, or null when the account is gone or disabled — so a disabled
 * user's live sessions and tokens stop working on their next request.
 */
export async function loadActiveUser(infra: Pick<Infra, 'db' | 'cache'>, userId: string): Promise<PublicUser | null> {
  const status = await readThrough(infra.cache, statusKey(userId), USER_STATUS_TTL_MS, async (): Promise<CachedStatus | null> => {
    const [row] = await infra.db.select().from(users).where(eq(users.id, userId)).limit(1);
    return row ? { id: row.id, email: row.email, name: row.name, role: row.role, plan: row.plan, disabled: row.disabledAt !== null } : null;
  });
  if (!status || status.disabled) return null;
  return { id: status.id, email: status.email, name: status.name, role: status.role, plan: status.plan };
}

export function forgetUserStatus(cache: Cache, userId: string): Promise<void> {
  return cache.del(statusKey(userId));
}

/** Revokes a session id until the longest-lived token that may carry it has expired. */
export async function revokeSession(cache: Cache, sid: string, ttlS: number = SESSION_MAX_AGE_S): Promise<void> {
  await cache.set(revokedKey(sid), 1, { ttlMs: ttlS * 1000 });
}

/** Throws when the cache cannot answer: an unknown revocation state refuses the session (fails closed). */
export async function isSessionRevoked(cache: Cache, sid: string): Promise<boolean> {
  return (await cache.get(revokedKey(sid), { orThrow: true })) !== null;
}
