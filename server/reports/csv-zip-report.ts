import { Zip, ZipDeflate, strToU8 } from 'fflate';
import type { Writable } from 'node:stream';
import type { Cell, Report, ReportTable } from './report-model';

/** UTF-8 byte order mark: Excel on Chinese Windows reads a CSV without it as GBK and garbles it. */
const BOM = '\uFEFF';

/**
 * Writes the report as a zip of CSV files, one per table (`01-kpis.csv` …) plus `00-cover.csv`:
 * UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting. Numbers are written raw, as in the JSON
 * summary (a rate as a fraction, hours as hours); an empty denominator is an empty cell.
 * Each file is deflated and pushed to `out` as it is made.
 */
export function writeCsvZipReport(report: Report, out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new Zip((err, chunk, final) => {
      if (err) return reject(err);
      out.write(chunk);
      if (final) out.end(resolve);
    });
    const add = (name: string, text: string): void => {
      const file = new ZipDeflate(name, { level: 6 });
      zip.add(file);
      file.push(strToU8(BOM + text), true);
    };
    add('00-cover.csv', csv([['项目', '内容'], [report.cover.title, ''], ...report.cover.fields]));
    report.tables.forEach((t, i) => add(csvFileName(t, i + 1), tableCsv(t)));
    zip.end();
  });
}

/** `NN-<table id>.csv`, numbered in the report's order. */
export function csvFileName(t: ReportTable, n: number): string {
  return `${String(n).padStart(2, '0')}-${t.id}.csv`;
}

function tableCsv(t: ReportTable): string {
  return csv([t.columns.map((c) => c.header), ...t.rows.map((r) => r.cells)]);
}

function csv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(v: Cell): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
