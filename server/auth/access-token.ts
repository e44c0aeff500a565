import { jwtVerify, SignJWT } from 'jose';
import type { PublicUser } from '@/server/services/users/public-user';
import { ACCESS_TOKEN_TTL_S } from '@/server/services/users/sessions';

const ISSUER = 'primetrade';
const AUDIENCE = 'primetrade-api';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  exp: number;
}

/** A bearer token for API clients (HS256 over AUTH_SECRET); revocable through its `sid`. */
export async function issueAccessToken(secret: string, user: PublicUser, sid: string) {
  const accessToken = await new SignJWT({ sid, role: user.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .sign(new TextEncoder().encode(secret));
  return { accessToken, tokenType: 'Bearer' as const, expiresIn: ACCESS_TOKEN_TTL_S };
}

export async function verifyAccessToken(secret: string, token: string): Promise<AccessTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
      return null;
    }
    return { sub: payload.sub, sid: payload.sid, exp: payload.exp };
  } catch {
    return null;
  }
}
