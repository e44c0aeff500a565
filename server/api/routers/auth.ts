import 'server-only';
import {
  accessTokenSchema,
  credentialsInput,
  publicUserSchema,
  registeredSchema,
  registerInput,
  signedOutSchema,
} from '@/contracts/auth';
import { issueAccessToken } from '@/server/auth/access-token';
import { getAuthSecret } from '@/server/auth/secret';
import { revokeSession } from '@/server/services/users/sessions';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '@/server/api/trpc';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import { signInWithPassword } from '@/server/services/security/sign-in';
import { recordSession } from '@/server/services/security/user-sessions';
import { registerUser } from '@/server/services/users/register';

export const authRouter = createTRPCRouter({
  /** Creates an account (the first one on an empty database becomes admin). */
  register: publicProcedure.input(registerInput).output(registeredSchema).mutation(async ({ ctx, input }) => {
    await assertRateLimit(ctx.ratelimit, 'auth:register', ctx.clientIp);
    return { user: await registerUser(ctx.db, input) };
  }),

  /**
   * Exchanges email + password (+ `otp` when two-factor sign-in is on) for a bearer token, for API clients
   * and scripts. Each token is listed among the user's sessions and revocable there.
   */
  token: publicProcedure.input(credentialsInput).output(accessTokenSchema).mutation(async ({ ctx, input }) => {
    const user = await signInWithPassword(ctx, input, ctx.clientIp);
    const sid = crypto.randomUUID();
    await recordSession(ctx, { id: sid, userId: user.id, kind: 'bearer', userAgent: ctx.userAgent, ip: ctx.clientIp });
    return issueAccessToken(await getAuthSecret(), user, sid);
  }),

  me: protectedProcedure.output(publicUserSchema).query(({ ctx }) => ctx.user),

  /** Revokes the session or token this request came with, server-side. */
  signOut: protectedProcedure
    .meta({ sessionOnly: true })
    .output(signedOutSchema)
    .mutation(async ({ ctx }) => {
      await revokeSession(ctx.cache, ctx.session.sid);
      return { signedOut: true as const };
    }),
});
