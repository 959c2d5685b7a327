import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock';
import { ReportTickets, type TicketGrant } from '../../../server/reports/report-tickets';

const GRANT: TicketGrant = { identity: { kind: 'user', username: 'lisi', role: 'analyst', scope: '320612' }, scope: '320612', period: { from: 0, to: 86_400_000 } };

describe('ReportTickets', () => {
  it('redeems a ticket once, before it expires', () => {
    const clock = new ManualClock(1_000_000);
    const tickets = new ReportTickets(clock);
    const { ticket, expiresAt } = tickets.issue(GRANT);
    expect(expiresAt).toBe(1_060_000);
    expect(ticket).toMatch(/^[\w-]{43}$/);
    expect(tickets.redeem(ticket)).toEqual({ ok: true, grant: GRANT });
    expect(tickets.redeem(ticket)).toEqual({ ok: false, reason: 'used' });
  });

  it('refuses a ticket at its expiry, and forgets it later (then it is unknown)', () => {
    const clock = new ManualClock(0);
    const tickets = new ReportTickets(clock, 60_000);
    const { ticket } = tickets.issue(GRANT);
    clock.advance(60_000);
    expect(tickets.redeem(ticket)).toEqual({ ok: false, reason: 'expired' });
    clock.advance(10 * 60_000);
    expect(tickets.redeem(ticket)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('issues a different ticket each time, and knows none it did not issue', () => {
    const tickets = new ReportTickets(new ManualClock(0));
    const a = tickets.issue(GRANT).ticket;
    const b = tickets.issue(GRANT).ticket;
    expect(a).not.toBe(b);
    expect(tickets.redeem(`${a.slice(0, -1)}${a.endsWith('A') ? 'B' : 'A'}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(tickets.redeem(b).ok).toBe(true);
  });
});
