import { buildOpenApiDocument } from '@/server/rest/openapi';

export const dynamic = 'force-static';

export function GET() {
  return Response.json(buildOpenApiDocument());
}
