import type { IncidentSource, KnownIncidentCategory, WorkorderTransitionedData } from '@protocol/index';
import type { Random } from '@geo/random';
import { ALLOWANCE, center, officer, profileOf, rerouteAfterReturn, routeFor, type Route } from './departments';
import { chance, logNormal, pickOne, uniform } from './keyed-random';
import { callbackTime, DAY, HOUR, isoAt, MINUTE, officeTime, SECOND, toSecond } from './local-time';
import type { TimedEvent } from './timed-event';

/** The incident a work order is opened for. */
export interface StoryIncident {
  incidentId: string;
  category: KnownIncidentCategory;
  source: IncidentSource;
  severity: number;
  /** When it was reported (ms). */
  at: number;
}

/**
 * Shares of the exceptional paths, chosen so the KPIs land where the documents put them:
 * dispatch accuracy ~95 % (returns), on-time ~93-96 % (overdue, late acceptance), satisfaction ~98 %.
 */
const P_RETURN = 0.045;
const P_LATE_ACCEPT = 0.02;
const P_EXTEND = 0.04;
const P_OVERDUE = 0.04;
const P_SUPERVISE_OVERDUE = 0.6;
const P_SUPERVISE_AT_RISK = 0.015;
const P_VERIFY_FAIL = 0.03;

/** Who is asked afterwards: 12345 calls every hotline citizen back; a camera alert has nobody to ask. */
const RATED: Record<IncidentSource, number> = { hotline: 0.95, snapshot: 0.85, linkage: 0.6, grid: 0.55, camera: 0.25 };

const RESOLUTIONS: Record<KnownIncidentCategory, readonly string[]> = {
  'illegal-parking': ['已联系车主挪车', '已张贴违停告知单并拖移车辆', '已劝离占道停放车辆'],
  'sewer-blockage': ['已疏通管道，路面已冲洗', '已清掏化粪池，恢复排水'],
  'garbage': ['垃圾已清运完毕', '已清理并要求物业定时清运'],
  'fire-hazard': ['已清理楼道电动车，拆除飞线', '已督促商户更换灭火器'],
  'dispute': ['经调解双方达成一致', '已告知双方依法维权途径，矛盾已化解'],
  'safety-hazard': ['已设置警示标志并完成维修', '已更换破损井盖'],
  'sanitation': ['已安排保洁人员清扫', '已冲洗路面，恢复整洁'],
  'illegal-construction': ['违建已拆除', '已下达限期整改通知书，当事人已自行拆除'],
  'group-rental': ['已清退超员租户，恢复原貌', '已责令房东整改并登记租户信息'],
};
const RETURN_REASONS = ['非本部门职责，申请退回', '地址信息不详，请核实后重派', '超出街道处置权限，申请提级'];
const VERIFY_FAILURES = ['现场核查未整改到位，退回重办', '群众反映问题仍存在，要求继续处置'];
const EXTENSIONS = ['需协调产权单位，申请延期', '涉及多部门联合处置，申请延期', '需等待材料到货施工，申请延期'];
const SATISFIED = ['处理及时，满意', '工作人员态度好', '问题已解决，谢谢'];
const UNSATISFIED = ['处理太慢', '问题没有彻底解决', '没有人联系我'];

/**
 * The whole life of the work order opened for `incident`, as it will happen: dispatch, maybe a
 * return and re-dispatch, acceptance, handling, maybe an extension or supervision, resolution,
 * maybe a failed verification, verification, closing, and the citizen's rating. Each step is at
 * least a second after the one before, so the order's history is its events' order. Bounded:
 * every delay is clamped, so the last event is within `MAX_STORY` of the incident.
 */
export function workOrderStory(incident: StoryIncident, workOrderId: string, idPrefix: string, r: Random): TimedEvent[] {
  const out: TimedEvent[] = [];
  let t = incident.at;
  let n = 0;
  let route: Route = routeFor(incident.category, incident.severity, r);
  const hotline = incident.source === 'hotline';
  const step = (at: number, to: WorkorderTransitionedData['to'], actor: string, extra: { note?: string; deadline?: number } = {}): number => {
    t = Math.max(toSecond(at), t + SECOND);
    n += 1;
    const data: WorkorderTransitionedData = { workOrderId, incidentId: incident.incidentId, to, department: route.department, level: route.level, actor };
    if (extra.note) data.note = extra.note;
    if (extra.deadline !== undefined) data.deadline = isoAt(extra.deadline);
    out.push({ at: t, event: { id: `${idPrefix}-${n}`, type: 'workorder.transitioned', occurredAt: isoAt(t), data } });
    return t;
  };

  // Register and dispatch: the center is staffed day and night.
  let dispatchedAt = step(incident.at + logNormal(18 * MINUTE, 0.8, r, 4 * HOUR), 'dispatched', center(route.level, hotline));
  const returned = chance(P_RETURN, r);
  if (returned) {
    if (chance(0.25, r)) step(t + logNormal(profileOf(route.department).acceptHours * HOUR, 0.8, r, 8 * HOUR), 'accepted', officer(route, r));
    step(t + logNormal(1.2 * HOUR, 0.9, r, 8 * HOUR), 'returned', officer(route, r), { note: pickOne(RETURN_REASONS, r) });
    route = rerouteAfterReturn(incident.category, route, r);
    dispatchedAt = step(t + logNormal(0.6 * HOUR, 0.8, r, 6 * HOUR), 'dispatched', center(route.level, hotline), { note: '重新派遣' });
  }
  const profile = profileOf(route.department);
  const allowance = ALLOWANCE[route.level];
  const ruleDeadline = dispatchedAt + allowance;
  const onShift = (ms: number, latest: number): number => (profile.roundTheClock ? ms : officeTime(ms, r, latest));
  const actor = (): string => officer(route, r);

  // Accept within half a day, except the few that are signed for late.
  const acceptAt = chance(P_LATE_ACCEPT, r)
    ? dispatchedAt + uniform(12.5, 30, r) * HOUR
    : Math.min(onShift(dispatchedAt + logNormal(profile.acceptHours * HOUR, 0.9, r, 10 * HOUR), dispatchedAt + 12 * HOUR), dispatchedAt + 11.9 * HOUR);
  step(acceptAt, 'accepted', actor());
  step(onShift(t + logNormal(0.7 * HOUR, 0.8, r, 12 * HOUR), ruleDeadline), 'handling', actor(), { note: '已到达现场处置' });

  // Resolve: usually well within the allowance; a few extended (and then on time), a few overdue.
  const overdue = chance(P_OVERDUE, r);
  let resolveAt: number;
  if (overdue) {
    resolveAt = ruleDeadline + logNormal(8 * HOUR, 0.9, r, 3 * DAY);
    if (chance(P_SUPERVISE_OVERDUE, r)) {
      const at = ruleDeadline + (resolveAt - ruleDeadline) * uniform(0.2, 0.7, r);
      if (at > t + MINUTE) step(at, 'supervised', '区社会治理指挥中心督办员', { note: '工单已超期，请加快办理' });
    }
  } else if (chance(P_EXTEND, r) && ruleDeadline - t > HOUR) {
    const newDeadline = ruleDeadline + Math.round((allowance * uniform(0.5, 1, r)) / HOUR) * HOUR;
    step(t + (ruleDeadline - t) * uniform(0.4, 0.9, r), 'extended', '区社会治理指挥中心', { note: pickOne(EXTENSIONS, r), deadline: newDeadline });
    resolveAt = ruleDeadline + (newDeadline - ruleDeadline) * uniform(0.1, 0.85, r);
  } else {
    resolveAt = onShift(dispatchedAt + allowance * logNormal(profile.resolveShare, 0.55, r, 1.6), ruleDeadline);
    const riskAt = dispatchedAt + allowance * 0.82;
    if (chance(P_SUPERVISE_AT_RISK, r) && riskAt > t + MINUTE && riskAt < resolveAt - 10 * MINUTE) {
      step(riskAt, 'supervised', '区社会治理指挥中心督办员', { note: '工单临期，请按期办结' });
    }
  }
  step(Math.max(resolveAt, t + 15 * MINUTE), 'resolved', actor(), { note: pickOne(RESOLUTIONS[incident.category], r) });

  // Verify on site (the grid worker for their own reports), maybe reopen, then close.
  const verifier = incident.source === 'grid' ? '网格员' : route.level === 'street' ? '街道网格中心核查员' : '区社会治理指挥中心核查员';
  const verifyFailed = chance(P_VERIFY_FAIL, r);
  if (verifyFailed) {
    step(officeTime(t + logNormal(3 * HOUR, 0.8, r, 1.5 * DAY), r), 'handling', verifier, { note: pickOne(VERIFY_FAILURES, r) });
    step(onShift(t + logNormal(6 * HOUR, 0.8, r, 2 * DAY), Infinity), 'resolved', actor(), { note: '已按核查意见整改到位' });
  }
  step(officeTime(t + logNormal(3 * HOUR, 0.8, r, 1.5 * DAY), r), 'verified', verifier, { note: '现场核查，问题已解决' });
  const closedAt = step(t + logNormal(HOUR, 0.7, r, 12 * HOUR), 'closed', hotline ? '12345热线' : route.level === 'street' ? '街道网格中心' : '区社会治理指挥中心', { note: '结案' });

  // The citizen's rating, asked by a callback in the daytime.
  if (chance(RATED[incident.source], r)) {
    const unhappy = overdue || verifyFailed ? 0.12 : returned ? 0.05 : 0.008;
    const satisfied = !chance(unhappy, r);
    const at = Math.max(toSecond(callbackTime(closedAt + logNormal(8 * HOUR, 0.8, r, 1.5 * DAY), r)), closedAt + SECOND);
    const comment = chance(0.4, r) ? pickOne(satisfied ? SATISFIED : UNSATISFIED, r) : undefined;
    out.push({ at, event: { id: `${idPrefix}-rated`, type: 'workorder.rated', occurredAt: isoAt(at), data: { workOrderId, satisfied, ...(comment ? { comment } : {}) } } });
  }
  return out;
}
