import { createNodeContext } from '@/server/api/context';
import { handleRest } from '@/server/rest/handler';
import { createResponseCache } from '@/server/rest/response-cache';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ path: string[] }> };

/** This process's copy of public answers (operations marked `publicCache`), shared by every request. */
const responseCache = createResponseCache();

async function handler(req: Request, { params }: RouteContext) {
  const { path } = await params;
  return handleRest(req, `/${path.join('/')}`, createNodeContext, responseCache);
}

export { handler as GET, handler as POST, handler as PATCH, handler as DELETE, handler as PUT };
