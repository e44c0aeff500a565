import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { API_KEY_SCOPES } from '../../contracts/enums';

export const apiKeyScope = pgEnum('api_key_scope', API_KEY_SCOPES);
export type ApiKeyScope = (typeof apiKeyScope.enumValues)[number];

/** Keys for machine clients. Only a SHA-256 of the secret is stored; the secret is shown once. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the secret, to recognise a key in lists. */
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: apiKeyScope('scopes').array().notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('api_keys_secret_hash_key').on(t.secretHash), index('api_keys_user_id_idx').on(t.userId, t.createdAt)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
