import { createHash } from 'node:crypto';
import { SOCKET_EVENTS, acknowledgeRequest } from '@protocol/index';
import type { Logger } from 'pino';
import type { Engine } from '../aggregate/engine';
import { actorOf, type AuditLog } from '../audit/audit-log';
import { canAcknowledgeAlarm } from '../identity/access';
import { identityName } from '../identity/identity';
import type { ReadDb } from '../projections/read-db';
import type { EventStore } from '../store/event-store';
import type { TypedServer, TypedSocket } from './typed-io';

/**
 * `alarm:acknowledge { incidentId }`: a duty officer saw the alarm (a touch on the wall, or the
 * wall's display token). The acknowledgement is written to the log as `alarm.acknowledged` (so
 * every wall of the scope, on every node, drops the alarm) and to the audit trail under the
 * identity's name. An incident outside the caller's scope is answered like an unknown one.
 */
export function attachAlarmAcks(io: TypedServer, deps: { engine: Engine; store: EventStore; readDb: ReadDb; audit: AuditLog; logger: Logger }): void {
  io.on('connection', (socket: TypedSocket) => {
    socket.on(SOCKET_EVENTS.acknowledge, async (raw, ack) => {
      if (typeof ack !== 'function') return;
      const req = acknowledgeRequest.safeParse(raw);
      if (!req.success) return ack({ ok: false, error: 'invalid request: incidentId must be a string' });
      const { incidentId } = req.data;
      const identity = socket.data.identity;
      const by = actorOf(identity, socket.handshake.address);
      const incident = deps.readDb.get<{ scope: string; severity: number }>('SELECT scope, severity FROM p_incidents WHERE incident_id = ?', [incidentId]);
      if (!incident || !canAcknowledgeAlarm(identity, incident.scope)) {
        await deps.audit.alarmAcknowledged(by, incidentId, incident?.scope ?? '', 'denied').catch(() => undefined);
        return ack({ ok: false, error: `no alarm ${incidentId}` });
      }
      try {
        const occurredAt = new Date().toISOString();
        const data = { incidentId, by: identityName(identity) };
        // One acknowledgement per incident: a second wall's is a refused duplicate id, which is fine.
        const result = await deps.store.append([
          { id: `ack:${incidentId}`, type: 'alarm.acknowledged', occurredAt, data, hash: createHash('sha256').update(JSON.stringify([occurredAt, data])).digest('hex') },
        ]);
        if (result.ok) void deps.engine.feed(result.accepted);
        await deps.audit.alarmAcknowledged(by, incidentId, incident.scope);
        ack({ ok: true, data: null });
      } catch (err) {
        deps.logger.error({ err }, 'acknowledging an alarm failed');
        ack({ ok: false, error: 'the acknowledgement could not be stored; try again' });
      }
    });
  });
}
