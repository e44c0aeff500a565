import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { hashPassword } from './passwords';
import type { Db } from '@/server/infra/db/types';

export const DEMO_ACCOUNTS = [
  { email: 'admin@primetrade.dev', password: 'admin-password-1', name: 'Demo Admin', role: 'admin' },
  { email: 'demo@primetrade.dev', password: 'demo-password-1', name: 'Demo Trader', role: 'user' },
] as const;

/** Creates the demo accounts when missing; never touches an existing account. Safe to run on every start. */
export async function seedDemoAccounts(db: Db): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email)).limit(1);
    if (existing) continue;
    await db
      .insert(users)
      .values({
        email: account.email,
        name: account.name,
        role: account.role,
        passwordHash: await hashPassword(account.password),
      })
      .onConflictDoNothing();
  }
}
