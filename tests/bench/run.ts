import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine, type Bench } from './bench-kit';
import { buildBench } from './build.bench';
import { installBench } from './install.bench';
import { geoBench } from './geo.bench';
import { ingestBench } from './ingest.bench';
import { engineBench } from './engine.bench';
import { realtimeBench } from './realtime.bench';
import { wallBench } from './wall.bench';
import { reportBench } from './report.bench';
import { drillBench } from './drill.bench';

/**
 * `npm run bench [-- NAME...]`: runs the benchmarks (all, or those named) and rewrites their
 * sections of BENCHMARKS.md, keeping the sections of benchmarks not run.
 */
const benches: Bench[] = [installBench, buildBench, geoBench, ingestBench, engineBench, realtimeBench, wallBench, drillBench, reportBench];
const file = join(import.meta.dirname, '../../BENCHMARKS.md');

const wanted = process.argv.slice(2);
const selected = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches;
const sections = readSections();
for (const b of selected) {
  console.log(`bench: ${b.name}…`);
  const body = await b.run();
  sections.set(b.name, `## ${b.name}\n\n_${new Date().toISOString().slice(0, 10)}, ${machine()}_\n\n${body}\n`);
  console.log(body);
}
const ordered = benches.map((b) => sections.get(b.name)).filter(Boolean);
writeFileSync(
  file,
  `# Benchmarks\n\nWritten by \`npm run bench\` (\`tests/bench/\`); each section names its machine and date. Medians unless said otherwise.\n\n${ordered.join('\n')}`,
);
console.log(`wrote ${file}`);

function readSections(): Map<string, string> {
  const map = new Map<string, string>();
  if (!existsSync(file)) return map;
  const parts = readFileSync(file, 'utf8').split(/^(?=## )/m).slice(1);
  for (const p of parts) map.set(p.slice(3, p.indexOf('\n')).trim(), p.trimEnd() + '\n');
  return map;
}
