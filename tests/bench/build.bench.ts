import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kib, median, type Bench } from './bench-kit';

const root = join(import.meta.dirname, '../..');

/** Web build time (median of 3) and what the browser downloads. */
export const buildBench: Bench = {
  name: 'web build',
  async run() {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('vite build failed');
      times.push(performance.now() - t0);
    }
    const assets = join(root, 'dist/web/assets');
    const rows = readdirSync(assets)
      .map((f) => {
        const buf = readFileSync(join(assets, f));
        return { f, raw: statSync(join(assets, f)).size, gz: gzipSync(buf).length };
      })
      .sort((a, b) => b.raw - a.raw);
    const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gz: a.gz + r.gz }), { raw: 0, gz: 0 });
    return [
      `Build (\`vite build\`), median of 3: **${(median(times) / 1000).toFixed(1)} s** (runs: ${times.map((t) => (t / 1000).toFixed(1)).join(', ')} s).`,
      '',
      '| asset | bytes | gzip |',
      '| --- | ---: | ---: |',
      ...rows.map((r) => `| ${r.f.replace(/-[\w-]{8}\./, '.')} | ${kib(r.raw)} | ${kib(r.gz)} |`),
      `| **total** | **${kib(total.raw)}** | **${kib(total.gz)}** |`,
    ].join('\n');
  },
};
