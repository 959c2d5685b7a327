import { createHash } from 'node:crypto';

/** Hash of an event's content in a canonical form (object keys sorted), hex SHA-256. */
export function contentHash(type: string, occurredAt: string, data: unknown): string {
  return createHash('sha256').update(canonicalJson([type, occurredAt, data])).digest('hex');
}

/** JSON with object keys sorted at every depth, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
