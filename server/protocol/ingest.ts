import { z } from 'zod';
import { isoInstant } from './primitives';
import { incidentReportedData } from './incident';
import { hotlineCallData, workorderRatedData, workorderTransitionedData } from './workorder';
import {
  buildingUpsertedData,
  cameraStatusData,
  cameraUpsertedData,
  patrolRecordedData,
  populationRemovedData,
  populationUpsertedData,
  staffUpsertedData,
} from './registers';

/** Fields every ingested event carries; `id` is the sender's unique id and makes retries safe. */
const envelope = {
  id: z.string().min(1).max(128),
  occurredAt: isoInstant,
};

function event<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ ...envelope, type: z.literal(type), data });
}

export const incidentReportedEvent = event('incident.reported', incidentReportedData);
export type IncidentReportedEvent = z.infer<typeof incidentReportedEvent>;

/** One event as upstream systems send it, by `type`. */
export const ingestEvent = z.discriminatedUnion('type', [
  incidentReportedEvent,
  event('workorder.transitioned', workorderTransitionedData),
  event('workorder.rated', workorderRatedData),
  event('hotline.call', hotlineCallData),
  event('camera.upserted', cameraUpsertedData),
  event('camera.status', cameraStatusData),
  event('building.upserted', buildingUpsertedData),
  event('population.upserted', populationUpsertedData),
  event('population.removed', populationRemovedData),
  event('staff.upserted', staffUpsertedData),
  event('patrol.recorded', patrolRecordedData),
]);
export type IngestEvent = z.infer<typeof ingestEvent>;
export type IngestEventType = IngestEvent['type'];

/** Most events in one request; a batch is accepted or refused as a whole. */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** Body of `POST /api/ingest/events`. */
export const ingestRequest = z.object({
  events: z.array(ingestEvent).min(1).max(MAX_EVENTS_PER_REQUEST),
});
export type IngestRequest = z.infer<typeof ingestRequest>;

/** Answer of `POST /api/ingest/events`: sent once the batch is stored. */
export const ingestResponse = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Log position of the last event of the batch (or the current end of the log if all were duplicates). */
  lastSeq: z.number().int().nonnegative(),
});
export type IngestResponse = z.infer<typeof ingestResponse>;
