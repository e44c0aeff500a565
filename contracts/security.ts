import { z } from 'zod';
import { emailSchema, passwordSchema, publicUserSchema } from './auth';
import { entitlementsSchema, planSchema, planUsageSchema } from './plans';
import { pageOf, timestamp } from './common';

/** Six digits, as authenticator apps show them. */
export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app');

export const twoFactorSetupSchema = z.object({
  /** Base32, for typing into an app by hand. */
  secret: z.string(),
  otpauthUrl: z.string(),
  /** The otpauth URL as a QR code, an SVG document made on the server. */
  qrSvg: z.string(),
});

export const enableTwoFactorInput = z.object({ code: totpCodeSchema });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

/** Either a current code (TOTP or recovery) or the account password. */
export const disableTwoFactorInput = z
  .object({ code: z.string().trim().min(6).max(32).optional(), password: z.string().min(1).max(200).optional() })
  .refine((v) => v.code !== undefined || v.password !== undefined, {
    message: 'Send a code from your authenticator app or your password',
    path: ['code'],
  });

export const twoFactorStatusSchema = z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() });
export const doneSchema = z.object({ ok: z.literal(true) });

export const sessionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['cookie', 'bearer']),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  /** The session this request came with. */
  current: z.boolean(),
});
export const sessionPage = pageOf(sessionSchema);
export const sessionIdInput = z.object({ sessionId: z.uuid() });
export const revokedSessionsSchema = z.object({ revoked: z.number().int() });

export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema });
export const passwordResetRequestInput = z.object({ email: emailSchema });
export const passwordResetConfirmInput = z.object({ token: z.string().min(20).max(200), password: passwordSchema });
export const acceptedSchema = z.object({ accepted: z.literal(true) });

/** `GET /me`: who I am, my plan with its limits and my usage, and whether 2FA is on. */
export const profileSchema = publicUserSchema.extend({
  plan: planSchema,
  limits: entitlementsSchema,
  usage: planUsageSchema,
  twoFactor: z.object({ enabled: z.boolean() }),
});

/** Deployment-wide switches an admin sets. */
export const securityPolicySchema = z.object({ requireAdminTwoFactor: z.boolean() });
export const securityPolicyInput = securityPolicySchema;
