import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tasks, type TaskPriority } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { createUser } from '../../support/accounts';
import { callerFor } from '../../support/caller';
import { createTestInfra } from '../../support/infra';

let infra: Infra;
let alice: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  alice = await createUser(infra, 'Alice');
});
afterEach(async () => infra.close());

const PRIORITIES: TaskPriority[] = ['low', 'medium', 'high'];
const dueOf = (i: number) => (i % 4 === 0 ? null : new Date(Date.UTC(2030, 0, 1 + (i % 5))));

describe('task pagination under concurrent inserts', () => {
  it.each([
    ['createdAt', 'desc'],
    ['createdAt', 'asc'],
    ['dueAt', 'asc'],
    ['dueAt', 'desc'],
    ['priority', 'desc'],
  ] as const)('returns every existing task exactly once (sort %s %s)', async (sort, dir) => {
    // One statement: all 240 share created_at, and due dates and priorities repeat — ties everywhere.
    const seeded = await infra.db
      .insert(tasks)
      .values(
        Array.from({ length: 240 }, (_, i) => ({
          ownerId: alice.id,
          title: `seed ${i}`,
          priority: PRIORITIES[i % 3]!,
          dueAt: dueOf(i),
        })),
      )
      .returning({ id: tasks.id });

    const api = callerFor(infra, alice);
    const seen: string[] = [];
    let cursor: string | undefined;
    let inserted = 0;
    do {
      // Each page is read while other tasks are being created, before, between and after its rows.
      const [page] = await Promise.all([
        api.tasks.list({ sort, dir, limit: 17, cursor }),
        ...Array.from({ length: 3 }, () => {
          const i = inserted++;
          return api.tasks.create({ title: `new ${i}`, priority: PRIORITIES[(i * 7) % 3], dueAt: dueOf(i * 3) });
        }),
      ]);
      seen.push(...page.data.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    const seenSet = new Set(seen);
    expect(seeded.filter((t) => !seenSet.has(t.id))).toEqual([]);
    expect(inserted).toBeGreaterThan(40);
  });
});
