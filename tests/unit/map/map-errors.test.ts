import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorEvent } from 'maplibre-gl';
import { reportMapError } from '../../../web/map/map-errors';

afterEach(() => vi.restoreAllMocks());

function mapError(error: Error, sourceId?: string): ErrorEvent & { sourceId?: string } {
  return { type: 'error', error, ...(sourceId === undefined ? {} : { sourceId }) } as ErrorEvent & { sourceId?: string };
}

describe('reportMapError', () => {
  it('reports a source that failed to load as a warning naming the source', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    reportMapError(mapError(new TypeError('Failed to fetch'), 'buildings'));
    expect(warn).toHaveBeenCalledWith('map source buildings: Failed to fetch');
    expect(error).not.toHaveBeenCalled();
  });

  it('keeps any other map failure an error', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = new Error('style is invalid');
    reportMapError(mapError(failure));
    expect(error).toHaveBeenCalledWith(failure);
  });
});
