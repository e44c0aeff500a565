const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's x-request-id when it is a sane token, else a new one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && SAFE_ID.test(given) ? given : crypto.randomUUID();
}
