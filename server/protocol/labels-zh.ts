import type { IncidentSource, KnownIncidentCategory } from './incident';
import type { WorkOrderState } from './workorder';

/**
 * Chinese names of incident categories, incident sources and work-order states, in one place for
 * the wall's zh-CN messages (web/i18n) and the exported reports (server/reports/report-labels.ts),
 * so a file names things as the screen does. Plain data, no framework: web/ imports it as
 * `@protocol/labels-zh`. Each table names every key of its list, no more.
 */

export const CATEGORY_LABELS_ZH = {
  'illegal-parking': '乱停乱放',
  'sewer-blockage': '下水管道堵塞',
  'garbage': '垃圾清理',
  'fire-hazard': '消防隐患',
  'dispute': '矛盾纠纷',
  'safety-hazard': '安全隐患',
  'sanitation': '环境卫生',
  'illegal-construction': '乱搭乱建',
  'group-rental': '群租房',
} satisfies Record<KnownIncidentCategory, string>;

export const SOURCE_LABELS_ZH = { grid: '网格员上报', hotline: '12345热线', snapshot: '随手拍', camera: '视频告警', linkage: '110联动' } satisfies Record<IncidentSource, string>;

export const WORK_STATE_LABELS_ZH = {
  dispatched: '待签收',
  accepted: '已签收',
  handling: '处置中',
  returned: '退单',
  resolved: '已办结',
  verified: '已核查',
  closed: '已结案',
} satisfies Record<WorkOrderState, string>;
