import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { at, incident, ingest, move } from '../support/kpi-fixture';

const clock = new ManualClock(Date.parse(at('08:00')));
let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer({ clock });
});
afterAll(async () => {
  await running.stop();
});

async function reminders(): Promise<{ id: string; occurredAt: string; data: { kind: string; deadlineKind: string; deadline: string } }[]> {
  const all = await running.server.store.readAfter(0, 10_000);
  return all.filter((e) => e.type === 'workorder.reminded') as never;
}

describe('overtime reminders (超时提醒), driven by the clock', () => {
  it('fire once when an order becomes at risk and once when it becomes overdue, again after an extension', async () => {
    // Dispatched at 08:00 (street): accept by 20:00 (at risk from 17:36).
    await ingest(running, [incident('R1', '07:50'), move('WOR', 'R1', 'dispatched', '08:00')]);
    clock.set(Date.parse(at('17:35')));
    expect(await running.server.reminders.tick()).toBe(0);
    clock.set(Date.parse(at('17:36')));
    expect(await running.server.reminders.tick()).toBe(1);
    expect(await running.server.reminders.tick()).toBe(0); // once
    clock.set(Date.parse(at('20:00')));
    expect(await running.server.reminders.tick()).toBe(0); // at the deadline: not yet overdue
    clock.set(Date.parse(at('20:00')) + 1);
    expect(await running.server.reminders.tick()).toBe(1);
    expect((await reminders()).map((r) => [r.data.kind, r.data.deadlineKind])).toEqual([
      ['at-risk', 'acceptance'],
      ['overdue', 'acceptance'],
    ]);
    // The reminder is dated when it became due, not when it was noticed.
    expect(Date.parse((await reminders())[0]!.occurredAt)).toBe(Date.parse(at('17:36')));

    // Accepted late, then extended to 2026-11-25 08:00: the resolution deadline's reminders are new.
    await ingest(running, [
      move('WOR', 'R1', 'accepted', '2026-11-23T20:30:00+08:00'),
      move('WOR', 'R1', 'extended', '2026-11-23T21:00:00+08:00', { deadline: at('2026-11-25T08:00:00+08:00') }),
    ]);
    clock.set(Date.parse(at('2026-11-24T12:00:00+08:00')));
    expect(await running.server.reminders.tick()).toBe(0);
    // The window runs from the latest dispatch (08:00 on the 23rd) to 08:00 on the 25th: 48 h; 80 % is
    // 38.4 h, so the order is at risk from 22:24 on the 24th.
    clock.set(Date.parse(at('2026-11-24T22:24:00+08:00')));
    expect(await running.server.reminders.tick()).toBe(1);
    const last = (await reminders()).at(-1)!;
    expect(last.data).toMatchObject({ kind: 'at-risk', deadlineKind: 'resolution' });
    expect(Date.parse(last.data.deadline)).toBe(Date.parse(at('2026-11-25T08:00:00+08:00')));
  });

  it('never fires for closed orders', async () => {
    await ingest(running, [
      incident('R2', '2026-11-24T22:30:00+08:00'),
      move('WOC', 'R2', 'dispatched', '2026-11-24T22:31:00+08:00'),
      move('WOC', 'R2', 'accepted', '2026-11-24T22:32:00+08:00'),
      move('WOC', 'R2', 'handling', '2026-11-24T22:33:00+08:00'),
      move('WOC', 'R2', 'resolved', '2026-11-24T22:34:00+08:00'),
      move('WOC', 'R2', 'verified', '2026-11-24T22:35:00+08:00'),
      move('WOC', 'R2', 'closed', '2026-11-24T22:36:00+08:00'),
    ]);
    clock.set(Date.parse(at('2026-12-10T00:00:00+08:00')));
    await running.server.reminders.tick();
    expect((await reminders()).filter((r) => r.id.includes('WOC'))).toEqual([]);
  });
});
