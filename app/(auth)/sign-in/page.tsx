import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { safeReturnPath } from '@/components/auth/return-path';
import { SignInForm } from '@/components/auth/sign-in-form';
import { auth } from '@/server/auth';
import { githubAuthEnabled } from '@/server/env';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; next?: string }> }) {
  const { error, next } = await searchParams;
  const returnTo = safeReturnPath(next);
  if ((await auth())?.user) redirect(returnTo);
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInForm githubEnabled={githubAuthEnabled} initialError={error} next={returnTo} />
      <p className="text-sm text-zinc-500">
        New here?{' '}
        <Link href="/sign-up" className="text-brand underline">
          Create an account
        </Link>
      </p>
    </section>
  );
}
