import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

/** Bundles a worker script once, so that each of the hundreds of child processes starts in ~100 ms. */
export async function bundleWorker(entry: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.cjs`);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['better-sqlite3'], logLevel: 'error' });
  return outfile;
}

export interface KillRun {
  lines: string[];
  killed: boolean;
  exitCode: number | null;
  stderr: string;
}

/**
 * Runs a child and sends SIGKILL `killAfterMs` after it printed READY, or after it started when
 * `from` is 'spawn' (or lets it finish when killAfterMs is null).
 * Resolves with every complete line it printed before it died.
 */
export function runAndKill(script: string, args: string[], killAfterMs: number | null, from: 'ready' | 'spawn' = 'ready'): Promise<KillRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Resolve better-sqlite3 from the repository's node_modules.
      env: { ...process.env, NODE_PATH: path.resolve('node_modules') },
    });
    let out = '';
    let stderr = '';
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      timer = setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, killAfterMs!);
    };
    if (killAfterMs !== null && from === 'spawn') arm();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      if (killAfterMs !== null && from === 'ready' && timer === undefined && out.includes('READY\n')) arm();
    });
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      // Only complete lines count: a half-written line was not an acknowledgement.
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      resolve({ lines: complete.split('\n').filter(Boolean), killed, exitCode: code, stderr });
    });
  });
}
