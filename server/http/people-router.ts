import express, { Router, type Request } from 'express';
import { unmaskRequest, type KeyPersonItem, type KeyPersonPage, type UnmaskResponse } from '@protocol/people';
import { actorOf, type AuditLog } from '../audit/audit-log';
import type { AuditStore } from '../audit/audit-store';
import type { Clock } from '../clock';
import { canReadPersons, canUnmask } from '../identity/access';
import type { SecurityStore } from '../identity/security-store';
import { maskedField, openField } from '../pii/personal-view';
import type { PiiCipher } from '../pii/pii-cipher';
import type { ReadDb } from '../projections/read-db';
import { scopeUpper } from '../projections/place';
import type { EventStore } from '../store/event-store';
import { HttpError } from './http-error';
import { identityOf, sourceOf } from './require-identity';

export interface PeopleRouterDeps {
  db: ReadDb;
  events: EventStore;
  cipher: PiiCipher;
  security: SecurityStore;
  audit: AuditLog;
  auditStore: AuditStore;
  clock: Clock;
  hasScope(code: string): boolean;
  /** Unmaskings one account may make per hour. */
  unmaskPerHour: number;
}

const MAX_PAGE = 200;

/**
 * Key-population records (重点人群), personal data under PIPL (behind `requireIdentity`):
 *
 * - `GET /api/key-populations?scope=&limit=&offset=`: the records of a scope, names, ID and phone
 *   numbers always masked, whoever asks (duty officers, leaders, analysts in their scope);
 * - `POST /api/key-populations/{personId}/unmask { reason }`: one record in clear, for an account
 *   the security officer granted `unmask`, with a reason, at most `unmaskPerHour` an hour, each
 *   audited (`pii.unmask`: who, which record, why; never the values).
 *
 * The personal fields are not copied into the read models: they are read, sealed, from the event
 * that last set the record, and opened only here.
 */
export function peopleRouter(deps: PeopleRouterDeps): Router {
  const router = Router();

  router.get('/api/key-populations', async (req, res) => {
    const caller = identityOf(req);
    const scope = typeof req.query.scope === 'string' ? req.query.scope : caller.scope;
    // Unknown, outside the caller's scope, or not the caller's duty: one answer, so existence is not revealed.
    if (!deps.hasScope(scope) || !canReadPersons(caller, scope)) throw new HttpError(404, 'not-found', `no key-population records of scope ${scope} you may read`);
    const { limit, offset } = paging(req);
    const where = 'p.scope >= ? AND p.scope < ? AND p.categories IS NOT NULL';
    const params = [scope, scopeUpper(scope)];
    const total = deps.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM p_persons p WHERE ${where}`, params)!.n;
    const rows = deps.db.all<PersonRow>(
      `SELECT p.person_id, p.categories, p.scope, p.building_id,
         (SELECT MAX(h.seq) FROM p_person_history h WHERE h.person_id = p.person_id AND h.categories IS NOT NULL) AS seq
       FROM p_persons p WHERE ${where} ORDER BY p.person_id LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    const items: KeyPersonItem[] = [];
    for (const r of rows) {
      const sealed = await sealedFields(deps.events, r.seq);
      items.push({
        personId: r.person_id,
        categories: JSON.parse(r.categories) as string[],
        scope: r.scope,
        buildingId: r.building_id,
        name: maskedField(deps.cipher, 'name', sealed?.name),
        idNumber: maskedField(deps.cipher, 'idNumber', sealed?.idNumber),
        phone: maskedField(deps.cipher, 'phone', sealed?.phone),
        masked: true,
      });
    }
    const body: KeyPersonPage = { total, limit, offset, items };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.post('/api/key-populations/:personId/unmask', express.json({ limit: '4kb' }), async (req, res) => {
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    const personId = String(req.params.personId);
    const parsed = unmaskRequest.safeParse(req.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
      throw new HttpError(400, 'invalid', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
    }
    const { reason } = parsed.data;
    const person = deps.db.get<PersonRow>(
      `SELECT p.person_id, p.categories, p.scope, p.building_id,
         (SELECT MAX(h.seq) FROM p_person_history h WHERE h.person_id = p.person_id AND h.categories IS NOT NULL) AS seq
       FROM p_persons p WHERE p.person_id = ? AND p.categories IS NOT NULL`,
      [personId],
    );
    // A record outside the caller's reach is answered like a missing one (404), right or not.
    if (!person || !canReadPersons(caller, person.scope)) {
      await deps.audit.record(by, 'pii.unmask', personId, 'failed', { reason, why: 'unknown or out of scope' });
      throw new HttpError(404, 'not-found', `no key-population record ${personId} you may read`);
    }
    const rights = caller.kind === 'user' ? await deps.security.rightsOf(caller.username) : [];
    if (!canUnmask(caller, rights, person.scope)) {
      await deps.audit.record(by, 'pii.unmask', personId, 'denied', { reason, why: 'no unmask right' });
      throw new HttpError(403, 'forbidden', 'unmasking needs the unmask right, granted by the security officer');
    }
    const hourAgo = new Date(deps.clock.now() - 3_600_000).toISOString();
    const used = await deps.auditStore.count({ actor: by.actor, action: 'pii.unmask', result: 'ok', from: hourAgo });
    if (used >= deps.unmaskPerHour) {
      await deps.audit.record(by, 'pii.unmask', personId, 'denied', { reason, why: 'hourly limit' });
      res.set('Retry-After', '3600');
      throw new HttpError(429, 'unmask-limit', `at most ${deps.unmaskPerHour} records may be unmasked per hour`);
    }
    const sealed = await sealedFields(deps.events, person.seq);
    const name = openField(deps.cipher, sealed?.name);
    const idNumber = openField(deps.cipher, sealed?.idNumber);
    const phone = openField(deps.cipher, sealed?.phone);
    if (name === undefined || idNumber === undefined || phone === undefined) {
      await deps.audit.record(by, 'pii.unmask', personId, 'failed', { reason, why: 'record cannot be opened' });
      throw new HttpError(500, 'internal', 'the record cannot be opened with the current key');
    }
    await deps.audit.record(by, 'pii.unmask', personId, 'ok', { reason, scope: person.scope });
    const body: UnmaskResponse = { personId, name, idNumber, phone, remainingThisHour: deps.unmaskPerHour - used - 1 };
    res.set('Cache-Control', 'no-store').json(body);
  });

  return router;
}

interface PersonRow {
  person_id: string;
  categories: string;
  scope: string;
  building_id: string | null;
  seq: number | null;
}

/** The sealed personal fields of the event at `seq` (the record's last upsert). */
async function sealedFields(events: EventStore, seq: number | null): Promise<Record<string, unknown> | undefined> {
  if (seq === null) return undefined;
  const [event] = await events.readAfter(seq - 1, 1);
  return event?.seq === seq ? (event.data as Record<string, unknown>) : undefined;
}

function paging(req: Request): { limit: number; offset: number } {
  const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
  const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new HttpError(400, 'invalid', `limit must be 1-${MAX_PAGE}`, [{ path: 'limit', message: `1-${MAX_PAGE}` }]);
  if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'invalid', 'offset must be a whole number ≥ 0', [{ path: 'offset', message: '≥ 0' }]);
  return { limit, offset };
}
