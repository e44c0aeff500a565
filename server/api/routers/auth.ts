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
import { acceptedSchema, doneSchema, passwordResetConfirmInput, passwordResetRequestInput, profileSchema } from '@/contracts/security';
import { getProfile } from '@/server/services/security/profile';
import { env } from '@/server/env';
import { logger } from '@/server/logger';
import { getMailer } from '@/server/services/mail/default-mailer';
import { confirmPasswordReset, requestPasswordReset } from '@/server/services/security/password-reset';

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

  /** Emails a reset link when the address has an account; the answer is the same either way. */
  requestPasswordReset: publicProcedure
    .input(passwordResetRequestInput)
    .output(acceptedSchema)
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset({ ...ctx, mailer: getMailer(), log: logger, appUrl: env.APP_URL }, input.email, ctx.clientIp);
      return { accepted: true as const };
    }),

  /** Sets a new password from a reset link (single use, 30 minutes) and signs out every session. */
  confirmPasswordReset: publicProcedure
    .input(passwordResetConfirmInput)
    .output(doneSchema)
    .mutation(async ({ ctx, input }) => {
      await confirmPasswordReset(ctx, input.token, input.password);
      return { ok: true as const };
    }),

  me: protectedProcedure.output(publicUserSchema).query(({ ctx }) => ctx.user),

  /** Me with my plan, its limits, my usage against them, and whether two-factor sign-in is on. */
  profile: protectedProcedure.output(profileSchema).query(({ ctx }) => getProfile(ctx.db, ctx.user)),

  /** Revokes the session or token this request came with, server-side. */
  signOut: protectedProcedure
    .meta({ sessionOnly: true })
    .output(signedOutSchema)
    .mutation(async ({ ctx }) => {
      await revokeSession(ctx.cache, ctx.session.sid);
      return { signedOut: true as const };
    }),
});
