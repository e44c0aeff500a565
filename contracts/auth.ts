import { z } from 'zod';
import { USER_ROLES } from './enums';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email({ message: 'Enter a valid email address' }));

export const passwordSchema = z
  .string()
  .min(10, 'Password must be at least 10 characters')
  .max(200, 'Password must be at most 200 characters')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'Password must contain a letter and a digit');

export const nameSchema = z.string().trim().min(1, 'Name is required').max(80, 'Name must be at most 80 characters');

export const registerInput = z.object({ email: emailSchema, password: passwordSchema, name: nameSchema });
export type RegisterInput = z.infer<typeof registerInput>;

/** A TOTP code (6 digits) or a recovery code (`xxxxx-xxxxx`); spaces are ignored. */
export const otpSchema = z
  .string()
  .trim()
  .min(6, 'Enter the 6-digit code or a recovery code')
  .max(32, 'Enter the 6-digit code or a recovery code');

/**
 * Sign-in only checks shape: the password rules may have changed since the account was made. `otp` is
 * required when the account has two-factor sign-in on (a 401 with reason OTP_REQUIRED says so).
 */
export const credentialsInput = z.object({ email: emailSchema, password: z.string().min(1).max(200), otp: otpSchema.optional() });
export type CredentialsInput = z.infer<typeof credentialsInput>;

/** What a user may be shown about an account (never the hash). */
export const publicUserSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(USER_ROLES) });

export const registeredSchema = z.object({ user: publicUserSchema });
export const accessTokenSchema = z.object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number().int() });
export const signedOutSchema = z.object({ signedOut: z.literal(true) });
