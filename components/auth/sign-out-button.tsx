import { signOut } from '@/server/auth';

/** Signs out server-side: Auth.js clears the cookie and our signOut event revokes the session id. */
export function SignOutButton() {
  return (
    <form
      action={async () => {
        'use server';
        await signOut({ redirectTo: '/sign-in' });
      }}
    >
      <button type="submit" className="rounded border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
        Sign out
      </button>
    </form>
  );
}
