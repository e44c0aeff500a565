import type { ApiKeyScope } from '@/db/schema';
import type { PublicUser } from '@/server/services/users/public-user';

/**
 * The credential behind a request: a browser session, an access token (its `sid` revokes it) or an API key
 * (`sid` is the key id; `scopes` limit what it may call). `scopes` is null for full-access credentials.
 * Types only, so the edge-safe tRPC setup can build its context from them.
 */
export interface Credential {
  sid: string;
  via: 'cookie' | 'bearer' | 'apikey';
  scopes: ApiKeyScope[] | null;
}

/** Who is calling; both null when anonymous. */
export interface Identity {
  user: PublicUser | null;
  session: Credential | null;
}
