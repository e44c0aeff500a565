import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { SessionKind } from '@/contracts/enums';
import { userSessions } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import type { Db } from '@/server/infra/db/types';
import { recordAudit } from '@/server/services/audit/record';
import { ACCESS_TOKEN_TTL_S, revokeSession, SESSION_MAX_AGE_S } from '@/server/services/users/sessions';

// Stamp "last seen" at most this often per session: a busy client must not write a row per request.
const LAST_SEEN_RESOLUTION_MS = 60_000;
// A user with more live sessions than this sees the newest ones (each token from `auth.token` is one).
const LISTED_SESSIONS = 100;

export interface NewSession {
  id: string;
  userId: string;
  kind: SessionKind;
  userAgent?: string | null;
  ip?: string | null;
}

/** Keeps a row per issued session or access token, so the user can see it and revoke it. */
export async function recordSession(deps: Pick<Infra, 'db' | 'clock'>, session: NewSession): Promise<void> {
  const now = deps.clock();
  const ttlS = session.kind === 'cookie' ? SESSION_MAX_AGE_S : ACCESS_TOKEN_TTL_S;
  await deps.db
    .insert(userSessions)
    .values({
      ...session,
      userAgent: session.userAgent?.slice(0, 400) ?? null,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + ttlS * 1000),
    })
    .onConflictDoNothing();
}

export async function touchSession(infra: Pick<Infra, 'db' | 'cache'>, sid: string): Promise<void> {
  try {
    if ((await infra.cache.incr(`session:touched:${sid}`, { ttlMs: LAST_SEEN_RESOLUTION_MS })) > 1) return;
  } catch {
    return; // bookkeeping only: without the cache, skip the stamp rather than refuse the request
  }
  await infra.db.update(userSessions).set({ lastSeenAt: new Date() }).where(eq(userSessions.id, sid));
}

/** My live sessions, newest first; `current` marks the one this request came with. */
export async function listSessions(deps: Pick<Infra, 'db' | 'clock'>, userId: string, currentSid: string) {
  const rows = await deps.db
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, new Date(deps.clock()))))
    .orderBy(desc(userSessions.createdAt), desc(userSessions.id))
    .limit(LISTED_SESSIONS);
  return {
    data: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      userAgent: r.userAgent,
      ip: r.ip,
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      current: r.id === currentSid,
    })),
    nextCursor: null,
  };
}

/** Revokes one of my sessions (another user's id is NOT_FOUND). */
export async function revokeMySession(deps: Pick<Infra, 'db' | 'cache'>, userId: string, sid: string): Promise<void> {
  const revoked = await markRevoked(deps.db, and(eq(userSessions.userId, userId), eq(userSessions.id, sid)));
  if (revoked.length === 0) {
    const [known] = await deps.db.select({ id: userSessions.id }).from(userSessions).where(and(eq(userSessions.userId, userId), eq(userSessions.id, sid)));
    if (known) return; // already revoked: idempotent
    throw new AppError('NOT_FOUND', 'Session not found');
  }
  await revokeInCache(deps.cache, revoked);
  await recordAudit(deps.db, { actorId: userId, action: 'security.session_revoked', targetType: 'user', targetId: userId, details: { sessions: 1 } });
}

/**
 * Revokes every session and access token of the user except `keepSid` (none kept when null): after a
 * password change or reset, and for "sign out everywhere else".
 */
export async function revokeOtherSessions(deps: Pick<Infra, 'db' | 'cache'>, userId: string, keepSid: string | null): Promise<number> {
  const revoked = await markRevoked(deps.db, and(eq(userSessions.userId, userId), keepSid ? ne(userSessions.id, keepSid) : undefined));
  await revokeInCache(deps.cache, revoked);
  return revoked.length;
}

/** "Sign out everywhere else", asked for by the user: audited with the count. */
export async function signOutOtherSessions(deps: Pick<Infra, 'db' | 'cache'>, userId: string, currentSid: string): Promise<number> {
  const revoked = await revokeOtherSessions(deps, userId, currentSid);
  await recordAudit(deps.db, { actorId: userId, action: 'security.session_revoked', targetType: 'user', targetId: userId, details: { sessions: revoked } });
  return revoked;
}

function markRevoked(db: Db, where: ReturnType<typeof and>) {
  return db
    .update(userSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(where, isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
}

/** The revocation list in the cache is what every request checks (the row is for listing). */
async function revokeInCache(cache: Infra['cache'], sessions: { id: string }[]): Promise<void> {
  await Promise.all(sessions.map((s) => revokeSession(cache, s.id)));
}
