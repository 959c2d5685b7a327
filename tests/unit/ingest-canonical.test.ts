import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ingestEvent } from '../../server/protocol/index';
import { PiiCipher } from '../../server/pii/pii-cipher';
import { prepareEvent } from '../../server/ingest/prepare-event';

const cipher = new PiiCipher(randomBytes(32));

describe('the content hash of an ingested event', () => {
  it('does not depend on the order of keys or on unknown keys, but on every value', () => {
    const a = ingestEvent.parse({
      id: 'x',
      type: 'population.upserted',
      occurredAt: '2026-11-23T09:00:00+08:00',
      data: { personId: 'P1', categories: ['disabled'], buildingId: 'B1', name: '张三', idNumber: '320612199001011234', phone: '13800001111' },
    });
    const b = ingestEvent.parse({
      data: { phone: '13800001111', idNumber: '320612199001011234', name: '张三', buildingId: 'B1', categories: ['disabled'], personId: 'P1', extra: 1 },
      occurredAt: '2026-11-23T09:00:00+08:00',
      type: 'population.upserted',
      id: 'x',
    });
    const c = ingestEvent.parse({ ...a, data: { ...a.data, phone: '13800001112' } });
    expect(prepareEvent(a, cipher).hash).toBe(prepareEvent(b, cipher).hash);
    expect(prepareEvent(a, cipher).hash).not.toBe(prepareEvent(c, cipher).hash);
  });

  it('is the keyed hash of the JSON of [type, occurredAt, data] as sent, as in earlier versions, so a resend of an old event is still a duplicate', () => {
    const e = ingestEvent.parse({
      id: 'y',
      type: 'incident.reported',
      occurredAt: '2026-11-23T09:00:00+08:00',
      data: { incidentId: 'I1', category: 'garbage', source: 'grid', location: [121.05, 32.06], severity: 2, description: '垃圾 "满溢"\n' },
    });
    expect(prepareEvent(e, cipher).hash).toBe(cipher.keyedHash(JSON.stringify([e.type, e.occurredAt, e.data])));
  });
});
