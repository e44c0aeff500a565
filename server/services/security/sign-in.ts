import type { CredentialsInput } from '@/contracts/auth';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { assertLoginAllowed, assertRateLimit } from '@/server/services/rate-limit/assert';
import { verifyCredentials } from '@/server/services/users/credentials';
import type { PublicUser } from '@/server/services/users/public-user';
import { consumeSecondFactor, isTwoFactorEnabled } from './two-factor';

/**
 * Password sign-in with the second factor, for the browser (Auth.js credentials) and `auth.token` alike.
 * With 2FA on and no `otp`, the answer is a 401 with reason OTP_REQUIRED (the client then asks for a code);
 * code attempts count against `auth:otp` per account, whichever IP they come from.
 */
export async function signInWithPassword(deps: Pick<Infra, 'db' | 'ratelimit' | 'clock'>, input: CredentialsInput, ip: string): Promise<PublicUser> {
  await assertLoginAllowed(deps.ratelimit, input.email, ip);
  const user = await verifyCredentials(deps.db, input);
  if (!(await isTwoFactorEnabled(deps.db, user.id))) return user;
  if (!input.otp) {
    throw new AppError('UNAUTHORIZED', 'Enter the code from your authenticator app or a recovery code', { reason: 'OTP_REQUIRED' });
  }
  await assertRateLimit(deps.ratelimit, 'auth:otp', user.id);
  await consumeSecondFactor(deps.db, deps.clock, user.id, input.otp);
  return user;
}
