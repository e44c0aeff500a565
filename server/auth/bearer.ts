import type { Infra } from '@/server/infra/infra';
import { looksLikeApiKey, resolveApiKey } from '@/server/services/keys/api-keys';
import type { PublicUser } from '@/server/services/users/public-user';
import { verifyAccessToken } from './access-token';
import type { Credential } from './credential';
import { getAuthSecret } from './secret';
import { isSessionRevoked, loadActiveUser } from '@/server/services/users/sessions';
import { touchSession } from '@/server/services/security/user-sessions';

export interface BearerIdentity {
  user: PublicUser;
  session: Credential & { via: 'bearer' | 'apikey' };
}

/**
 * The user behind `Authorization: Bearer …`: an API key (`pt_…`, with scopes) or an access token from
 * `auth.token`. Null when invalid, expired, revoked, or the user is disabled.
 */
export async function resolveBearer(infra: Pick<Infra, 'db' | 'cache'>, token: string): Promise<BearerIdentity | null> {
  if (looksLikeApiKey(token)) {
    const key = await resolveApiKey(infra, token);
    return key ? { user: key.user, session: { sid: key.keyId, via: 'apikey', scopes: key.scopes } } : null;
  }
  const claims = await verifyAccessToken(await getAuthSecret(), token);
  if (!claims || (await isSessionRevoked(infra.cache, claims.sid))) return null;
  const user = await loadActiveUser(infra, claims.sub);
  if (user) await touchSession(infra, claims.sid);
  return user ? { user, session: { sid: claims.sid, via: 'bearer', scopes: null } } : null;
}

/** The token in `Authorization: Bearer …`, if any. */
export function bearerFrom(headers: Headers): string | null {
  const value = headers.get('authorization');
  return value && /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '').trim() : null;
}
