import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { auth } from '@/server/auth';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage() {
  if ((await auth())?.user) redirect('/dashboard');
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Create your account</h1>
      <SignUpForm />
      <p className="text-sm text-zinc-500">
        Already have one?{' '}
        <Link href="/sign-in" className="text-brand underline">
          Sign in
        </Link>
      </p>
    </section>
  );
}
