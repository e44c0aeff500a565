export const dynamic = 'force-dynamic';

/** Liveness: the process answers. No dependencies are checked (that is /api/ready). */
export function GET() {
  return Response.json(
    { status: 'ok', uptimeSeconds: Math.round(process.uptime()) },
    { headers: { 'cache-control': 'no-store' } },
  );
}
