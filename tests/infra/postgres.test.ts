import { describe } from 'vitest';
import { announceSkip, services } from '../support/services';
import { createScratchPostgres } from '../support/infra';
import { dbContract } from './contracts/db';

// Migrations and the db contract on a real Postgres server (15 in CI), through node-postgres.
announceSkip('postgres', 'db contract on Postgres');
describe.skipIf(!services.postgres)('Postgres service', () => {
  dbContract('node-postgres', () => createScratchPostgres(services.postgres!));
});
