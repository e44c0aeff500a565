import { createServer, type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { createUpstashRateLimiter } from '@/server/infra/ratelimit/upstash';
import { createUpstashClient } from '@/server/infra/upstash/client';
import type { RateLimiter } from '@/server/infra/ratelimit/types';
import { assertLoginAllowed, assertRateLimit } from '@/server/services/rate-limit/assert';
import { POLICIES, type PolicyName } from '@/server/services/rate-limit/policies';

const quiet = { warn: () => {}, error: () => {} };

// Sign-in, second factor, registration and password reset refuse when their limit cannot be checked; the rest allow.
const REFUSING: PolicyName[] = ['auth:login', 'auth:login-ip', 'auth:otp', 'auth:reset', 'auth:register'];

describe('rate limits while the limiter is down (Upstash client on a closed port)', () => {
  let limiter: RateLimiter;
  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const redis = createUpstashClient({ url: `http://127.0.0.1:${port}`, token: 't', log: quiet });
    limiter = createUpstashRateLimiter(redis, '', quiet);
  });

  it('every policy states its failure mode, and the refusing ones are exactly the sign-in family', () => {
    const refusing = Object.values(POLICIES).filter((p) => p.whenUnavailable === 'refuse').map((p) => p.name);
    expect(refusing.sort()).toEqual([...REFUSING].sort());
  });

  it.each(Object.keys(POLICIES) as PolicyName[])('%s: refuses with a 503 RATE_LIMIT_UNAVAILABLE or lets through — never a 429', async (policy) => {
    const headers = new Headers();
    const outcome = await assertRateLimit(limiter, policy, 'ip:203.0.113.9', headers).catch((e: unknown) => e);
    if (REFUSING.includes(policy)) {
      expect(outcome).toBeInstanceOf(AppError);
      expect(outcome).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'RATE_LIMIT_UNAVAILABLE',
        details: { dependency: 'rate-limit', policy },
      });
      expect((outcome as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } else {
      expect(outcome).toMatchObject({ success: true, limit: POLICIES[policy].limit });
      // No invented figures when nothing was counted.
      expect(headers.get('x-ratelimit-remaining')).toBeNull();
    }
  });

  it('sign-in (assertLoginAllowed) is refused as unavailable, not as too many attempts', async () => {
    await expect(assertLoginAllowed(limiter, 'a@example.com', '203.0.113.9')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'RATE_LIMIT_UNAVAILABLE',
    });
  });
});
