import { storedSession } from './session';

/** A request refused with 401: the token is missing, expired or revoked. */
export class UnauthorizedError extends Error {}

let unauthorizedHandler: ((message: string) => void) | undefined;

/** Who reacts to a 401 (the session store: back to `/login`, or the wall's notice). */
export function onUnauthorized(handler: (message: string) => void): void {
  unauthorizedHandler = handler;
}

/** Tells the registered handler that the server refused the token. */
export function reportUnauthorized(message: string): void {
  unauthorizedHandler?.(message);
}

/**
 * `fetch` for the app's own API: adds `Authorization: Bearer <token>`, and turns a 401 into
 * `UnauthorizedError` after telling the handler.
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const session = storedSession();
  if (session) headers.set('Authorization', `Bearer ${session.token}`);
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) {
    const body = (await res.json().catch(() => undefined)) as { message?: string } | undefined;
    const message = body?.message ?? 'unauthorized';
    reportUnauthorized(message);
    throw new UnauthorizedError(message);
  }
  return res;
}

/** GETs JSON from the API; throws on any status but 2xx. */
export async function apiJson<T>(path: string, what: string): Promise<T> {
  const res = await apiFetch(path);
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * For maplibre's `transformRequest`: its own requests (boundaries, tiles) to this server carry
 * the token too; requests elsewhere are left alone (the token never leaves the origin).
 */
export function authorizeRequest(url: string): { url: string; headers?: Record<string, string> } | undefined {
  const session = storedSession();
  if (!session || new URL(url, window.location.href).origin !== window.location.origin) return undefined;
  return { url, headers: { Authorization: `Bearer ${session.token}` } };
}
