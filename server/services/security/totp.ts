import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30 s steps. */
const PERIOD_S = 30;
const DIGITS = 6;
const ISSUER = 'PrimeTrade';
/** ±1 step: a code typed just before or after its 30 s window still counts. */
const WINDOW = 1;

/** A new 160-bit secret (RFC 4226's recommended length), base32 as apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secret: string, account: string): string {
  return totpFor(secret, account).toString();
}

/** The time step a valid code belongs to, or null when the code is wrong at `nowMs`. */
export function matchingStep(secret: string, code: string, nowMs: number): number | null {
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), digits: DIGITS, period: PERIOD_S, timestamp: nowMs, window: WINDOW });
  return delta === null ? null : TOTP.counter({ period: PERIOD_S, timestamp: nowMs }) + delta;
}

/** The code at a moment (tests compute codes the way an authenticator app does). */
export function totpCode(secret: string, nowMs: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), digits: DIGITS, period: PERIOD_S, timestamp: nowMs });
}

function totpFor(secret: string, account: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: account, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_S, secret: Secret.fromBase32(secret) });
}
