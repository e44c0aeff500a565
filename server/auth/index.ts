import 'server-only';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import { env, githubAuthEnabled } from '@/server/env';
import { AppError, toAppError } from '@/server/errors';
import { getInfra } from '@/server/infra';
import { signInWithPassword } from '@/server/services/security/sign-in';
import { recordSession, touchSession } from '@/server/services/security/user-sessions';
import { logger } from '@/server/logger';
import { findOrCreateOAuthUser } from '@/server/services/users/oauth';
import type { PublicUser } from '@/server/services/users/public-user';
import { credentialsInput } from '@/contracts/auth';
import { authLogger } from './auth-logger';
import { answeringOutages, noteSessionCheckFailure } from './session-check';
import { clientIpFrom } from './client-ip';
import { getAuthSecret } from './secret';
import { isSessionRevoked, loadActiveUser, revokeSession, SESSION_MAX_AGE_S } from '@/server/services/users/sessions';

declare module 'next-auth' {
  interface Session {
    user: PublicUser;
    sid: string;
  }
  /** Where a credentials sign-in came from, carried to the jwt callback that opens the session. */
  interface User {
    signInIp?: string;
    signInUserAgent?: string | null;
  }
}
declare module '@auth/core/jwt' {
  interface JWT {
    sid?: string;
    role?: PublicUser['role'];
    plan?: PublicUser['plan'];
  }
}

class AccountDisabled extends CredentialsSignin {
  code = 'account_disabled';
}
class TooManyAttempts extends CredentialsSignin {
  code = 'rate_limited';
}
/** The password was right and the account has 2FA on: the form asks for a code and signs in again. */
class OtpRequired extends CredentialsSignin {
  code = 'otp_required';
}
class OtpInvalid extends CredentialsSignin {
  code = 'otp_invalid';
}
/** Sign-in could not be checked (its rate limit or the database is down): try again, the password may be right. */
class Unavailable extends CredentialsSignin {
  code = 'unavailable';
}

/** Maps the sign-in service's refusals onto Auth.js's credential errors (which the sign-in page shows). */
async function authorizeCredentials(raw: unknown, request: Request) {
  // An empty code field arrives as '' from the form: the same as no code.
  const fields = raw as Record<string, unknown>;
  const parsed = credentialsInput.safeParse({ ...fields, otp: fields.otp || undefined });
  if (!parsed.success) return null;
  const infra = await getInfra();
  const ip = clientIpFrom(request.headers);
  try {
    const user = await signInWithPassword(infra, parsed.data, ip);
    return { ...user, signInIp: ip, signInUserAgent: request.headers.get('user-agent') };
  } catch (thrown) {
    const error = toAppError(thrown);
    if (!error) throw thrown;
    if (error.code === 'SERVICE_UNAVAILABLE') throw new Unavailable();
    if (error.reason === 'ACCOUNT_DISABLED') throw new AccountDisabled();
    if (error.reason === 'OTP_REQUIRED') throw new OtpRequired();
    if (error.reason === 'OTP_INVALID') throw new OtpInvalid();
    if (error.code === 'RATE_LIMITED') throw new TooManyAttempts();
    return null;
  }
}

async function config(): Promise<NextAuthConfig> {
  return {
    secret: await getAuthSecret(),
    trustHost: true,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/sign-in' },
    logger: authLogger(logger),
    providers: [
      Credentials({
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
          otp: { label: 'Code', type: 'text' },
        },
        authorize: authorizeCredentials,
      }),
      ...(githubAuthEnabled ? [GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET })] : []),
    ],
    callbacks: {
      async signIn({ account, user }) {
        if (account?.provider !== 'github') return true;
        if (!user.email) return '/sign-in?error=github_no_email';
        try {
          const linked = await findOrCreateOAuthUser((await getInfra()).db, {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            type: account.type,
            email: user.email,
            name: user.name ?? '',
          });
          user.id = linked.id;
          return true;
        } catch (error) {
          if (error instanceof AppError && error.reason === 'ACCOUNT_DISABLED') return '/sign-in?error=account_disabled';
          throw error;
        }
      },
      /**
       * Runs on sign-in and on every session read: a revoked session or a disabled account ends here
       * (returning null clears the cookie), and role changes reach the token on the next request.
       */
      async jwt({ token, user }) {
        const infra = await getInfra();
        if (user?.id) {
          token.sub = user.id;
          token.sid = crypto.randomUUID();
          await recordSession(infra, { id: token.sid, userId: user.id, kind: 'cookie', userAgent: user.signInUserAgent, ip: user.signInIp });
        }
        if (!token.sub || !token.sid) return null;
        let active: PublicUser | null;
        try {
          if (await isSessionRevoked(infra.cache, token.sid)) return null;
          await touchSession(infra, token.sid);
          active = await loadActiveUser(infra, token.sub);
        } catch (error) {
          // Auth.js will answer "no session"; the reader turns an outage into a 503 (session-check.ts).
          noteSessionCheckFailure(error);
          throw error;
        }
        if (!active) return null;
        token.role = active.role;
        token.plan = active.plan;
        token.name = active.name;
        token.email = active.email;
        return token;
      },
      session({ session, token }) {
        const user: PublicUser = { id: token.sub!, email: token.email!, name: token.name ?? '', role: token.role ?? 'user', plan: token.plan };
        return { expires: session.expires, user, sid: token.sid! };
      },
    },
    events: {
      async signOut(message) {
        const sid = 'token' in message ? message.token?.sid : undefined;
        if (sid) await revokeSession((await getInfra()).cache, sid);
      },
    },
  };
}

const nextAuth = NextAuth(config);

export const { auth, signIn, signOut } = nextAuth;

/** Auth.js's routes; a session read that meets an outage is a 503, not a cleared cookie. */
export const handlers = { GET: answeringOutages(nextAuth.handlers.GET), POST: answeringOutages(nextAuth.handlers.POST) };
