import { count, sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import { hashPassword } from '@/server/auth/passwords';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { toPublicUser, type PublicUser } from './public-user';
import type { RegisterInput } from '@/contracts/auth';

const UNIQUE_VIOLATION = '23505';

/**
 * Creates an account. The first account on an empty database becomes admin: an advisory lock makes
 * "is the table empty?" and the insert one step, so two first sign-ups cannot both become admin.
 */
export async function registerUser(db: Db, input: RegisterInput): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('primetrade:first-user'))`);
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(users);
      const [row] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash, role: n === 0 ? 'admin' : 'user' })
        .returning();
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

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (e && typeof e === 'object'); e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    if (!(e as { cause?: unknown }).cause) break;
  }
  return false;
}
