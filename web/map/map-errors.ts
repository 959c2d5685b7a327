import type { ErrorEvent } from 'maplibre-gl';

/**
 * What the map reports as an error. A tile or boundary file that fails to load (the server is
 * restarting, the network dropped) is a warning: the header already shows the connection as
 * offline, and the map requests the tile again when it is next in view. Anything else stays an
 * error. Without a listener maplibre prints every one of them with `console.error`.
 */
export function reportMapError(event: ErrorEvent & { sourceId?: string }): void {
  const message = event.error instanceof Error ? event.error.message : String(event.error);
  if (event.sourceId !== undefined) console.warn(`map source ${event.sourceId}: ${message}`);
  else console.error(event.error);
}
