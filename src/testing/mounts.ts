import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Real mounts for tests that need what chmod cannot give root: a read-only folder, a small disk.
 * Each returns null (with the reason) where mounting is impossible (not root, no mount(8), a
 * container without CAP_SYS_ADMIN), so the test can skip saying why.
 */
export function canMount(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root: mount(8) needs it';
  const dir = fs.mkdtempSync('/tmp/vaxdesk-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount is not possible here: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `source` seen read-only at `target` (a bind mount: root cannot write through it either). */
export function bindReadOnly(source: string, target: string): () => void {
  fs.mkdirSync(target, { recursive: true });
  execFileSync('mount', ['--bind', source, target], { stdio: 'pipe' });
  try {
    execFileSync('mount', ['-o', 'remount,bind,ro', target], { stdio: 'pipe' });
  } catch (e) {
    execFileSync('umount', ['-l', target], { stdio: 'pipe' });
    throw e;
  }
  // Lazy: a worker thread or a closed-but-not-yet-released handle must not leave the mount behind.
  return () => execFileSync('umount', ['-l', target], { stdio: 'pipe' });
}

/** A tmpfs of `bytes` at `target`, for a disk that fills up. */
export function smallDisk(target: string, bytes: number): () => void {
  fs.mkdirSync(target, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', target], { stdio: 'pipe' });
  return () => execFileSync('umount', ['-l', target], { stdio: 'pipe' });
}
