import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Page } from '@/contracts/common';
import { apiKeys, type ApiKeyScope } from '@/db/schema';
import { loadActiveUser } from '@/server/services/users/sessions';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { readThrough } from '@/server/services/cache/read-through';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate, type PageRequest } from '@/server/services/pagination/paginate';
import { assertWithinPlan } from '@/server/services/plans/within-plan';
import type { PublicUser } from '@/server/services/users/public-user';
import type { z } from 'zod';
import type { apiKeySchema } from '@/contracts/keys';

export const API_KEY_PREFIX = 'pt_';
const SHOWN_PREFIX_LENGTH = 11;
// Touch last_used_at at most this often per key: a key used 100×/s must not write 100 rows/s.
const LAST_USED_RESOLUTION_MS = 60_000;
const KEY_CACHE_TTL_MS = 30_000;

export type ApiKeyView = z.infer<typeof apiKeySchema>;

const view = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('hex');
}

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return API_KEY_PREFIX + Buffer.from(bytes).toString('base64url');
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** Creates a key within the plan's API-key quota; the secret is in the answer and nowhere else. */
export async function createApiKey(
  db: Infra['db'],
  userId: string,
  input: { name: string; scopes: ApiKeyScope[] },
): Promise<ApiKeyView & { secret: string }> {
  const secret = newSecret();
  const secretHash = await sha256(secret);
  const row = await db.transaction(async (tx) => {
    await assertWithinPlan(tx, userId, 'apiKeys');
    const [created] = await tx
      .insert(apiKeys)
      .values({
        userId,
        name: input.name,
        scopes: [...new Set(input.scopes)].sort(),
        prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
        secretHash,
      })
      .returning(view);
    return created!;
  });
  return { ...row, secret };
}

const NEWEST_FIRST: ListOrder = { list: 'keys', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] };

/** The user's keys, revoked ones included, newest first. */
export async function listApiKeys(db: Infra['db'], userId: string, request: PageRequest): Promise<Page<ApiKeyView>> {
  const page = await paginate(
    request,
    NEWEST_FIRST,
    (after, take) =>
      db
        .select({ apiKey: view, key: sql<string>`${apiKeys.createdAt}::text` })
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, userId), after ? sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
        .limit(take),
    (row) => [row.key, row.apiKey.id],
  );
  return mapPage(page, (row) => row.apiKey);
}

/** Revokes at once: the cached lookup is dropped with it. Another user's key is NOT_FOUND. */
export async function revokeApiKey(infra: Pick<Infra, 'db' | 'cache'>, userId: string, keyId: string): Promise<ApiKeyView> {
  const [row] = await infra.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ ...view, secretHash: apiKeys.secretHash });
  if (!row) {
    const [existing] = await infra.db
      .select(view)
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)));
    if (existing) return existing; // already revoked: revoking is idempotent
    throw new AppError('NOT_FOUND', 'API key not found');
  }
  await infra.cache.del(keyCacheKey(row.secretHash));
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt, createdAt: row.createdAt };
}

const keyCacheKey = (hash: string) => `apikey:${hash}`;

interface CachedKey {
  id: string;
  userId: string;
  scopes: ApiKeyScope[];
  revoked: boolean;
}

/** The user and scopes behind a presented key; null when unknown, revoked, or its user is disabled. */
export async function resolveApiKey(
  infra: Pick<Infra, 'db' | 'cache'>,
  secret: string,
): Promise<{ user: PublicUser; keyId: string; scopes: ApiKeyScope[] } | null> {
  const hash = await sha256(secret);
  const key = await readThrough(infra.cache, keyCacheKey(hash), KEY_CACHE_TTL_MS, async (): Promise<CachedKey | null> => {
    const [row] = await infra.db.select().from(apiKeys).where(eq(apiKeys.secretHash, hash)).limit(1);
    return row ? { id: row.id, userId: row.userId, scopes: row.scopes, revoked: row.revokedAt !== null } : null;
  });
  if (!key || key.revoked) return null;
  const user = await loadActiveUser(infra, key.userId);
  if (!user) return null;
  await touchLastUsed(infra, key.id);
  return { user, keyId: key.id, scopes: key.scopes };
}

async function touchLastUsed(infra: Pick<Infra, 'db' | 'cache'>, keyId: string): Promise<void> {
  const throttle = `apikey:touched:${keyId}`;
  let count: number;
  try {
    count = await infra.cache.incr(throttle, { ttlMs: LAST_USED_RESOLUTION_MS });
  } catch {
    // Bookkeeping only: without the cache, skip the "last used" stamp rather than refuse the request.
    return;
  }
  if (count > 1) return;
  await infra.db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, keyId));
}
