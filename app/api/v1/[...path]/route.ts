import { createNodeContext } from '@/server/api/context';
import { handleRest } from '@/server/rest/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ path: string[] }> };

async function handler(req: Request, { params }: RouteContext) {
  const { path } = await params;
  return handleRest(req, `/${path.join('/')}`, createNodeContext);
}

export { handler as GET, handler as POST, handler as PATCH, handler as DELETE, handler as PUT };
