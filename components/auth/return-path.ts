/**
 * Where to go after signing in: the page the visitor asked for, when it is a path on this site. Anything else
 * (another origin, `//host`, a backslash trick) falls back to the dashboard, so the parameter cannot be used
 * to send someone off-site.
 */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/dashboard';
  return next;
}

/** The sign-in address that comes back to `path` afterwards. */
export function signInHref(path: string): string {
  return `/sign-in?next=${encodeURIComponent(path)}`;
}
