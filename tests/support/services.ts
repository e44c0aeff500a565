/**
 * Real Postgres / Redis for service tests, when the environment provides them. Suites call
 * `describe.skipIf(!services.postgres)` and the skip is announced once, so `npm test` says what it skipped.
 */
export const services = {
  postgres: process.env.TEST_DATABASE_URL || undefined,
  redis: process.env.TEST_REDIS_URL || undefined,
};

const announced = new Set<string>();

export function announceSkip(what: keyof typeof services, suite: string): void {
  if (services[what] || announced.has(suite)) return;
  announced.add(suite);
  const variable = what === 'postgres' ? 'TEST_DATABASE_URL' : 'TEST_REDIS_URL';
  console.warn(`[skipped] ${suite}: ${variable} is not set`);
}
