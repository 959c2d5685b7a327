import { randomBytes } from 'node:crypto';
import { seededRandom } from '../../geo/random';
import type { IngestEvent } from '../../server/protocol/index';
import type { PlaceSampler } from '../../mock/place-sampler';

const STEPS = ['dispatched', 'accepted', 'handling', 'resolved', 'verified', 'closed'] as const;
const CATEGORIES = ['garbage', 'illegal-parking', 'fire-hazard', 'dispute', 'sanitation'];

/**
 * A stream of live events for realtime tests: new incidents near the territory's buildings (a
 * tenth of them severe, so they also go out as `incident:reported`) and, for earlier ones, their
 * work order's next step of the closed loop. Ids are unique per source (a random run prefix), and
 * every event is dated now.
 */
export class LiveEvents {
  private readonly random;
  private readonly run = randomBytes(3).toString('hex');
  private n = 0;
  /** Orders on their way: incident id → index of the next step. */
  private readonly open = new Map<string, number>();
  /** Ids of every incident made, in order. */
  readonly incidentIds: string[] = [];

  /** `place`: where incidents happen (e.g. `nearBuildings(territory.buildings)`, or `inTinyScenario`). */
  constructor(
    private readonly place: PlaceSampler,
    seed = 1,
  ) {
    this.random = seededRandom(seed);
  }

  /** `count` events: about two incidents for each work-order move. */
  next(count: number): IngestEvent[] {
    const out: IngestEvent[] = [];
    const now = new Date().toISOString();
    for (let k = 0; k < count; k++) {
      const id = `${this.run}-${++this.n}`;
      const moving = [...this.open.keys()];
      if (moving.length > 0 && this.random() < 0.35) {
        const incidentId = moving[Math.floor(this.random() * moving.length)]!;
        const step = this.open.get(incidentId)!;
        if (step + 1 >= STEPS.length) this.open.delete(incidentId);
        else this.open.set(incidentId, step + 1);
        out.push({
          id: `ev-${id}`,
          type: 'workorder.transitioned',
          occurredAt: now,
          data: { workOrderId: `WO-${incidentId}`, incidentId, to: STEPS[step]!, department: '城管', level: 'street', actor: 'test' },
        } as IngestEvent);
        continue;
      }
      const incidentId = `I-${id}`;
      this.incidentIds.push(incidentId);
      this.open.set(incidentId, 0);
      out.push({
        id: `ev-${id}`,
        type: 'incident.reported',
        occurredAt: now,
        data: {
          incidentId,
          category: CATEGORIES[Math.floor(this.random() * CATEGORIES.length)]!,
          source: 'grid',
          location: this.place(this.random),
          severity: this.random() < 0.1 ? 3 + Math.floor(this.random() * 2) : 1 + Math.floor(this.random() * 2),
          description: 'test',
        },
      });
    }
    return out;
  }
}

/** Anywhere inside the `tiny` scenario's outline (for tests whose server runs in another process). */
export const inTinyScenario: PlaceSampler = (random) => [121.045 + random() * 0.02, 32.053 + random() * 0.014];

/** Posts one batch with an ingest API key; resolves with the acknowledged `lastSeq`. */
export async function postEvents(url: string, apiKey: string, events: IngestEvent[]): Promise<number> {
  const res = await fetch(`${url}/api/ingest/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ events }),
  });
  if (!res.ok) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { lastSeq: number }).lastSeq;
}

/**
 * Sends `perTick` events every `tickMs` until `stop()` (which resolves once the last batch is
 * answered). Ids of acknowledged incidents are collected; a failed batch (server gone) is counted.
 */
export function pace(send: (events: IngestEvent[]) => Promise<unknown>, source: LiveEvents, perTick: number, tickMs: number): { stop(): Promise<void>; acked: Set<string>; failed: () => number } {
  const acked = new Set<string>();
  let failed = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = Date.now();
      const events = source.next(perTick);
      try {
        await send(events);
        for (const e of events) if (e.type === 'incident.reported') acked.add(e.data.incidentId);
      } catch {
        failed += 1;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - t))));
    }
  })();
  return {
    acked,
    failed: () => failed,
    async stop() {
      running = false;
      await loop;
    },
  };
}
