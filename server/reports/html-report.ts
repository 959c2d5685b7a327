import type { Cell, CellFormat, Report, ReportTable } from './report-model';
import { categoryChartSvg, dailyChartSvg } from './report-charts';

/**
 * The printable report: one self-contained HTML page (no script, styles inline, charts as SVG
 * images in data URIs) with print CSS for A4: a cover, then each table in its own section
 * starting on a new page, header rows repeated on every page. Browsers print it to PDF; the
 * server prints it with headless Chromium for `summary.pdf`.
 */
export function htmlReport(report: Report): string {
  const s = report.summary;
  const charts: Record<string, string> = {
    'by-category': s.breakdowns.byCategory.length > 0 ? img(categoryChartSvg(s), '事件类型图') : '',
    daily: img(dailyChartSvg(s), '每日趋势图'),
  };
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(report.cover.title)} ${esc(report.fileStem)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="watermark" aria-hidden="true">${esc(report.watermark)}</div>
<div class="page-mark">${esc(report.watermark)}</div>
<section class="cover">
  <h1>${esc(report.cover.title)}</h1>
  <table class="fields">${report.cover.fields.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
  <h2>目录</h2>
  <ol class="toc">${report.tables.map((t) => `<li>${esc(t.title)}</li>`).join('')}</ol>
</section>
${report.tables.map((t) => section(t, charts[t.id] ?? '')).join('\n')}
</body>
</html>`;
}

function section(t: ReportTable, chart: string): string {
  const head = `<tr>${t.columns.map((c) => `<th>${esc(c.header)}</th>`).join('')}</tr>`;
  const body = t.rows.length === 0
    ? `<tr><td class="empty" colspan="${t.columns.length}">本期无数据</td></tr>`
    : t.rows.map((r) => `<tr>${r.cells.map((v, i) => {
        const col = t.columns[i]!;
        const fmt = col.format === 'row' ? (r.format ?? 'text') : col.format;
        return `<td class="${fmt}">${esc(formatCell(v, fmt))}</td>`;
      }).join('')}</tr>`).join('');
  return `<section id="${esc(t.id)}">
  <h2>${esc(t.title)}</h2>
  ${t.note ? `<p class="note">${esc(t.note)}</p>` : ''}
  ${chart}
  <table class="data"><thead>${head}</thead><tbody>${body}</tbody></table>
</section>`;
}

/** A cell as the screen shows it: 96.3%, 1,234, 5.2 (hours); `—` for an empty denominator. */
export function formatCell(v: Cell, fmt: CellFormat): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  switch (fmt) {
    case 'rate':
      return `${(v * 100).toFixed(1)}%`;
    case 'hours':
      return v.toFixed(1);
    case 'int':
      return Math.round(v).toLocaleString('en-US');
    default:
      return String(v);
  }
}

function img(svg: string, alt: string): string {
  return `<img class="chart" alt="${esc(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 182mm; font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #111; background: #fff; }
h1 { font-size: 22pt; margin: 30mm 0 10mm; }
h2 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 1.5pt solid #1f4e99; padding-bottom: 1mm; }
section { break-before: page; padding-top: 2mm; }
section.cover { break-before: auto; }
.note { color: #555; font-size: 9pt; margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.data th, table.data td { border: 0.5pt solid #999; padding: 1mm 1.5mm; }
table.data th { background: #dde6f5; font-weight: bold; text-align: center; }
td.int, td.rate, td.hours { text-align: right; font-variant-numeric: tabular-nums; }
td.empty { text-align: center; color: #777; }
table.fields th { text-align: left; width: 28mm; padding: 1.5mm 0; vertical-align: top; }
table.fields td { padding: 1.5mm 0; }
.toc { columns: 2; }
img.chart { display: block; width: 100%; height: auto; margin: 0 0 4mm; break-inside: avoid; }
/* Fixed elements repeat on every printed page: a line naming the export, and a light diagonal mark. */
.page-mark { position: fixed; top: -10mm; left: 0; right: 0; font-size: 7.5pt; color: #666; text-align: right; }
.watermark { position: fixed; top: 45%; left: -10%; width: 120%; text-align: center; transform: rotate(-30deg); font-size: 22pt; color: rgba(0, 0, 0, 0.07); pointer-events: none; white-space: nowrap; }
@media screen { body { padding: 10mm; } section { border-top: 1px dashed #bbb; margin-top: 10mm; } .page-mark { position: static; } }
`;
