import { accountRightsResponse, auditPage, keyPersonPage, unmaskRequest, unmaskResponse } from '@protocol/index';
import type { RouteDoc } from './openapi';

const username = { name: 'username', in: 'path' as const, required: true, description: 'the account', schema: { type: 'string' } };
const right = { name: 'right', in: 'path' as const, required: true, description: 'the right: unmask', schema: { type: 'string', enum: ['unmask'] } };
const paging = [
  { name: 'limit', in: 'query' as const, required: false, description: 'page size', schema: { type: 'integer' } },
  { name: 'offset', in: 'query' as const, required: false, description: 'entries skipped', schema: { type: 'integer' } },
];
const auditFilter = [
  { name: 'from', in: 'query' as const, required: false, description: 'ISO 8601 instant with offset, inclusive', schema: { type: 'string', format: 'date-time' } },
  { name: 'to', in: 'query' as const, required: false, description: 'ISO 8601 instant with offset, exclusive', schema: { type: 'string', format: 'date-time' } },
  { name: 'user', in: 'query' as const, required: false, description: 'the actor exactly as recorded', schema: { type: 'string' } },
  { name: 'action', in: 'query' as const, required: false, description: 'the action, e.g. auth.login', schema: { type: 'string' } },
];

/** The access-control, audit and personal-data endpoints (issue 10), in the generated OpenAPI document. */
export const SECURITY_ROUTES: RouteDoc[] = [
  { method: 'post', path: '/api/auth/logout', summary: 'End the session of this login token; its sockets are dropped', auth: 'bearer', response: { status: 204, description: 'signed out' }, errors: [400, 401] },
  { method: 'get', path: '/api/audit', summary: 'The audit trail, newest first, paged (auditor only)', auth: 'bearer', parameters: [...auditFilter, ...paging], response: { status: 200, name: 'AuditPage', schema: auditPage }, errors: [400, 401, 403] },
  { method: 'get', path: '/api/audit.csv', summary: 'The filtered audit trail as CSV (auditor only); the export is itself audited with its SHA-256', auth: 'bearer', parameters: auditFilter, response: { status: 200, contentType: 'text/csv', description: 'CSV with a BOM' }, errors: [400, 401, 403] },
  { method: 'get', path: '/api/users/{username}/rights', summary: "An account's rights (security officer)", auth: 'bearer', parameters: [username], response: { status: 200, name: 'AccountRights', schema: accountRightsResponse }, errors: [401, 403, 404] },
  { method: 'put', path: '/api/users/{username}/rights/{right}', summary: 'Grant a right (security officer; operational accounts only, never oneself)', auth: 'bearer', parameters: [username, right], response: { status: 201, name: 'AccountRights', schema: accountRightsResponse }, errors: [400, 401, 403, 404] },
  { method: 'delete', path: '/api/users/{username}/rights/{right}', summary: 'Withdraw a right (security officer)', auth: 'bearer', parameters: [username, right], response: { status: 204, description: 'withdrawn' }, errors: [400, 401, 403, 404] },
  { method: 'post', path: '/api/users/{username}/disable', summary: 'Disable an account (its manager; never oneself): sessions end, sockets drop', auth: 'bearer', parameters: [username], response: { status: 204, description: 'disabled' }, errors: [401, 403, 404] },
  {
    method: 'get',
    path: '/api/key-populations',
    summary: 'Key-population records of a scope, names, ID and phone numbers masked (duty, leader, analyst)',
    auth: 'bearer',
    parameters: [{ name: 'scope', in: 'query', required: false, description: 'scope code (default: your own)', schema: { type: 'string' } }, ...paging],
    response: { status: 200, name: 'KeyPersonPage', schema: keyPersonPage },
    errors: [400, 401, 404],
  },
  {
    method: 'post',
    path: '/api/key-populations/{personId}/unmask',
    summary: 'One record in clear, with a reason (needs the unmask right; limited per hour; audited)',
    auth: 'bearer',
    parameters: [{ name: 'personId', in: 'path', required: true, description: 'the record', schema: { type: 'string' } }],
    request: { name: 'UnmaskRequest', schema: unmaskRequest },
    response: { status: 200, name: 'UnmaskResponse', schema: unmaskResponse },
    errors: [400, 401, 403, 404, 429],
  },
];
