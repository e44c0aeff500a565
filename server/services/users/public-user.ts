import type { Plan } from '@/contracts/enums';
import type { User, UserRole } from '@/db/schema';

/** What a user may be shown about an account (never the hash). */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** Present on request identities (it scales the rate limits); absent where a user was just created. */
  plan?: Plan;
}

export function toPublicUser(u: Pick<User, 'id' | 'email' | 'name' | 'role'>): PublicUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}
