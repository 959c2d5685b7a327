import type { AuditPage } from '@protocol/audit';
import { apiFetch } from '../services/api';

/** The auditor's filter as the view holds it (dates as `YYYY-MM-DD`, read in the browser's zone). */
export interface AuditFilterInput {
  fromDate: string;
  toDate: string;
  user: string;
  action: string;
}

/** The query string of a filter and page (`to` is the end of the chosen day). */
export function auditQueryString(f: AuditFilterInput, page?: { limit: number; offset: number }): string {
  const q = new URLSearchParams();
  if (f.fromDate) q.set('from', new Date(`${f.fromDate}T00:00:00`).toISOString());
  if (f.toDate) q.set('to', new Date(new Date(`${f.toDate}T00:00:00`).getTime() + 86_400_000).toISOString());
  if (f.user.trim()) q.set('user', f.user.trim());
  if (f.action.trim()) q.set('action', f.action.trim());
  if (page) {
    q.set('limit', String(page.limit));
    q.set('offset', String(page.offset));
  }
  return q.toString();
}

/** One page of the trail, newest first. */
export async function fetchAuditPage(f: AuditFilterInput, page: { limit: number; offset: number }): Promise<AuditPage> {
  const res = await apiFetch(`/api/audit?${auditQueryString(f, page)}`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as AuditPage;
}

/** Downloads the filtered trail as CSV (the server records the export with its SHA-256). */
export async function downloadAuditCsv(f: AuditFilterInput): Promise<void> {
  const res = await apiFetch(`/api/audit.csv?${auditQueryString(f)}`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `audit-trail-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Ends this browser's session on the server. */
export async function signOut(): Promise<void> {
  await apiFetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
}
