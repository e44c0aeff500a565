import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex of a random token: enough for high-entropy secrets (reset links, recovery codes). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A random URL-safe token of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
