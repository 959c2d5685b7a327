import { describe, expect, it } from 'vitest';
import { ingestRequest } from '../../../server/protocol/index';

const good = {
  id: 'evt-1',
  type: 'incident.reported',
  occurredAt: '2026-11-23T09:15:00+08:00',
  data: {
    incidentId: 'INC-1',
    category: 'garbage',
    source: 'grid',
    location: [121.05, 32.05],
    severity: 2,
    description: '生活垃圾两天未清运',
  },
};

describe('ingest request schema', () => {
  it('accepts a well-formed incident', () => {
    expect(ingestRequest.safeParse({ events: [good] }).success).toBe(true);
  });

  it('rejects a malformed incident and names the field path', () => {
    const bad = { ...good, data: { ...good.data, severity: 7 } };
    const r = ingestRequest.safeParse({ events: [good, bad] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['events.1.data.severity']);
  });

  it('rejects a location outside WGS-84 ranges, a local time, and an empty category, each at its path', () => {
    const bad = {
      ...good,
      occurredAt: '2026-11-23T09:15:00',
      data: { ...good.data, location: [32.05, 200], category: '' },
    };
    const r = ingestRequest.safeParse({ events: [bad] });
    const paths = r.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['events.0.data.category', 'events.0.data.location.1', 'events.0.occurredAt']);
  });

  it('accepts a category the screen does not know (upstream systems have their own)', () => {
    expect(ingestRequest.safeParse({ events: [{ ...good, data: { ...good.data, category: 'noise' } }] }).success).toBe(true);
  });

  it('rejects an unknown event type and an empty batch', () => {
    expect(ingestRequest.safeParse({ events: [{ ...good, type: 'incident.exploded' }] }).error?.issues[0]?.path).toEqual(['events', 0, 'type']);
    expect(ingestRequest.safeParse({ events: [] }).success).toBe(false);
  });
});
