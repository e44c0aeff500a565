import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { auth } from './index';

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser() {
  const session = await auth();
  if (!session?.user) redirect('/sign-in');
  return session.user;
}

/** For admin pages: non-admins get a 404, so the page's existence is not advertised. */
export async function requireAdmin() {
  const user = await requireUser();
  if (user.role !== 'admin') notFound();
  return user;
}
