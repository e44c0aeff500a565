import type { UserRole } from '@/db/schema';

/** Who is acting on tasks or jobs: owners see their own; admins may read everyone's. */
export interface Actor {
  id: string;
  role: UserRole;
}
