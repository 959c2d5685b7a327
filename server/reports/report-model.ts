/**
 * The exported report: a scope's summary laid out as a cover and tables, the one shape every
 * format renders (XLSX, CSV in a zip, the printable HTML and its PDF). Nothing is computed here
 * that the summary does not hold, except sums, shares and differences of its own numbers, so a
 * file agrees with `GET /api/scopes/{code}/summary` for the same parameters.
 * Cells hold raw numbers (a rate as a fraction, durations in hours); the format says how to show them.
 */
import { DateTime } from 'luxon';
import type { KpiCounts, KpiValues, ScopeSummary } from '@protocol/summary';
import { categoryLabel, KPI_LABELS, periodKindLabel, populationLabel, sourceLabel, stateLabel } from './report-labels';

/** How a cell is shown: a whole number, a fraction shown as a percentage, hours, text, a local time. */
export type CellFormat = 'int' | 'rate' | 'hours' | 'text' | 'datetime';
export type Cell = string | number | null;

export interface ReportColumn {
  header: string;
  /** `row`: each row says (a table mixing counts and rates in one column). */
  format: CellFormat | 'row';
}

export interface ReportRow {
  cells: Cell[];
  /** The format of this row's `row` columns. */
  format?: CellFormat;
}

export interface ReportTable {
  /** File name stem in the zip, and a stable key for tests and scripts. */
  id: string;
  title: string;
  /** What the table counts, printed under it: definitions that matter for reading it. */
  note?: string;
  columns: ReportColumn[];
  rows: ReportRow[];
}

/** The cover: what, where, when, and who exported it. */
export interface ReportCover {
  title: string;
  fields: [label: string, value: string][];
}

export interface Report {
  cover: ReportCover;
  tables: ReportTable[];
  /** Kept for renderers that draw charts (the printable HTML). */
  summary: ScopeSummary;
  /** For file names: `320612_2026-02-01_2026-03-01`. */
  fileStem: string;
  /**
   * The line printed on every sheet and page (who, when, export id): a file that leaks names
   * its export, whose audit entry has the same id.
   */
  watermark: string;
  /** Random per export; in the watermark and in the audit trail. */
  exportId: string;
}

export interface ReportMeta {
  /** Epoch ms. */
  generatedAt: number;
  /** Who asked for it (a username, or `display:<name>`). */
  exportedBy: string;
  /** Random per export (see `Report.exportId`). */
  exportId: string;
}

/** Lays the summary out as the report. */
export function buildReport(s: ScopeSummary, meta: ReportMeta): Report {
  const zone = s.timeZone;
  const kind = periodKindLabel(s.kind);
  const generated = localTime(new Date(meta.generatedAt).toISOString(), zone);
  return {
    summary: s,
    exportId: meta.exportId,
    watermark: `${meta.exportedBy} · ${generated} · 导出编号 ${meta.exportId}`,
    fileStem: `${s.scope.code}_${localDate(s.from, zone)}_${localDate(s.to, zone)}`,
    cover: {
      title: `${s.scope.name}${kind}`,
      fields: [
        ['辖区', `${s.scope.name}（${s.scope.code}）`],
        ['报告类型', kind],
        ['统计时段', periodText(s.from, s.to, s.kind, zone)],
        ['时区', zone],
        ['状态截至', localTime(s.asOf, zone)],
        ['环比时段', periodText(s.previous.from, s.previous.to, s.kind, zone)],
        ['同比时段', periodText(s.yearAgo.from, s.yearAgo.to, s.kind, zone)],
        ['生成时间', localTime(new Date(meta.generatedAt).toISOString(), zone)],
        ['导出人', meta.exportedBy],
        ['导出编号', meta.exportId],
        ['说明', '比率以小数存储（0.963 即 96.3%），分母为零时留空；导出内容仅含统计数与工单编号，不含个人信息。'],
      ],
    },
    tables: [
      kpiTable(s),
      countsTable(s),
      populationTable(s),
      shareTable('by-category', '事件类型', '类型', s.breakdowns.byCategory, categoryLabel, s.kpis.reported),
      shareTable('by-source', '事件来源', '来源', s.breakdowns.bySource, sourceLabel, s.kpis.reported),
      childrenTable(s),
      outcomesTable(s),
      hotlineTable(s),
      overdueTable(s),
      stateTable(s),
      dailyTable(s),
    ],
  };
}

type ScalarKpi = Exclude<keyof KpiValues, 'keyPopulations'>;
const RATE_KPIS = new Set<ScalarKpi>(['disposalRate', 'onTimeRate', 'closureRate', 'satisfactionRate', 'hotlineConnect10sRate', 'dispatchAccuracy', 'hotlineSatisfaction', 'cameraOnlineRate', 'patrolCompletion']);

/** The key beside a row's label, for scripts that read the files. */
const KEY: ColumnSpec = ['键', 'text'];
/** This period, 环比 and 同比, of a table of counts. */
const PERIODS: readonly ColumnSpec[] = [['本期', 'int'], ['环比期', 'int'], ['同比期', 'int']];

function kpiTable(s: ScopeSummary): ReportTable {
  const keys = Object.keys(KPI_LABELS) as ScalarKpi[];
  const note = '环比：上一个自然日、周、月（自定义时段为之前等长时段）；同比：上一年同一日历时段。增减为本期减对比期，比率之差以百分点计。';
  const columns: ColumnSpec[] = [['指标', 'text'], KEY, ['本期', 'row'], ['环比期', 'row'], ['环比增减', 'row'], ['同比期', 'row'], ['同比增减', 'row']];
  return table({ id: 'kpis', title: '核心指标', note, columns }, keys.map((k): ReportRow => {
    const now = s.kpis[k];
    const prev = s.previous.kpis[k];
    const year = s.yearAgo.kpis[k];
    return {
      cells: [KPI_LABELS[k], k, now, prev, diff(now, prev), year, diff(now, year)],
      format: RATE_KPIS.has(k) ? 'rate' : k === 'meanHandlingHours' ? 'hours' : 'int',
    };
  }));
}

const COUNT_LABELS: Readonly<Record<keyof KpiCounts, string>> = {
  reported: '上报事件',
  resolvedByAsOf: '其中已处置',
  closedByAsOf: '其中已结案',
  firstResolved: '首次办结工单',
  firstResolvedOnTime: '其中按期',
  ratings: '评价数',
  satisfied: '其中满意',
  hotlineRatings: '热线事件评价数',
  hotlineSatisfied: '其中满意',
  callsOffered: '热线来电',
  callsWithin10s: '10秒内接通',
  dispatches: '派单次数',
  dispatchesKept: '未被退单',
  cameras: '视频点位',
  camerasOnline: '其中在线',
  rentalBuildings: '出租屋',
  rentalBuildingsPatrolled: '其中巡查达标',
};

function countsTable(s: ScopeSummary): ReportTable {
  const keys = Object.keys(COUNT_LABELS) as (keyof KpiCounts)[];
  return table(
    { id: 'kpi-counts', title: '指标计数', note: '各比率的分子与分母。', columns: [['计数', 'text'], KEY, ...PERIODS] },
    keys.map((k) => [COUNT_LABELS[k], k, s.counts[k], s.previous.counts[k], s.yearAgo.counts[k]]),
  );
}

function populationTable(s: ScopeSummary): ReportTable {
  const keys = Object.keys(s.kpis.keyPopulations) as (keyof KpiValues['keyPopulations'])[];
  return table(
    { id: 'key-populations', title: '重点人群', note: '各时段截至时点的在册人数（一人可属多类）。', columns: [['类别', 'text'], KEY, ...PERIODS] },
    keys.map((k) => [populationLabel(k), k, s.kpis.keyPopulations[k], s.previous.kpis.keyPopulations[k], s.yearAgo.kpis.keyPopulations[k]]),
  );
}

function shareTable(id: string, title: string, header: string, rows: readonly { key: string; count: number }[], label: (k: string) => string, total: number): ReportTable {
  return table(
    { id, title, columns: [[header, 'text'], KEY, ['事件数', 'int'], ['占比', 'rate']] },
    rows.map((r) => [label(r.key), r.key, r.count, total === 0 ? null : r.count / total]),
  );
}

function childrenTable(s: ScopeSummary): ReportTable {
  const note = '按本期上报事件数排序；超期、临期为截至时点的在办工单。';
  const columns: ColumnSpec[] = [['排名', 'int'], ['代码', 'text'], ['名称', 'text'], ['上报数', 'int'], ['处置率', 'rate'], ['结案率', 'rate'], ['超期数', 'int'], ['临期数', 'int']];
  return table(
    { id: 'sub-scopes', title: '下级辖区排名', note, columns },
    s.breakdowns.children.map((c, i) => [i + 1, c.code, c.name, c.reported, c.disposalRate, c.closureRate, c.overdueNow, c.atRiskNow]),
  );
}

function outcomesTable(s: ScopeSummary): ReportTable {
  const o = s.breakdowns.outcomes;
  const rate = (a: number, b: number): number | null => (b === 0 ? null : a / b);
  const note = '本期派遣的工单截至时点的结果；超期数为截至时点全部在办工单中已超期者（合计行含本期以前派遣的工单）。';
  const columns: ColumnSpec[] = [
    ['部门', 'text'], ['派遣工单', 'int'], ['已办结', 'int'], ['按期办结', 'int'], ['逾期办结', 'int'],
    ['按期办结率', 'rate'], ['退单', 'int'], ['延期', 'int'], ['超期', 'int'], ['平均办理时长（小时）', 'hours'],
  ];
  return table({ id: 'workorder-outcomes', title: '工单办理', note, columns }, [
    ...s.breakdowns.byDepartment.map((d) => [d.department, d.opened, d.firstResolved, d.onTime, d.firstResolved - d.onTime, rate(d.onTime, d.firstResolved), d.returned, d.extended, d.overdueNow, d.meanHandlingHours]),
    ['合计', o.opened, o.firstResolved, o.onTime, o.late, rate(o.onTime, o.firstResolved), o.returned, o.extended, o.overdueNow, o.meanHandlingHours],
  ]);
}

function hotlineTable(s: ScopeSummary): ReportTable {
  const h = s.breakdowns.hotline;
  const count = (label: string, key: string, v: number): ReportRow => ({ cells: [label, key, v, null, null], format: 'int' });
  return table({ id: 'hotline', title: '12345热线', columns: [['项目', 'text'], KEY, ['本期', 'row'], ['目标', 'rate'], ['是否达标', 'text']] }, [
    count('来电', 'callsOffered', h.callsOffered),
    count('接通', 'callsAnswered', h.callsAnswered),
    count('10秒内接通', 'callsWithin10s', h.callsWithin10s),
    count('未接通', 'callsAbandoned', h.callsAbandoned),
    count('热线来源事件', 'incidents', h.incidents),
    ...h.targets.map((t): ReportRow => ({ cells: [KPI_LABELS[t.key], t.key, t.value, t.target, t.met === null ? '—' : t.met ? '达标' : '未达标'], format: 'rate' })),
  ]);
}

function overdueTable(s: ScopeSummary): ReportTable {
  const columns: ColumnSpec[] = [
    ['序号', 'int'], ['工单号', 'text'], ['事件号', 'text'], ['网格代码', 'text'], ['类型', 'text'],
    ['部门', 'text'], ['状态', 'text'], ['期限', 'datetime'], ['超期时长（小时）', 'hours'],
  ];
  return table(
    { id: 'top-overdue', title: '超期最久工单（前十）', columns },
    s.breakdowns.topOverdue.map((o, i) => [i + 1, o.workOrderId, o.incidentId, o.scope, o.category === null ? null : categoryLabel(o.category), o.department, stateLabel(o.state), localTime(o.deadline, s.timeZone), o.overdueHours]),
  );
}

function stateTable(s: ScopeSummary): ReportTable {
  const labels: Record<string, string> = { overdue: '其中超期', atRisk: '其中临期' };
  const entries = Object.entries(s.breakdowns.workOrdersByState).sort(([a], [b]) => Number(a in labels) - Number(b in labels));
  return table(
    { id: 'open-workorders', title: '在办工单', note: '截至时点在办工单按状态。', columns: [['状态', 'text'], KEY, ['工单数', 'int']] },
    entries.map(([k, n]) => [labels[k] ?? stateLabel(k), k, n]),
  );
}

function dailyTable(s: ScopeSummary): ReportTable {
  return table(
    { id: 'daily', title: '每日趋势', columns: [['日期', 'text'], ['上报事件', 'int'], ['首次办结', 'int'], ['热线来电', 'int']] },
    s.breakdowns.daily.map((d) => [d.day, d.reported, d.firstResolved, d.callsOffered]),
  );
}

/** A column as a table declares it: its header and how its cells are shown. */
type ColumnSpec = readonly [header: string, format: ReportColumn['format']];

/** What a table is, apart from its rows: `ReportTable` with its columns as `[header, format]`. */
interface TableSpec {
  id: string;
  title: string;
  note?: string;
  columns: readonly ColumnSpec[];
}

/**
 * The table `spec` declares, with `rows`: a row's cells, or the row itself when it says the
 * format of its `row` columns. Each table is declared by its columns and a row per item, so the
 * tables cannot differ in how they are put together.
 */
function table(spec: TableSpec, rows: readonly (Cell[] | ReportRow)[]): ReportTable {
  const { id, title, note, columns } = spec;
  return {
    id,
    title,
    // A table without a note has no `note` key, rather than one holding `undefined`.
    ...(note === undefined ? {} : { note }),
    columns: columns.map(([header, format]) => ({ header, format })),
    rows: rows.map((r) => (Array.isArray(r) ? { cells: r } : r)),
  };
}

function diff(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

/** `yyyy-MM-dd HH:mm:ss` of an ISO instant in the zone. */
export function localTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

function localDate(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd');
}

/** A calendar period as its first and last local day; a custom one by its two instants. */
export function periodText(from: string, to: string, kind: string, zone: string): string {
  if (kind === 'custom') return `${localTime(from, zone)} 至 ${localTime(to, zone)}（不含）`;
  const first = DateTime.fromISO(from, { zone });
  const last = DateTime.fromISO(to, { zone }).minus({ days: 1 });
  const a = first.toFormat('yyyy-MM-dd');
  const b = last.toFormat('yyyy-MM-dd');
  return a === b ? a : `${a} 至 ${b}`;
}
