import type { Metadata } from 'next';
import { UsersTable } from '@/components/admin/users-table';
import { getServerCaller } from '@/server/api/server-caller';
import { requireAdmin } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  const admin = await requireAdmin();
  const caller = await getServerCaller();
  const initial = await caller.admin.users.list({ limit: 100 });
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Users</h1>
      <UsersTable initial={initial} currentUserId={admin.id} />
    </section>
  );
}
