import type { Metadata } from 'next';
import { Inbox } from '@/components/notifications/inbox';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  await requireUser('/notifications');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Notifications</h1>
      <Inbox />
    </div>
  );
}
