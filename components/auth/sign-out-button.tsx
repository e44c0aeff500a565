/**
 * The sign-out form. The action is the page's server action (app/layout.tsx), so this component stays
 * free of server imports: Auth.js clears the cookie there and our signOut event revokes the session id.
 */
export function SignOutButton({ signOutAction }: { signOutAction: () => Promise<void> }) {
  return (
    <form action={signOutAction}>
      <button type="submit" className="rounded border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
        Sign out
      </button>
    </form>
  );
}
