import type { Clock } from '../clock';

/** Failed sign-ins allowed per username from one address, and per address in all, within `WINDOW_MS`. */
const MAX_PER_USERNAME = 10;
const MAX_PER_SOURCE = 50;
const WINDOW_MS = 15 * 60_000;
/** Keys remembered at most; beyond, the oldest are dropped (a flood must not exhaust memory). */
const MAX_KEYS = 20_000;

/**
 * Slows password guessing: after too many failures for one username from one address, or from
 * one address in all, within a window, sign-ins from that address are refused (429) until the
 * window has passed. Keyed by address, so a guesser elsewhere cannot lock a duty officer out.
 * In memory, per node.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Milliseconds until a sign-in of `username` from `source` may be tried, 0 if it may now. */
  retryAfterMs(username: string, source: string): number {
    const now = this.clock.now();
    const wait = (key: string, max: number): number => {
      const times = this.recent(key, now);
      return times.length >= max ? times[times.length - max]! + WINDOW_MS - now : 0;
    };
    return Math.max(wait(userKey(username, source), MAX_PER_USERNAME), wait(sourceKey(source), MAX_PER_SOURCE));
  }

  failed(username: string, source: string): void {
    const now = this.clock.now();
    for (const key of [userKey(username, source), sourceKey(source)]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.delete(key); // re-insert: the map's order is then least recently failed first
      this.failures.set(key, times);
    }
    while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value as string);
  }

  /** A successful sign-in clears the username's failures from that address (not the address's). */
  succeeded(username: string, source: string): void {
    this.failures.delete(userKey(username, source));
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
  }
}

function userKey(username: string, source: string): string {
  return `u:${source}:${username.toLowerCase()}`;
}

function sourceKey(source: string): string {
  return `s:${source}`;
}
