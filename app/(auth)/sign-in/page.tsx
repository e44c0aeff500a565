import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { auth } from '@/server/auth';
import { githubAuthEnabled } from '@/server/env';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if ((await auth())?.user) redirect('/dashboard');
  const { error } = await searchParams;
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInForm githubEnabled={githubAuthEnabled} initialError={error} />
      <p className="text-sm text-zinc-500">
        New here?{' '}
        <Link href="/sign-up" className="text-brand underline">
          Create an account
        </Link>
      </p>
    </section>
  );
}
