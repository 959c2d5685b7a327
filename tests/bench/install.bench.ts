import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench } from './bench-kit';

const root = join(import.meta.dirname, '../..');

/** A clean `npm ci` of the lockfile in an empty directory (one run: it takes minutes). */
export const installBench: Bench = {
  name: 'clean install',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'cc-install-'));
    try {
      copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
      copyFileSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
      const t0 = performance.now();
      const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'ignore' });
      const s = (performance.now() - t0) / 1000;
      if (r.status !== 0) throw new Error('npm ci failed');
      return `Clean \`npm ci\` (empty npm cache not forced; better-sqlite3 compiles from source): **${s.toFixed(0)} s**, one run.`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
