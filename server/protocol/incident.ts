import { z } from 'zod';
import { crs, lngLat, scopeCode } from './primitives';

/** Categories of incidents named in the source documents (domain.md). */
export const INCIDENT_CATEGORIES = [
  'illegal-parking', // 乱停乱放
  'sewer-blockage', // 下水管道堵塞
  'garbage', // 垃圾清理
  'fire-hazard', // 消防隐患
  'dispute', // 矛盾纠纷
  'safety-hazard', // 安全隐患
  'sanitation', // 环境卫生
  'illegal-construction', // 乱搭乱建
  'group-rental', // 群租房
] as const;
export type KnownIncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
/**
 * A category as the sender names it: upstream systems have categories of their own, so any short
 * key is accepted; the screen labels and colours the known ones and groups the rest as "other".
 */
export const incidentCategory = z.string().min(1).max(64);
export type IncidentCategory = z.infer<typeof incidentCategory>;

export function isKnownCategory(c: string): c is KnownIncidentCategory {
  return (INCIDENT_CATEGORIES as readonly string[]).includes(c);
}

/** Where an incident came from. */
export const INCIDENT_SOURCES = ['grid', 'hotline', 'snapshot', 'camera', 'linkage'] as const;
export const incidentSource = z.enum(INCIDENT_SOURCES);
export type IncidentSource = z.infer<typeof incidentSource>;

/** `data` of an `incident.reported` event. */
export const incidentReportedData = z.object({
  incidentId: z.string().min(1).max(128),
  category: incidentCategory,
  source: incidentSource,
  location: lngLat,
  /** System of `location` as sent; the server stores WGS-84 (and keeps what was sent). */
  crs: crs.optional(),
  gridCode: scopeCode.optional(),
  severity: z.number().int().min(1).max(4),
  description: z.string().max(2000),
});
export type IncidentReportedData = z.infer<typeof incidentReportedData>;
