import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const tsx = path.join(__dirname, '../../node_modules/.bin/tsx');

/** Runs a script in its own Node process: vitest's own handler would hide what plain Node does. */
function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ['-e', script], { cwd: path.join(__dirname, '../..'), timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('process guards', () => {
  it('a rejected promise no one awaits is logged and the process carries on', async () => {
    const guarded = await run(`
      const { installProcessGuards } = require('./src/server/process-guards');
      installProcessGuards();
      void Promise.reject(new Error('SQLITE_READONLY: attempt to write a readonly database'));
      setTimeout(() => console.log('still running'), 50);
    `);
    expect(guarded.stdout).toContain('still running');
    expect(guarded.stderr).toContain('SQLITE_READONLY');
    expect(guarded.code).toBe(0);

    // Without the guard, Node ends the process: the reason the guard exists.
    const bare = await run(`void Promise.reject(new Error('boom')); setTimeout(() => console.log('still running'), 50);`);
    expect(bare.stdout).not.toContain('still running');
    expect(bare.code).not.toBe(0);
  });
});
