import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { CellFormat, Report, ReportTable } from './report-model';

/** Excel number formats of the report's cell formats (real numbers, shown as the screen shows them). */
const NUM_FMT: Readonly<Record<Exclude<CellFormat, 'text' | 'datetime'>, string>> = {
  int: '#,##0',
  rate: '0.0%',
  hours: '0.0',
};

/** Rows above a table's header on its sheet: the title and a blank line (or the note). */
const HEADER_ROW = 3;

/**
 * Writes the report as an XLSX workbook: a cover sheet (scope, period, time zone, generation
 * time, who exported), then one sheet per table, its header row frozen, numbers stored as
 * numbers with a number format (rates as fractions shown as %). A report is a few hundred rows
 * at most (a year has 366 days), so the workbook is built in memory and streamed out.
 */
export async function writeXlsxReport(report: Report, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'grid-command-center';
  wb.created = new Date();
  const cover = wb.addWorksheet('封面', { properties: { tabColor: { argb: 'FF1F4E99' } } });
  cover.columns = [{ width: 14 }, { width: 70 }];
  cover.addRow([report.cover.title]).font = { bold: true, size: 16 };
  cover.addRow([]);
  for (const [label, value] of report.cover.fields) {
    const row = cover.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  cover.addRow([]);
  cover.addRow(['目录']).font = { bold: true };
  for (const t of report.tables) cover.addRow([sheetName(t), t.title]);
  for (const t of report.tables) addTableSheet(wb, t);
  // Every sheet's printed header and footer carry the watermark (who, when, export id).
  for (const ws of wb.worksheets) {
    ws.headerFooter.oddHeader = `&C${excelHeaderText(report.watermark)}`;
    ws.headerFooter.oddFooter = `&L${excelHeaderText(report.watermark)}&R&P / &N`;
  }
  await wb.xlsx.write(out);
}

/** Text for an Excel header or footer: `&` starts a code there, so it is doubled. */
function excelHeaderText(s: string): string {
  return s.replace(/&/g, '&&');
}

/** A sheet's name: the table's title (Excel allows 31 characters and none of []:*?/\). */
export function sheetName(t: ReportTable): string {
  return t.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

/** The row of a table sheet that holds the column headers (1-based); data follows it. */
export const XLSX_HEADER_ROW = HEADER_ROW;

function addTableSheet(wb: ExcelJS.Workbook, t: ReportTable): void {
  const ws = wb.addWorksheet(sheetName(t), { views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }] });
  ws.getCell(1, 1).value = t.title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  if (t.note) {
    ws.getCell(2, 1).value = t.note;
    ws.getCell(2, 1).font = { italic: true, color: { argb: 'FF555555' } };
  }
  const header = ws.getRow(HEADER_ROW);
  t.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F5' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  t.rows.forEach((r, ri) => {
    const row = ws.getRow(HEADER_ROW + 1 + ri);
    r.cells.forEach((v, ci) => {
      const cell = row.getCell(ci + 1);
      cell.value = v;
      const col = t.columns[ci]!;
      const fmt = col.format === 'row' ? (r.format ?? 'text') : col.format;
      if (typeof v === 'number' && fmt !== 'text' && fmt !== 'datetime') cell.numFmt = NUM_FMT[fmt];
    });
  });
  t.columns.forEach((c, i) => {
    const widest = Math.max(displayWidth(c.header), ...t.rows.map((r) => displayWidth(String(r.cells[i] ?? ''))));
    ws.getColumn(i + 1).width = Math.min(40, Math.max(8, widest + 2));
  });
}

/** Width in Excel's character units: a CJK character takes two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}
