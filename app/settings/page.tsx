import type { Metadata } from 'next';
import { ApiKeysPanel } from '@/components/settings/api-keys-panel';
import { PlanCard } from '@/components/settings/plan-card';
import { SecuritySection } from '@/components/settings/security-section';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const user = await requireUser('/settings');
  const keys = await (await getServerCaller()).keys.list();
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <PlanCard />
      <SecuritySection />
      <ApiKeysPanel initial={keys} canAdmin={user.role === 'admin'} />
    </section>
  );
}
