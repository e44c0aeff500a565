import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tasks } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { sendTaskReminders } from '@/server/services/notifications/task-reminders';
import { createUser } from '../../support/accounts';
import { callerFor } from '../../support/caller';
import { createTestInfra } from '../../support/infra';
import { manualClock } from '../../support/trading';

const HOUR = 3_600_000;
let infra: Infra;
let clock: ReturnType<typeof manualClock>;
let alice: SessionUser;
let bob: SessionUser;

beforeEach(async () => {
  clock = manualClock();
  infra = await createTestInfra({ clock: clock.clock });
  alice = await createUser(infra, 'Alice');
  bob = await createUser(infra, 'Bob');
});
afterEach(async () => infra.close());

const titles = async (user: SessionUser) => (await callerFor(infra, user).notifications.list()).data.map((n) => n.title).sort();

describe('task reminders', () => {
  it('sends "due soon" within the lead and "overdue" after the due time, each exactly once, to the owner', async () => {
    const now = clock.now();
    await infra.db.insert(tasks).values([
      { ownerId: alice.id, title: 'soon', dueAt: new Date(now + 30 * 60_000) },
      { ownerId: alice.id, title: 'later', dueAt: new Date(now + 3 * HOUR) },
      { ownerId: alice.id, title: 'late', dueAt: new Date(now - 10 * 60_000) },
      { ownerId: alice.id, title: 'finished', dueAt: new Date(now + 10 * 60_000), status: 'done' },
      { ownerId: bob.id, title: 'bob soon', dueAt: new Date(now + 5 * 60_000) },
    ]);
    expect(await sendTaskReminders(infra, HOUR)).toEqual({ dueSoon: 2, overdue: 1 });
    expect(await titles(alice)).toEqual(['Due soon: soon', 'Overdue: late']);
    expect(await titles(bob)).toEqual(['Due soon: bob soon']);

    // A second sweep (or a second instance, or a restart) sends nothing new.
    expect(await sendTaskReminders(infra, HOUR)).toEqual({ dueSoon: 0, overdue: 0 });

    clock.advance(2 * HOUR + 30 * 60_000);
    await sendTaskReminders(infra, HOUR);
    expect(await titles(alice)).toEqual(['Due soon: later', 'Due soon: soon', 'Overdue: late', 'Overdue: soon']);
    expect((await callerFor(infra, alice).notifications.list()).data.every((n) => n.kind === 'task_reminder')).toBe(true);
  });

  it('a new due date gets its own reminders', async () => {
    const api = callerFor(infra, alice);
    const task = await api.tasks.create({ title: 'report', dueAt: new Date(clock.now() + 20 * 60_000) });
    await sendTaskReminders(infra, HOUR);
    await api.tasks.update({ id: task.id, dueAt: new Date(clock.now() + 40 * 60_000) });
    await sendTaskReminders(infra, HOUR);
    expect(await titles(alice)).toEqual(['Due soon: report', 'Due soon: report']);
  });
});
