import 'server-only';
import {
  changePasswordInput,
  disableTwoFactorInput,
  doneSchema,
  enableTwoFactorInput,
  recoveryCodesSchema,
  revokedSessionsSchema,
  sessionIdInput,
  securityPolicySchema,
  sessionPage,
  twoFactorSetupSchema,
  twoFactorStatusSchema,
} from '@/contracts/security';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { getSecurityPolicy } from '@/server/services/security/admin-policy';
import { changePassword } from '@/server/services/security/passwords';
import { disableTwoFactor, enableTwoFactor, setupTwoFactor, twoFactorStatus } from '@/server/services/security/two-factor';
import { listSessions, revokeMySession, signOutOtherSessions } from '@/server/services/security/user-sessions';

// Account security is for the person, never for an API key.
const personProcedure = protectedProcedure.meta({ sessionOnly: true });
const DONE = { ok: true as const };

/** The signed-in user's two-factor sign-in, sessions and password. */
export const securityRouter = createTRPCRouter({
  twoFactorStatus: personProcedure.output(twoFactorStatusSchema).query(({ ctx }) => twoFactorStatus(ctx.db, ctx.user.id)),

  /** A new secret with its otpauth:// URL and QR code; 2FA stays off until `twoFactorEnable`. */
  twoFactorSetup: personProcedure.output(twoFactorSetupSchema).mutation(({ ctx }) => setupTwoFactor(ctx.db, ctx.user)),

  /** Turns 2FA on with a valid code; the answer holds the recovery codes, shown this once. */
  twoFactorEnable: personProcedure
    .input(enableTwoFactorInput)
    .output(recoveryCodesSchema)
    .mutation(({ ctx, input }) => enableTwoFactor(ctx, ctx.user.id, input.code)),

  twoFactorDisable: personProcedure
    .input(disableTwoFactorInput)
    .output(doneSchema)
    .mutation(async ({ ctx, input }) => {
      await disableTwoFactor(ctx, ctx.user.id, input);
      return DONE;
    }),

  /** The deployment's security switches (so the admin page can say 2FA is required rather than fail). */
  policy: personProcedure.output(securityPolicySchema).query(({ ctx }) => getSecurityPolicy(ctx)),

  sessions: personProcedure.output(sessionPage).query(({ ctx }) => listSessions(ctx, ctx.user.id, ctx.session.sid)),

  revokeSession: personProcedure
    .input(sessionIdInput)
    .output(doneSchema)
    .mutation(async ({ ctx, input }) => {
      await revokeMySession(ctx, ctx.user.id, input.sessionId);
      return DONE;
    }),

  /** Signs out every other browser and access token; this session stays. */
  revokeOtherSessions: personProcedure.output(revokedSessionsSchema).mutation(async ({ ctx }) => ({
    revoked: await signOutOtherSessions(ctx, ctx.user.id, ctx.session.sid),
  })),

  changePassword: personProcedure
    .input(changePasswordInput)
    .output(doneSchema)
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx, ctx.user.id, ctx.session.sid, input);
      return DONE;
    }),
});
