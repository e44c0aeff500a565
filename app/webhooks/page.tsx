import type { Metadata } from 'next';
import { WebhooksScreen } from '@/components/webhooks/webhooks-screen';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  await requireUser('/webhooks');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Webhooks</h1>
      <p className="text-sm text-zinc-500">
        Deliveries follow Standard Webhooks: verify the <code>webhook-signature</code> header with your endpoint’s secret.
      </p>
      <WebhooksScreen />
    </div>
  );
}
