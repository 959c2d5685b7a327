import type { IngestEvent } from '@protocol/index';
import type { CameraRecord, KeyPersonRecord, StaffRecord } from '@geo/registers';
import type { Building } from '@geo/territory';
import type { SendBatch } from './ingest-client';

/** The base registers as an upstream system would push them on day one. */
export interface Registers {
  cameras: readonly CameraRecord[];
  staff: readonly StaffRecord[];
  keyPersons: readonly KeyPersonRecord[];
  /** Rental buildings (出租屋) with their management level. */
  rentals: readonly Building[];
}

/**
 * When the registers were taken: fixed, so a resend is byte-for-byte the same events and the
 * server counts them as duplicates (safe to run at every start until it succeeds once).
 */
const REGISTERED_AT = '2026-01-01T08:00:00+08:00';
const BATCH = 500;

/** Sends the registers through the ingest API in batches; returns how many events were accepted. */
export async function sendRegisters(registers: Registers, send: SendBatch): Promise<{ accepted: number; duplicates: number }> {
  const events = registerEvents(registers);
  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const r = await send(events.slice(i, i + BATCH));
    accepted += r.accepted;
    duplicates += r.duplicates;
  }
  return { accepted, duplicates };
}

/** The registers as ingest events: cameras, staff, rental buildings, key persons. */
export function registerEvents(registers: Registers): IngestEvent[] {
  return [
    ...registers.cameras.map((c): IngestEvent => ({
      id: `reg-camera-${c.cameraId}`,
      type: 'camera.upserted',
      occurredAt: REGISTERED_AT,
      data: { cameraId: c.cameraId, name: c.name, location: c.location, gridCode: c.gridCode, stream: c.stream, online: c.online },
    })),
    ...registers.staff.map((s): IngestEvent => ({
      id: `reg-staff-${s.staffId}`,
      type: 'staff.upserted',
      occurredAt: REGISTERED_AT,
      data: { staffId: s.staffId, name: s.name, role: s.role, gridCode: s.gridCode, phone: s.phone },
    })),
    ...registers.rentals.map((b): IngestEvent => ({
      id: `reg-building-${b.id}`,
      type: 'building.upserted',
      occurredAt: REGISTERED_AT,
      data: {
        buildingId: b.id,
        address: b.address,
        location: centroid(b.footprint),
        footprint: [b.footprint.map(([x, y]) => [x, y] as [number, number])],
        floors: b.floors,
        households: b.households,
        residents: b.residents,
        ...(b.rental ? { rental: { level: b.rental } } : {}),
      },
    })),
    ...registers.keyPersons.map((p): IngestEvent => ({
      id: `reg-person-${p.personId}`,
      type: 'population.upserted',
      occurredAt: REGISTERED_AT,
      data: { personId: p.personId, categories: p.categories, buildingId: p.buildingId, name: p.name, idNumber: p.idNumber, phone: p.phone },
    })),
  ];
}

function centroid(ring: readonly (readonly [number, number])[]): [number, number] {
  let x = 0;
  let y = 0;
  const n = Math.max(1, ring.length - 1);
  for (let i = 0; i < n; i++) {
    x += ring[i]![0];
    y += ring[i]![1];
  }
  return [Math.round((x / n) * 1e7) / 1e7, Math.round((y / n) * 1e7) / 1e7];
}
