import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { auth } from './index';

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo` afterwards. */
export async function requireUser(returnTo: string) {
  const session = await auth();
  if (!session?.user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return session.user;
}

/** For admin pages: non-admins get a 404, so the page's existence is not advertised. */
export async function requireAdmin() {
  const user = await requireUser('/admin');
  if (user.role !== 'admin') notFound();
  return user;
}
