import type { Metadata } from 'next';
import Link from 'next/link';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { NotificationNavLazy } from '@/components/notifications/notification-nav-lazy';
import { TRPCReactProvider } from '@/components/trpc/react';
import { auth, signOut } from '@/server/auth';
import { edgeLive } from '@/server/env';
import './globals.css';

async function signOutToSignIn() {
  'use server';
  await signOut({ redirectTo: '/sign-in' });
}

export const metadata: Metadata = {
  title: { default: 'PrimeTrade', template: '%s · PrimeTrade' },
  description: 'Open market data and paper trading.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  const user = session?.user;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <TRPCReactProvider edgeEnabled={edgeLive}>
          <header className="border-b border-zinc-200 dark:border-zinc-800">
            <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3 text-sm">
              <Link href="/" className="font-semibold text-brand">
                PrimeTrade
              </Link>
              <Link href="/markets">Markets</Link>
              <Link href="/tokens">Tokens</Link>
              {user && <Link href="/dashboard">Dashboard</Link>}
              {user && <Link href="/portfolio">Portfolio</Link>}
              {user && <Link href="/bots">Bots</Link>}
              {user && <Link href="/backtests">Backtests</Link>}
              {user && <Link href="/tasks">Tasks</Link>}
              {user && <Link href="/settings">Settings</Link>}
              {user && <NotificationNavLazy />}
              {user?.role === 'admin' && <Link href="/admin">Admin</Link>}
              <Link href="/docs">API</Link>
              <span className="ml-auto" />
              {user ? (
                <>
                  <span className="hidden text-zinc-500 sm:inline" data-testid="nav-user">
                    {user.email}
                  </span>
                  <SignOutButton signOutAction={signOutToSignIn} />
                </>
              ) : (
                <>
                  <Link href="/sign-in">Sign in</Link>
                  <Link href="/sign-up" className="rounded bg-brand px-3 py-1.5 text-white">
                    Sign up
                  </Link>
                </>
              )}
            </nav>
          </header>
          <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
