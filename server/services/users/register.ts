import { users } from '@/db/schema';
import { hashPassword } from './passwords';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { isUniqueViolation } from '@/server/infra/db/unique-violation';
import { lockNewUserRole } from './first-user';
import { toPublicUser, type PublicUser } from './public-user';
import type { RegisterInput } from '@/contracts/auth';

/** Creates an account; the first account on an empty database becomes admin. */
export async function registerUser(db: Db, input: RegisterInput): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const role = await lockNewUserRole(tx);
      const [row] = await tx.insert(users).values({ email: input.email, name: input.name, passwordHash, role }).returning();
      return toPublicUser(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', 'An account with this email already exists', {
        reason: 'EMAIL_TAKEN',
        details: { fieldErrors: { email: ['An account with this email already exists'] } },
      });
    }
    throw error;
  }
}
