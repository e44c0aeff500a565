import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { toPublicUser, type PublicUser } from './public-user';
import type { CredentialsInput } from '@/contracts/auth';

/** Checks email + password. Wrong email and wrong password are the same error, in the same time. */
export async function verifyCredentials(db: Db, input: CredentialsInput): Promise<PublicUser> {
  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    throw new AppError('UNAUTHORIZED', 'Wrong email or password', { reason: 'INVALID_CREDENTIALS' });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError('UNAUTHORIZED', 'Wrong email or password', { reason: 'INVALID_CREDENTIALS' });
  }
  if (user.disabledAt) {
    throw new AppError('FORBIDDEN', 'This account is disabled', { reason: 'ACCOUNT_DISABLED' });
  }
  return toPublicUser(user);
}
