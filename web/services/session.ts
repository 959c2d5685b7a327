import type { LoginResponse } from '@protocol/auth';
/**
 * The token this browser signs in with, kept in localStorage: a person's login token (from
 * `/login`) or a wall's display token (from `/?display=TOKEN`, adopted once). Services read it
 * for every request and the socket's handshake.
 */
export interface StoredSession {
  token: string;
  kind: 'user' | 'display';
}

const KEY = 'grid-command-center.session';

export function storedSession(): StoredSession | undefined {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<StoredSession> | null;
    if (parsed && typeof parsed.token === 'string' && (parsed.kind === 'user' || parsed.kind === 'display')) return { token: parsed.token, kind: parsed.kind };
  } catch {
    // A damaged entry is the same as none.
  }
  return undefined;
}

export function saveSession(session: StoredSession): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/**
 * Keeps a wall's display token and removes it from the address bar (and so from the history and
 * from anyone reading the screen), so the wall needs no keyboard from then on.
 */
export function adoptDisplayToken(token: string): void {
  saveSession({ token, kind: 'display' });
  const url = new URL(window.location.href);
  url.searchParams.delete('display');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/** The answer of `POST /api/auth/login`. */
export type LoginAnswer = LoginResponse;

/** Why a sign-in did not succeed, for the login page to say. */
export type LoginFailure = 'failed' | 'throttled' | 'missing' | 'unreachable';

/** Signs in; on success the token is kept for this browser. */
export async function signIn(username: string, password: string): Promise<{ ok: true; answer: LoginAnswer } | { ok: false; failure: LoginFailure }> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return { ok: false, failure: 'unreachable' };
  }
  if (res.status === 401) return { ok: false, failure: 'failed' };
  if (res.status === 429) return { ok: false, failure: 'throttled' };
  if (res.status === 400) return { ok: false, failure: 'missing' };
  if (!res.ok) return { ok: false, failure: 'unreachable' };
  const answer = (await res.json()) as LoginAnswer;
  saveSession({ token: answer.token, kind: 'user' });
  return { ok: true, answer };
}
