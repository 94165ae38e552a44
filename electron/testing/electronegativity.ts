import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * Runs @doyensec/electronegativity through its programmatic API (its CLI exits 0 even with HIGH
 * findings), offline: the two things that reach the network — a translation download at start and
 * the Electron release list of AvailableSecurityFixesGlobalCheck — get a `got` that refuses
 * without sending anything, and that check is excluded.
 */
export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  manualReview: boolean;
  file: string;
  line: number | undefined;
  description: string;
}

export interface ScanResult {
  checks: number;
  findings: Finding[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  /** URLs the tool tried to fetch (all refused). */
  fetchAttempts: string[];
}

const req = createRequire(import.meta.url);
const base = path.dirname(req.resolve('@doyensec/electronegativity/package.json'));
const fetchAttempts: string[] = [];

function installOfflineGot(): void {
  const gotPath = createRequire(path.join(base, 'dist', 'locales', 'i18n.js')).resolve('got');
  const refuse = (url: unknown) => {
    fetchAttempts.push(String(url));
    return Promise.reject(new Error('VaxDesk tests run offline'));
  };
  refuse.head = refuse;
  req.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: refuse } as unknown as NodeJS.Module;
}

type Runner = (opts: Record<string, unknown>) => Promise<{ globalChecks: number; atomicChecks: number; errors: ScanResult['errors']; issues: Array<Record<string, unknown>> }>;

export async function scan(input: string): Promise<ScanResult> {
  installOfflineGot();
  const run = req(path.join(base, 'dist', 'runner.js')) as Runner;
  const before = fetchAttempts.length;
  const res = await run({
    input,
    output: null,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: null,
    confidenceSet: null,
    isRelative: true,
    electronUpgrade: null,
    electronVersionOverride: null,
  });
  const findings = res.issues.map((i) => ({
    id: String(i.id),
    severity: String((i.severity as { name: string }).name),
    confidence: String((i.confidence as { name: string }).name),
    manualReview: i.manualReview === true,
    file: String(i.file),
    line: (i.location as { line?: number } | undefined)?.line,
    description: String(i.description ?? ''),
  }));
  return { checks: res.globalChecks + res.atomicChecks, findings, errors: res.errors, fetchAttempts: fetchAttempts.slice(before) };
}

/** HIGH or MEDIUM findings that the tool did not mark for manual review: these fail the gate. */
export function blocking(findings: Finding[]): Finding[] {
  return findings.filter((f) => (f.severity === 'HIGH' || f.severity === 'MEDIUM') && !f.manualReview);
}

/**
 * What ships and runs: the main process and preload sources (not tests or test fakes), the
 * renderer's sources and HTML, and package.json for the Electron version.
 */
export function stageAppSources(repo: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-electronegativity-'));
  fs.copyFileSync(path.join(repo, 'package.json'), path.join(out, 'package.json'));
  const copy = (dir: string, keep: (rel: string) => boolean) => {
    const from = path.join(repo, dir);
    if (!fs.existsSync(from)) return;
    for (const rel of fs.readdirSync(from, { recursive: true }) as string[]) {
      const src = path.join(from, rel);
      if (!fs.statSync(src).isFile() || !keep(rel)) continue;
      fs.mkdirSync(path.dirname(path.join(out, dir, rel)), { recursive: true });
      fs.copyFileSync(src, path.join(out, dir, rel));
    }
  };
  const notTest = (rel: string) => !/\.test\.tsx?$/.test(rel) && !rel.split(path.sep).includes('testing');
  copy('electron', (rel) => rel.endsWith('.ts') && notTest(rel));
  copy('renderer', (rel) => /\.(tsx?|html)$/.test(rel) && notTest(rel) && !rel.endsWith('.d.ts') && !rel.split(path.sep).includes('node_modules'));
  return out;
}
