import type { Metadata } from 'next';
import { AlertsScreen } from '@/components/alerts/alerts-screen';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertsPage() {
  await requireUser('/alerts');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Price alerts</h1>
      <AlertsScreen />
    </div>
  );
}
