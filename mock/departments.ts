import type { KnownIncidentCategory } from '@protocol/index';
import { weightedPick, type Random } from '@geo/random';
import { personName } from '@geo/scenarios/people';
import { pickOne } from './keyed-random';
import { HOUR } from './local-time';

export type Level = 'street' | 'district' | 'city';

/** The "137" rule: resolved within 1 day at street level, 3 at district, 7 at city level (domain.md). */
export const ALLOWANCE: Record<Level, number> = { street: 24 * HOUR, district: 72 * HOUR, city: 168 * HOUR };

/** How a department works: acceptance speed, share of the allowed time it usually needs, shifts. */
interface DepartmentProfile {
  /** Median hours from dispatch to acceptance (签收). */
  acceptHours: number;
  /** Median share of the 137 allowance used until resolution. */
  resolveShare: number;
  /** Police, traffic police, fire and water repair crews work round the clock; the others office shifts. */
  roundTheClock: boolean;
  /** The unit that acts at each level, and how its people are addressed. */
  units: Record<Level, string>;
  titles: readonly string[];
}

export const DEPARTMENTS = {
  城管: { acceptHours: 1, resolveShare: 0.22, roundTheClock: false, units: { street: '街道城管中队', district: '区城管局', city: '市城管局' }, titles: ['队长', '中队长', '执法队员'] },
  公安: { acceptHours: 0.4, resolveShare: 0.2, roundTheClock: true, units: { street: '派出所', district: '区公安分局', city: '市公安局' }, titles: ['警官', '社区民警', '所长'] },
  交警: { acceptHours: 0.35, resolveShare: 0.12, roundTheClock: true, units: { street: '交警中队', district: '区交警大队', city: '市交警支队' }, titles: ['警官', '中队长'] },
  水务: { acceptHours: 0.8, resolveShare: 0.25, roundTheClock: true, units: { street: '街道水务站', district: '区水务局', city: '市水务集团' }, titles: ['师傅', '站长', '工程师'] },
  消防: { acceptHours: 0.5, resolveShare: 0.2, roundTheClock: true, units: { street: '消防救援站', district: '区消防救援大队', city: '市消防救援支队' }, titles: ['站长', '防火监督员', '参谋'] },
  综治: { acceptHours: 1.5, resolveShare: 0.3, roundTheClock: false, units: { street: '街道综治中心', district: '区综治中心', city: '市综治中心' }, titles: ['主任', '调解员'] },
  司法: { acceptHours: 2, resolveShare: 0.32, roundTheClock: false, units: { street: '司法所', district: '区司法局', city: '市司法局' }, titles: ['所长', '人民调解员'] },
  住建: { acceptHours: 2.5, resolveShare: 0.3, roundTheClock: false, units: { street: '街道建管所', district: '区住建局', city: '市住建局' }, titles: ['科长', '工程师'] },
  应急: { acceptHours: 1.2, resolveShare: 0.25, roundTheClock: false, units: { street: '街道应急办', district: '区应急管理局', city: '市应急管理局' }, titles: ['科长', '安全员'] },
  环保: { acceptHours: 2, resolveShare: 0.28, roundTheClock: false, units: { street: '街道环保所', district: '区生态环境局', city: '市生态环境局' }, titles: ['科长', '监察员'] },
  卫健: { acceptHours: 2, resolveShare: 0.26, roundTheClock: false, units: { street: '社区卫生服务中心', district: '区卫健委', city: '市卫健委' }, titles: ['主任', '卫生监督员'] },
} satisfies Record<string, DepartmentProfile>;
export type Department = keyof typeof DEPARTMENTS;

/** Who handles what (城管 the streets, 水务 the sewers …), with shares where two departments share a category. */
const ROUTING: Record<KnownIncidentCategory, Partial<Record<Department, number>>> = {
  'illegal-parking': { 交警: 60, 公安: 25, 城管: 15 },
  'sewer-blockage': { 水务: 85, 住建: 15 },
  'garbage': { 城管: 85, 环保: 15 },
  'fire-hazard': { 消防: 80, 应急: 20 },
  'dispute': { 综治: 60, 司法: 30, 公安: 10 },
  'safety-hazard': { 住建: 50, 应急: 40, 城管: 10 },
  'sanitation': { 城管: 85, 卫健: 15 },
  'illegal-construction': { 城管: 85, 住建: 15 },
  'group-rental': { 公安: 55, 住建: 45 },
};

/** Street ~70 %, district ~25 %, city ~5 % overall; serious incidents go up more often. */
const LEVELS_BY_SEVERITY: Record<number, Record<Level, number>> = {
  1: { street: 74, district: 23, city: 3 },
  2: { street: 70, district: 25, city: 5 },
  3: { street: 50, district: 40, city: 10 },
  4: { street: 50, district: 40, city: 10 },
};

export interface Route {
  department: Department;
  level: Level;
}

/** The first dispatch of an incident of `category`. */
export function routeFor(category: KnownIncidentCategory, severity: number, random: Random): Route {
  return { department: weightedPick(ROUTING[category] as Record<Department, number>, random), level: weightedPick(LEVELS_BY_SEVERITY[severity] ?? LEVELS_BY_SEVERITY[2]!, random) };
}

/**
 * Where a returned order goes next: usually another department of the category (it was the
 * wrong one), else the same department one level up (it was beyond the street's powers).
 */
export function rerouteAfterReturn(category: KnownIncidentCategory, previous: Route, random: Random): Route {
  const others = Object.keys(ROUTING[category]).filter((d) => d !== previous.department) as Department[];
  if (others.length > 0 && random() < 0.6) return { department: pickOne(others, random), level: previous.level };
  return { department: previous.department, level: previous.level === 'street' ? 'district' : 'city' };
}

export function profileOf(department: Department): DepartmentProfile {
  return DEPARTMENTS[department];
}

/** A named officer of the unit handling the order, e.g. `街道城管中队 王队长`. */
export function officer(route: Route, random: Random): string {
  const p = DEPARTMENTS[route.department];
  return `${p.units[route.level]} ${personName(random).slice(0, 1)}${pickOne(p.titles, random)}`;
}

/** The command center that dispatches, verifies and closes at a level. */
export function center(level: Level, hotline: boolean): string {
  if (hotline) return '12345热线派单员';
  return level === 'street' ? '街道网格中心派单员' : '区社会治理指挥中心派单员';
}
