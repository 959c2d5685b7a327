import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeSummary } from '../../server/protocol/index';
import { ManualClock } from '../../server/clock';
import { CLI_ACTOR } from '../../server/audit/audit-log';
import { createAccount } from '../../server/identity/accounts';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ingest } from '../support/kpi-fixture';
import { REPORT_EVENTS, REPORT_NOW } from '../support/report-fixture';

/**
 * The exports read back and compared with the JSON summary of the same parameters: the XLSX with
 * exceljs, the CSV files unzipped and parsed. Nothing here reuses the server's layout code: each
 * number is looked up in the file by its key and compared with the API's.
 */
const clock = new ManualClock(REPORT_NOW);
let running: RunningTestServer;
let analyst: Record<string, string>;
let summary: ScopeSummary;
const FEB = `scope=320612&from=${encodeURIComponent('2026-02-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-03-01T00:00:00+08:00')}`;

async function download(path: string, headers = analyst): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await fetch(`${running.url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  running = await startTestServer({ clock });
  await ingest(running, REPORT_EVENTS);
  const deps = { identity: running.server.stores.identity, audit: running.server.audit };
  await createAccount(deps, CLI_ACTOR, { username: 'lisi', role: 'analyst', scope: '320612' }, 'analyst-password-1');
  const login = await running.server.auth.login('lisi', 'analyst-password-1');
  if (!login.ok) throw new Error('analyst cannot sign in');
  analyst = running.authHeaders(login.token);
  const res = await fetch(`${running.url}/api/scopes/320612/summary?${FEB.replace('scope=320612&', '')}`, { headers: analyst });
  summary = (await res.json()) as ScopeSummary;
  expect(summary.kpis.reported).toBe(3);
});
afterAll(async () => {
  await running.stop();
});

/** A table sheet's data rows below its header row (3), as plain values. */
function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n > 3) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}
const byKey = (rows: unknown[][], key: string, keyCol = 1): unknown[] => {
  const row = rows.find((r) => r[keyCol] === key);
  if (!row) throw new Error(`no row ${key}`);
  return row;
};
/** An empty cell reads back as undefined (XLSX) or '' (CSV); the API's null. */
const orNull = (v: unknown): unknown => (v === undefined || v === '' ? null : v);
const SCALAR_KPIS = ['reported', 'disposalRate', 'onTimeRate', 'overdueNow', 'atRiskNow', 'meanHandlingHours', 'closureRate', 'satisfactionRate', 'hotlineConnect10sRate', 'dispatchAccuracy', 'hotlineSatisfaction', 'cameraOnlineRate', 'patrolCompletion'] as const;

describe('GET /api/reports/summary.xlsx', () => {
  let wb: ExcelJS.Workbook;
  let sha256: string;
  beforeAll(async () => {
    const r = await download(`/api/reports/summary.xlsx?${FEB}`);
    sha256 = createHash('sha256').update(r.body).digest('hex');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.disposition).toMatch(/^attachment; filename="report_320612_2026-02-01_2026-03-01\.xlsx"/);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
  });

  it('is in the audit trail: who, the parameters, the rows and the hash of the bytes handed over', async () => {
    const entries: { actor: string; action: string; detail?: unknown }[] = [];
    for await (const e of running.server.stores.audit.all()) entries.push(e as never);
    const entry = entries.find((e) => e.action === 'export.xlsx') as { actor: string; target: string; detail?: unknown } | undefined;
    expect(entry?.actor).toBe('lisi');
    // The export id in the audit entry is the one the file's cover and every sheet's header print.
    const cover = new Map<string, unknown>();
    wb.worksheets[0]!.eachRow((row) => cover.set(String(row.getCell(1).value), row.getCell(2).value));
    const exportId = String(cover.get('导出编号'));
    expect(exportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry?.target).toBe(exportId);
    for (const ws of wb.worksheets) {
      expect(ws.headerFooter.oddHeader, ws.name).toContain('lisi · 2026-');
      expect(ws.headerFooter.oddHeader, ws.name).toContain(exportId);
    }
    const detail = entry?.detail as { scope: string; sha256: string; parameters: { scope: string; from: string; to: string } };
    expect(detail).toMatchObject({ scope: '320612', sha256, parameters: { scope: '320612' } });
    expect(Date.parse(detail.parameters.from)).toBe(Date.parse('2026-02-01T00:00:00+08:00'));
    expect(Date.parse(detail.parameters.to)).toBe(Date.parse('2026-03-01T00:00:00+08:00'));
    expect((entry?.detail as { rows: number }).rows).toBeGreaterThan(0);
  });

  it('opens with a cover naming the scope, period, time zone, generation time and who exported it', () => {
    const cover = wb.worksheets[0]!;
    expect(cover.name).toBe('封面');
    const fields = new Map<string, unknown>();
    cover.eachRow((row) => fields.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(fields.get('辖区')).toBe(`${summary.scope.name}（320612）`);
    expect(fields.get('报告类型')).toBe('月总结');
    expect(fields.get('统计时段')).toBe('2026-02-01 至 2026-02-28');
    expect(fields.get('时区')).toBe('Asia/Shanghai');
    expect(fields.get('生成时间')).toBe('2026-03-10 12:00:00');
    expect(fields.get('导出人')).toBe('lisi');
  });

  it('has one sheet per section with a frozen header row', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['封面', '核心指标', '指标计数', '重点人群', '事件类型', '事件来源', '下级辖区排名', '工单办理', '12345热线', '超期最久工单（前十）', '在办工单', '每日趋势']);
    for (const ws of wb.worksheets.slice(1)) expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('holds every KPI with 环比 and 同比 as numbers equal to the summary API, with number formats', () => {
    const ws = wb.getWorksheet('核心指标')!;
    const rows = sheetRows(ws);
    for (const k of SCALAR_KPIS) {
      const [, , now, prev, , year] = byKey(rows, k);
      expect([orNull(now), orNull(prev), orNull(year)], k).toEqual([summary.kpis[k], summary.previous.kpis[k], summary.yearAgo.kpis[k]]);
    }
    const rateRow = rows.findIndex((r) => r[1] === 'hotlineConnect10sRate') + 4;
    expect(ws.getRow(rateRow).getCell(3).numFmt).toBe('0.0%');
    expect(typeof ws.getRow(rateRow).getCell(3).value).toBe('number');
    const countRow = rows.findIndex((r) => r[1] === 'reported') + 4;
    expect(ws.getRow(countRow).getCell(3).numFmt).toBe('#,##0');
  });

  it('holds the breakdowns equal to the summary API', () => {
    const daily = sheetRows(wb.getWorksheet('每日趋势')!);
    expect(daily).toEqual(summary.breakdowns.daily.map((d) => [d.day, d.reported, d.firstResolved, d.callsOffered]));
    const children = sheetRows(wb.getWorksheet('下级辖区排名')!);
    expect(children.map((r) => [r[1], r[3]])).toEqual(summary.breakdowns.children.map((c) => [c.code, c.reported]));
    const outcomes = sheetRows(wb.getWorksheet('工单办理')!);
    const o = summary.breakdowns.outcomes;
    expect(byKey(outcomes, '合计', 0)).toEqual(['合计', o.opened, o.firstResolved, o.onTime, o.late, o.onTime / o.firstResolved, o.returned, o.extended, o.overdueNow, o.meanHandlingHours]);
    const hotline = sheetRows(wb.getWorksheet('12345热线')!);
    expect(byKey(hotline, 'callsOffered')[2]).toBe(summary.breakdowns.hotline.callsOffered);
    expect(byKey(hotline, 'hotlineConnect10sRate').slice(2)).toEqual([0.5, 0.95, '未达标']);
    const overdue = sheetRows(wb.getWorksheet('超期最久工单（前十）')!);
    expect(overdue.map((r) => [r[1], r[8]])).toEqual(summary.breakdowns.topOverdue.map((t) => [t.workOrderId, t.overdueHours]));
    const cats = sheetRows(wb.getWorksheet('事件类型')!);
    expect(cats.map((r) => [r[1], r[2]])).toEqual(summary.breakdowns.byCategory.map((c) => [c.key, c.count]));
  });
});

describe('GET /api/reports/summary.csv.zip', () => {
  let files: Record<string, string>;
  beforeAll(async () => {
    const r = await download(`/api/reports/summary.csv.zip?${FEB}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/zip');
    const raw = unzipSync(new Uint8Array(r.body));
    files = Object.fromEntries(Object.entries(raw).map(([name, bytes]) => {
      expect([...bytes.slice(0, 3)], `${name} starts with the UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
      return [name, strFromU8(bytes)];
    }));
  });
  const table = (name: string): string[][] => (parse(files[name]!, { bom: true }) as string[][]).slice(1);

  it('has one UTF-8 CSV per table and a cover', () => {
    expect(Object.keys(files).sort()).toEqual(['00-cover.csv', '01-kpis.csv', '02-kpi-counts.csv', '03-key-populations.csv', '04-by-category.csv', '05-by-source.csv', '06-sub-scopes.csv', '07-workorder-outcomes.csv', '08-hotline.csv', '09-top-overdue.csv', '10-open-workorders.csv', '11-daily.csv']);
    expect(files['00-cover.csv']).toContain(summary.scope.name);
    expect(files['00-cover.csv']).toContain('Asia/Shanghai');
  });

  it('holds every KPI and breakdown equal to the summary API', () => {
    const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));
    const kpis = table('01-kpis.csv');
    for (const k of SCALAR_KPIS) {
      const row = byKey(kpis, k) as string[];
      expect([num(row[2]), num(row[3]), num(row[5])], k).toEqual([summary.kpis[k], summary.previous.kpis[k], summary.yearAgo.kpis[k]]);
    }
    expect(table('11-daily.csv').map((r) => [r[0], ...r.slice(1).map(Number)])).toEqual(summary.breakdowns.daily.map((d) => [d.day, d.reported, d.firstResolved, d.callsOffered]));
    expect(table('06-sub-scopes.csv').map((r) => [r[1], Number(r[3])])).toEqual(summary.breakdowns.children.map((c) => [c.code, c.reported]));
    const total = byKey(table('07-workorder-outcomes.csv'), '合计', 0) as string[];
    expect(total.slice(1, 5).map(Number)).toEqual([summary.breakdowns.outcomes.opened, summary.breakdowns.outcomes.firstResolved, summary.breakdowns.outcomes.onTime, summary.breakdowns.outcomes.late]);
    expect(table('09-top-overdue.csv').map((r) => [r[1], Number(r[8])])).toEqual(summary.breakdowns.topOverdue.map((t) => [t.workOrderId, t.overdueHours]));
  });
});

describe('bad export requests', () => {
  it('names the field of a bad period (400), hides an unknown scope (404) and refuses a wall display (403)', async () => {
    const bad = await download(`/api/reports/summary.xlsx?scope=320612&from=${encodeURIComponent('2026-02-02T00:00:00+08:00')}&to=${encodeURIComponent('2026-02-01T00:00:00+08:00')}`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ error: 'invalid', issues: [{ path: 'to', message: 'must be after from' }] });
    const malformed = await download('/api/reports/summary.csv.zip?scope=320612&from=yesterday&to=2026-02-01T00:00:00Z');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body.toString()).issues).toEqual([{ path: 'from', message: expect.stringContaining('ISO 8601') }]);
    expect((await download(`/api/reports/summary.xlsx?${FEB.replace('320612', '999999')}`)).status).toBe(404);
    expect((await download(`/api/reports/summary.xlsx?${FEB}`, running.authHeaders())).status).toBe(403);
  });
});
