import type { Metadata } from 'next';
import Link from 'next/link';
import { Inbox } from '@/components/notifications/inbox';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  await requireUser('/notifications');
  return (
    <div className="space-y-6">
      <div className="flex items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <Link href="/webhooks" className="ml-auto text-sm text-brand">
          Webhook settings
        </Link>
      </div>
      <Inbox />
    </div>
  );
}
