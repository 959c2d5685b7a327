/**
 * The state that access control keeps beside the accounts, shared by every node:
 *
 * - session: one sign-in. A login token names its session (`sid`); the session ends at logout,
 *   when it has been idle longer than allowed, or when its account is disabled. Times are
 *   milliseconds since the epoch.
 * - login failures: failed sign-ins of a username (known or not, so the answer does not reveal
 *   which usernames exist); `LOCKOUT.max` of them, each within `LOCKOUT.windowMs` of the one
 *   before, lock the username for `LOCKOUT.lockMs`.
 * - right: a permission beyond the role, granted to one account by the security officer; today
 *   only `unmask` (to see one personal record in clear, with a reason).
 */
export interface Session {
  id: string;
  username: string;
  createdAt: number;
  lastActiveAt: number;
  endedAt: number | undefined;
  /** `logout`, `idle`, `disabled`. */
  endReason: string | undefined;
}

export const RIGHTS = ['unmask'] as const;
export type Right = (typeof RIGHTS)[number];

export interface RightGrant {
  username: string;
  right: Right;
  grantedBy: string;
  grantedAt: number;
}

/** Lockout policy (MLPS level 3's usual bar: 5 failures lock for 15 minutes). */
export const LOCKOUT = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;
export type LockoutPolicy = { max: number; windowMs: number; lockMs: number };

export interface SecurityStore {
  createSession(s: { id: string; username: string; at: number }): Promise<void>;
  findSession(id: string): Promise<Session | undefined>;
  /** Records activity at `at` (only ever moves forward). */
  touchSession(id: string, at: number): Promise<void>;
  /** Ends a session that is still open; false if unknown or already ended. */
  endSession(id: string, at: number, reason: string): Promise<boolean>;
  /** Ends every open session of `username`; returns how many. */
  endSessionsOf(username: string, at: number, reason: string): Promise<number>;

  /** Counts a failed sign-in at `at`; returns the lock's end when this failure (or an earlier one) locks the username. */
  noteLoginFailure(username: string, at: number, policy: LockoutPolicy): Promise<number | undefined>;
  /** The end of the username's lock if it is locked at `at`. */
  lockedUntil(username: string, at: number): Promise<number | undefined>;
  /** A successful sign-in forgets the failures. */
  clearLoginFailures(username: string): Promise<void>;

  /** Grants; false if the account holds it already. */
  grantRight(g: RightGrant): Promise<boolean>;
  /** Withdraws; false if the account did not hold it. */
  withdrawRight(username: string, right: Right): Promise<boolean>;
  rightsOf(username: string): Promise<Right[]>;
  /** Every grant, for the security officer's overview. */
  listGrants(): Promise<RightGrant[]>;
}

/**
 * The failure count after one more failure at `at`, and the lock it causes: shared by both
 * backends, which call it inside a transaction holding the row.
 */
export function nextFailureState(
  row: { failures: number; lastFailureAt: number; lockedUntil: number | undefined } | undefined,
  at: number,
  policy: LockoutPolicy,
): { failures: number; lastFailureAt: number; lockedUntil: number | undefined } {
  if (row?.lockedUntil !== undefined && row.lockedUntil > at) return row; // already locked: not extended by more tries
  const failures = row !== undefined && at - row.lastFailureAt <= policy.windowMs ? row.failures + 1 : 1;
  if (failures >= policy.max) return { failures: 0, lastFailureAt: at, lockedUntil: at + policy.lockMs };
  return { failures, lastFailureAt: at, lockedUntil: undefined };
}
