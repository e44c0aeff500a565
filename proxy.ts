import { NextResponse, type NextRequest } from 'next/server';
import { requestIdFrom } from '@/server/http/request-id';
import type { RestErrorBody } from '@/server/rest/errors';

const isProduction = process.env.NODE_ENV === 'production';

/** A strict CSP with a per-request nonce; Next.js puts the nonce on its own scripts. */
function contentSecurityPolicy(nonce: string): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isProduction ? '' : " 'unsafe-eval'"}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/**
 * True when the path's percent-encoding does not decode (e.g. `%ED%A0%80`, a lone surrogate). Next.js would
 * answer its HTML 400 page after this proxy; an API caller gets the JSON error envelope instead.
 */
function undecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** Request-wide, cheap concerns only: a request id on every request and response, and security headers. */
export function proxy(req: NextRequest) {
  const requestId = requestIdFrom(req.headers);
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);

  let res: NextResponse;
  if (req.nextUrl.pathname.startsWith('/api/') && undecodable(req.nextUrl.pathname)) {
    const body: RestErrorBody = { error: { code: 'BAD_REQUEST', message: 'The path is not valid percent-encoded UTF-8' } };
    res = NextResponse.json(body, { status: 400, headers: { 'cache-control': 'no-store' } });
  } else {
    const headers = new Headers(req.headers);
    headers.set('x-request-id', requestId);
    headers.set('x-nonce', nonce);
    headers.set('content-security-policy', csp);
    res = NextResponse.next({ request: { headers } });
  }

  res.headers.set('x-request-id', requestId);
  res.headers.set('content-security-policy', csp);
  res.headers.set('x-content-type-options', 'nosniff');
  res.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  res.headers.set('x-frame-options', 'DENY');
  if (isProduction) res.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains; preload');
  return res;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
