import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminTwoFactorSwitch } from '@/components/admin/admin-two-factor-switch';
import { AuditLog } from '@/components/admin/audit-log';
import { HaltsPanel } from '@/components/admin/halts-panel';
import { PlatformStats } from '@/components/admin/platform-stats';
import { UsersTable } from '@/components/admin/users-table';
import { getServerCaller } from '@/server/api/server-caller';
import { requireAdmin } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Admin' };

const SECTIONS = [
  { id: 'stats', title: 'Platform' },
  { id: 'halts', title: 'Symbol halts' },
  { id: 'audit', title: 'Audit log' },
  { id: 'users', title: 'Users' },
] as const;

function Section({ id, title, children }: { id: (typeof SECTIONS)[number]['id']; title: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-4 space-y-3">
      <h2 id={`${id}-heading`} className="text-lg font-medium">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function AdminPage() {
  const admin = await requireAdmin();
  const caller = await getServerCaller();
  if (!(await caller.auth.profile()).twoFactor.enabled && (await caller.security.policy()).requireAdminTwoFactor) {
    return (
      <p role="alert" className="text-sm">
        Admins must use two-factor sign-in here.{' '}
        <Link href="/settings" className="text-brand underline">
          Turn it on in Settings → Security
        </Link>
        , then come back.
      </p>
    );
  }
  const [stats, halts, audit, users, catalogue] = await Promise.all([
    caller.admin.stats(),
    caller.admin.halts.list(),
    caller.admin.audit.list({ limit: 25 }),
    caller.admin.users.list({ limit: 100 }),
    caller.market.assets({ limit: 100 }),
  ]);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Admin console</h1>
        <nav aria-label="Admin sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {SECTIONS.map((s) => (
            <a key={s.id} href={`#${s.id}`} className="text-brand hover:underline">
              {s.title}
            </a>
          ))}
        </nav>
      </header>
      <Section id="stats" title="Platform">
        <PlatformStats initial={stats} />
      </Section>
      <Section id="halts" title="Symbol halts">
        <HaltsPanel initial={halts} symbols={catalogue.data.map((a) => a.symbol)} />
      </Section>
      <Section id="audit" title="Audit log">
        <AuditLog initial={audit} />
      </Section>
      <Section id="users" title="Users">
        <AdminTwoFactorSwitch />
        <UsersTable initial={users} currentUserId={admin.id} />
      </Section>
    </div>
  );
}
