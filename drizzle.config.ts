import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema (`npm run db:generate`) and applied at start-up by the app, and at
// deploy time by `drizzle-kit migrate` (scripts/migrate-deploy.mjs) against DATABASE_URL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
  ...(process.env.DATABASE_URL ? { dbCredentials: { url: process.env.DATABASE_URL } } : {}),
});
