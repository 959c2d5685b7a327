import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { WorkorderRemindedData } from '@protocol/workorder';
import type { Clock } from '../clock';
import type { ReadDb } from '../projections/read-db';
import { openOrderWhere } from '../projections/schema';
import type { EventStore, NewEvent } from '../store/event-store';
import type { Engine } from './engine';
import type { FoldedWorkOrder } from './workorder/fold-work-order';
import { OPEN_STATES } from './workorder/lifecycle';
import { dueReminders } from './workorder/reminders';
import { AT_RISK_FRACTION } from './workorder/deadlines';

/**
 * Writes `workorder.reminded` events (超时提醒) when open orders become at risk or overdue, once
 * each per deadline, driven by the injected clock. A reminder's id and content follow from the
 * order alone (its `occurredAt` is when it became due, not when it was noticed), so several
 * nodes, or a restart, write the same event and the log keeps one.
 */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly deps: { db: ReadDb; store: EventStore; engine: Engine; folded(id: string): FoldedWorkOrder; clock: Clock; logger: Logger },
  ) {}

  /** Checks every `intervalMs` (real time). */
  start(intervalMs = 15_000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Writes the reminders due now; returns how many were new. */
  tick(): Promise<number> {
    this.running = this.running.then(() => this.check()).catch((err: unknown) => {
      this.deps.logger.error({ err }, 'reminder check failed');
      return 0;
    });
    return this.running;
  }

  private async check(): Promise<number> {
    const { db, folded, clock } = this.deps;
    await this.deps.engine.catchUp();
    const now = clock.now();
    // Open orders whose current deadline's at-risk instant has come (the exact judgement follows).
    const rows = db.all<{ work_order_id: string }>(
      `SELECT work_order_id FROM p_workorders WHERE ${openOrderWhere()}
       AND latest_dispatch_at + ? * ((CASE WHEN state = 'dispatched' THEN acceptance_deadline ELSE resolution_deadline END) - latest_dispatch_at) <= ?`,
      [...OPEN_STATES, AT_RISK_FRACTION, now],
    );
    const events: NewEvent[] = [];
    for (const { work_order_id: id } of rows) {
      const sent = new Set(db.all<{ reminder_key: string }>('SELECT reminder_key FROM p_reminders WHERE work_order_id = ?', [id]).map((r) => r.reminder_key));
      for (const r of dueReminders(folded(id), now, sent)) {
        const data: WorkorderRemindedData = { workOrderId: id, key: r.key, kind: r.kind, deadlineKind: r.deadlineKind, deadline: new Date(r.deadline).toISOString() };
        const occurredAt = new Date(r.dueAt).toISOString();
        events.push({
          id: `reminder:${id}:${r.key}`,
          type: 'workorder.reminded',
          occurredAt,
          data,
          hash: createHash('sha256').update(JSON.stringify(['workorder.reminded', occurredAt, data])).digest('hex'),
        });
      }
    }
    if (events.length === 0) return 0;
    let result = await this.deps.store.append(events);
    if (!result.ok) {
      // Another node wrote one of these reminders first, dated from a fold that had not yet seen
      // the same moves as ours (say, a re-dispatch keeping the deadline): the log keeps the first,
      // and the rest of the batch still goes in.
      const taken = new Set(result.conflicts);
      this.deps.logger.info({ reminders: result.conflicts }, 'reminders already written by another node with other dates; kept theirs');
      const rest = events.filter((e) => !taken.has(e.id));
      if (rest.length === 0) return 0;
      result = await this.deps.store.append(rest);
      if (!result.ok) throw new Error(`reminders conflict with stored events: ${result.conflicts.join(', ')}`);
    }
    await this.deps.engine.feed(result.accepted);
    return result.accepted.length;
  }
}
