import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** Runs a server CLI (`server/cli/<script>`) with `env`; returns the last line it printed. */
export function runCli(env: NodeJS.ProcessEnv, script: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/cli', script), ...args], { env, encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!.trim();
}

/**
 * Starts the real server (`server/cli/serve.ts`) as its own process, as `npm start` would, and
 * resolves with its URL once it listens. Pass `PORT=0` in `env` for a free port.
 */
export function startServerProcess(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(root, 'server/cli/serve.ts')], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /ready: (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1') });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}\n${err}`)));
  });
}

/** Stops a server process gracefully and waits for it. */
export async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
