import { defineStore } from 'pinia';
import { ref } from 'vue';
import { onUnauthorized } from '../services/api';
import { clearSession, storedSession } from '../services/session';
import { appSocket } from '../services/socket';

/** Wait before retrying a handshake the server refused for a reason other than the token. */
const RETRY_MS = 5000;

/**
 * What the screen does when its token is refused (HTTP 401 or a refused socket handshake): a
 * person goes back to `/login`; a wall, which has no keyboard, shows a full-screen notice until
 * someone signs it in again with a new display token. Owns the socket's `connect_error`.
 */
export const useSessionStore = defineStore('session', () => {
  /** Why the wall's display token was refused (the server's words); `undefined` while it is accepted. */
  const displayRefused = ref<string | undefined>();
  let started = false;

  function refused(message: string): void {
    if (storedSession()?.kind !== 'display') {
      clearSession();
      window.location.assign(`/login${window.location.search}`);
      return;
    }
    displayRefused.value = message;
  }

  /** Starts listening (once) for refusals from the API and the socket. */
  function start(): void {
    if (started) return;
    started = true;
    onUnauthorized(refused);
    const socket = appSocket();
    socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: { error?: unknown } }).data;
      if (data?.error === 'unauthorized') {
        refused(err.message);
        return;
      }
      // socket.io does not retry after a refusal by the server (e.g. it could not check the
      // token just then); an unattended wall must, so retry here. Network errors retry by themselves.
      if (!socket.active) setTimeout(() => socket.connect(), RETRY_MS);
    });
  }

  return { displayRefused, start };
});
