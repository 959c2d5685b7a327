import { createHash, randomBytes } from 'node:crypto';
import type { Period } from '../aggregate/periods';
import type { Clock } from '../clock';
import type { Identity } from '../identity/identity';

/** What a ticket was issued for: who asked, and the scope and period already checked for them. */
export interface TicketGrant {
  identity: Identity;
  scope: string;
  period: Period;
}

/** What redeeming a ticket gives: its grant, or why there is none. */
export type Redeemed = { ok: true; grant: TicketGrant } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/** How long a ticket is kept after it expired, to tell "expired" or "used" from "unknown". */
const REMEMBER_MS = 10 * 60_000;

/**
 * Single-use, short-lived tickets for the printable report, which a new browser tab opens
 * without the session's token. A ticket is 256 random bits; only its SHA-256 is kept, so a
 * memory dump does not hand out live tickets. In memory, per node: a ticket is redeemed on the
 * node that issued it.
 */
export class ReportTickets {
  private readonly byHash = new Map<string, { grant: TicketGrant; expiresAt: number; used: boolean }>();

  constructor(
    private readonly clock: Clock,
    /** Lifetime of a ticket (ms). */
    readonly ttlMs = 60_000,
  ) {}

  /** A new ticket for `grant`, and when it expires (ms since the epoch). */
  issue(grant: TicketGrant): { ticket: string; expiresAt: number } {
    this.sweep();
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.clock.now() + this.ttlMs;
    this.byHash.set(hash(ticket), { grant, expiresAt, used: false });
    return { ticket, expiresAt };
  }

  /** The grant of a ticket, once: a second redemption, or one after expiry, is refused. */
  redeem(ticket: string): Redeemed {
    this.sweep();
    const entry = this.byHash.get(hash(ticket));
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.used) return { ok: false, reason: 'used' };
    if (this.clock.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    entry.used = true;
    return { ok: true, grant: entry.grant };
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [h, e] of this.byHash) if (now >= e.expiresAt + REMEMBER_MS) this.byHash.delete(h);
  }
}

function hash(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}
