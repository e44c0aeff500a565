import { users, type UserRole } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';

/** A user row made directly (no password, no rate limits): for tests about what users may do, not sign-in. */
export async function createUser(
  infra: Pick<Infra, 'db'>,
  name: string,
  role: UserRole = 'user',
): Promise<SessionUser> {
  const [row] = await infra.db
    .insert(users)
    .values({ email: `${name.toLowerCase()}@example.com`, name, role })
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  return row!;
}
