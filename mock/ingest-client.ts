import type { IngestEvent, IngestResponse } from '@protocol/index';

/** Sends batches to a server's ingest API, as any upstream system would. */
export type SendBatch = (events: IngestEvent[]) => Promise<IngestResponse>;

/** Thrown when the server refused a batch for its content (4xx other than 429): retrying is useless. */
export class BatchRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`ingest refused the batch: HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

/**
 * A sender for `POST {baseUrl}/api/ingest/events` with an API key. Network errors, 5xx and 429
 * are retried with backoff (ids make retries safe); a refused batch throws `BatchRefused`.
 */
export function httpIngestClient(baseUrl: string, apiKey: string, options: { retries?: number } = {}): SendBatch {
  const url = new URL('/api/ingest/events', baseUrl).toString();
  const retries = options.retries ?? 5;
  return async (events) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
          body: JSON.stringify({ events }),
        });
        const text = await res.text();
        if (res.ok) return JSON.parse(text) as IngestResponse;
        if (res.status !== 429 && res.status < 500) throw new BatchRefused(res.status, text);
        if (attempt >= retries) throw new Error(`ingest failed after ${attempt + 1} attempts: HTTP ${res.status}`);
      } catch (err) {
        if (err instanceof BatchRefused || attempt >= retries) throw err;
      }
      await new Promise((r) => setTimeout(r, Math.min(10_000, 250 * 2 ** attempt)));
    }
  };
}
