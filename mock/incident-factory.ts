import type { KnownIncidentCategory, IncidentSource, IncidentReportedEvent } from '@protocol/index';
import { weightedPick, type Random } from '@geo/random';
import type { PlaceSampler } from './place-sampler';

/** Shares of categories, roughly as grid-governance platforms report them (grid workers' reports). */
export const CATEGORY_WEIGHTS: Record<KnownIncidentCategory, number> = {
  'sanitation': 24,
  'garbage': 18,
  'illegal-parking': 16,
  'safety-hazard': 10,
  'dispute': 9,
  'sewer-blockage': 8,
  'illegal-construction': 6,
  'fire-hazard': 5,
  'group-rental': 4,
};

/** Grid workers' patrols report most incidents; the hotline and citizen snapshots follow. */
const SOURCE_WEIGHTS: Record<IncidentSource, number> = {
  grid: 60,
  hotline: 20,
  snapshot: 12,
  camera: 6,
  linkage: 2,
};

/** Most incidents are routine; few are urgent. */
const SEVERITY_WEIGHTS: Record<1 | 2 | 3 | 4, number> = { 1: 55, 2: 30, 3: 12, 4: 3 };

/** A few plausible report texts per category. */
export const DESCRIPTIONS: Record<KnownIncidentCategory, readonly string[]> = {
  'sanitation': ['小区门口垃圾桶满溢，周边有异味', '道路两侧有大量落叶和纸屑未清扫'],
  'garbage': ['建筑垃圾堆放在绿化带内', '生活垃圾两天未清运'],
  'illegal-parking': ['电动车占用消防通道', '机动车长期占用人行道停放'],
  'safety-hazard': ['路灯杆倾斜，存在倒塌风险', '井盖破损，行人易踩空'],
  'dispute': ['邻里因噪音问题发生争执', '租户与房东因押金退还产生纠纷'],
  'sewer-blockage': ['下水道堵塞，污水外溢至路面', '化粪池满溢，需要疏通'],
  'illegal-construction': ['楼顶私自搭建彩钢板房', '沿街商铺违规外扩搭棚'],
  'fire-hazard': ['楼道内电动车充电，飞线严重', '商铺灭火器过期未更换'],
  'group-rental': ['一套住房内居住十余人，疑似群租', '地下室被改造为多间出租房'],
};

/**
 * Makes `incident.reported` events at places drawn by the sampler. Ids carry a run prefix so
 * that a restarted simulator never reuses an id with different content.
 */
export class IncidentFactory {
  private count = 0;

  constructor(
    private readonly place: PlaceSampler,
    private readonly random: Random,
    private readonly runId: string,
  ) {}

  make(occurredAtMs: number): IncidentReportedEvent {
    const r = this.random;
    const category = weightedPick(CATEGORY_WEIGHTS, r);
    const texts = DESCRIPTIONS[category];
    this.count += 1;
    const incidentId = `INC-${this.runId}-${this.count}`;
    return {
      id: `sim-${incidentId}`,
      type: 'incident.reported',
      occurredAt: new Date(occurredAtMs).toISOString(),
      data: {
        incidentId,
        category,
        source: weightedPick(SOURCE_WEIGHTS, r),
        location: roundLngLat(this.place(r)),
        severity: Number(weightedPick(SEVERITY_WEIGHTS, r)),
        description: texts[Math.floor(r() * texts.length)]!,
      },
    };
  }
}

/** Six decimals (about 0.1 m), as GPS devices report. */
function roundLngLat([lng, lat]: [number, number]): [number, number] {
  return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}
