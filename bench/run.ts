/**
 * The benchmark runner: `npm run bench` (full sizes, 3 runs each) or `npm run bench -- --smoke`
 * (tiny sizes, one run, part of the test command so the benchmark cannot rot).
 *
 * Every scenario runs in a fresh process (`tsx bench/scenarios/<name>.ts`), so one scenario's heap,
 * JIT state and page cache habits never flatter the next. Cached inputs (the region database, the
 * pre-rendered FHIR pages) are built first, in their own processes, and are not timed.
 * Prints one JSON line per measured figure (medians over the runs), then a table; a full run also
 * writes them to bench/results/. Exits non-zero if any scenario process failed.
 *
 * Options: --smoke, --runs <k>, --only <name,name>, --ingest <n> (rows of the ingest and its limits)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULT_PREFIX, round, type Measure } from './lib';
import { pullAvailability } from './pull';

const { values } = parseArgs({ options: { smoke: { type: 'boolean' }, runs: { type: 'string' }, only: { type: 'string' }, ingest: { type: 'string' } } });
const smoke = values.smoke ?? false;
const runs = Number(values.runs ?? (smoke ? 1 : 3));
const only = values.only ? new Set(values.only.split(',')) : null;

const SIZES = smoke
  ? { ingest: 1_000, peer: 200, region: 2_000, pull: 1_000, checkins: 10, searches: 30, counters: 20 }
  : { ingest: 500_000, peer: 100_000, region: 1_000_000, pull: 500_000, checkins: 2_000, searches: 1_000, counters: 500 };
if (values.ingest) SIZES.ingest = Number(values.ingest);
/** Where the pull of scenario 5 starts in the generator: rows that are not in the region yet. */
const PULL_OFFSET = 2_000_000;

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Scenario {
  name: string;
  args: (db: string) => string[];
  needsRegion?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'ingest', args: () => ['--n', String(SIZES.ingest)] },
  { name: 'limit', args: () => ['--n', String(SIZES.ingest)] },
  { name: 'peer', args: () => ['--n', String(SIZES.peer), '--x', `count=${SIZES.searches}`] },
  { name: 'search', needsRegion: true, args: (db) => ['--n', String(SIZES.region), '--db', db, '--x', `count=${SIZES.searches}`] },
  { name: 'checkin', needsRegion: true, args: (db) => ['--n', String(SIZES.region), '--db', db, '--x', `count=${SIZES.checkins}`, '--x', `pull=${SIZES.pull}`, '--x', `offset=${PULL_OFFSET}`] },
  { name: 'dashboard', needsRegion: true, args: (db) => ['--n', String(SIZES.region), '--db', db, '--x', `count=${SIZES.counters}`] },
  { name: 'startup', needsRegion: true, args: (db) => ['--n', String(SIZES.region), '--db', db, '--x', `rows=${SIZES.region}`] },
];

function run(script: string, args: string[]): Promise<{ code: number; stdout: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(TSX, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, ms: Date.now() - t0 }));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** "p99 < 2 ms", "ratio > 1", "< 1000 ms", "ratio >= 0.5": checked again on the medians. */
function meets(m: Measure): boolean | undefined {
  const t = /^(p99|p50|ratio)?\s*(<|>|>=)\s*([\d.]+)/.exec(m.target ?? '');
  if (!t) return undefined;
  const v = t[1] === 'p99' ? m.p99_ms : t[1] === 'p50' ? m.p50_ms : t[1] === 'ratio' ? m.ratio : m.median_ms;
  if (v === undefined) return undefined;
  const bound = Number(t[3]);
  return t[2] === '<' ? v < bound : t[2] === '>' ? v > bound : v >= bound;
}

const NUMERIC = ['n', 'median_ms', 'p50_ms', 'p99_ms', 'rows_per_s', 'ratio', 'peak_rss_mb'] as const;

function aggregate(samples: Measure[][]): (Measure & { runs: number })[] {
  const byName = new Map<string, Measure[]>();
  for (const run of samples) for (const m of run) byName.set(m.scenario, [...(byName.get(m.scenario) ?? []), m]);
  return [...byName.entries()].map(([scenario, ms]) => {
    const out: Measure & { runs: number } = { scenario, runs: ms.length };
    for (const k of NUMERIC) {
      const xs = ms.map((m) => m[k]).filter((x): x is number => typeof x === 'number');
      if (xs.length) out[k] = round(median(xs), k === 'rows_per_s' || k === 'n' || k === 'peak_rss_mb' ? 0 : 3);
    }
    const last = ms[ms.length - 1]!;
    if (last.skipped) out.skipped = last.skipped;
    if (last.target) out.target = last.target;
    if (last.note) out.note = last.note;
    return out;
  });
}

function table(rows: (Measure & { runs: number })[]): string {
  const cols = ['scenario', 'n', 'runs', 'median_ms', 'p50_ms', 'p99_ms', 'rows_per_s', 'ratio', 'peak_rss_mb', 'target', 'met'] as const;
  const cell = (r: Measure & { runs: number }, c: (typeof cols)[number]) => {
    if (r.skipped && c === 'target') return `skipped: ${r.skipped}`;
    const v = r[c as keyof typeof r];
    if (v === undefined) return '';
    if (c === 'met') return v ? 'yes' : 'NO';
    return typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(v);
  };
  const grid = [cols.map(String), ...rows.map((r) => cols.map((c) => cell(r, c)))];
  const widths = cols.map((_, i) => Math.max(...grid.map((g) => g[i]!.length)));
  return grid.map((g, j) => g.map((s, i) => (i === 0 || i === cols.length - 2 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ') + (j === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

async function prepare(script: string, args: string[]): Promise<string> {
  const r = await run(path.join('bench', script), args);
  const out = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !out) throw new Error(`bench/${script} ${args.join(' ')} failed (exit ${r.code})`);
  return out;
}

async function mainRun(): Promise<number> {
  const t0 = Date.now();
  const selected = SCENARIOS.filter((s) => !only || only.has(s.name));
  console.error(`VaxDesk benchmark (${smoke ? 'smoke' : 'full'}, ${runs} run${runs > 1 ? 's' : ''} each) on ${os.cpus().length} cores, Node ${process.version}`);
  let db = '';
  if (selected.some((s) => s.needsRegion)) db = await prepare('prepare.ts', ['--n', String(SIZES.region)]);
  if (!pullAvailability()) {
    if (selected.some((s) => s.name === 'ingest')) await prepare('pages.ts', ['--n', String(SIZES.ingest), '--x', 'start=0']);
    if (selected.some((s) => s.name === 'checkin')) await prepare('pages.ts', ['--n', String(SIZES.pull), '--x', `start=${PULL_OFFSET}`]);
  }

  const failures: string[] = [];
  const results: (Measure & { runs: number })[] = [];
  for (const s of selected) {
    const samples: Measure[][] = [];
    for (let k = 0; k < runs; k++) {
      const r = await run(path.join('bench', 'scenarios', `${s.name}.ts`), [...s.args(db), ...(smoke ? ['--smoke'] : [])]);
      const ms = r.stdout
        .split('\n')
        .filter((l) => l.startsWith(RESULT_PREFIX))
        .map((l) => JSON.parse(l.slice(RESULT_PREFIX.length)) as Measure);
      if (r.code !== 0 || ms.length === 0) {
        failures.push(`${s.name} (run ${k + 1}: exit ${r.code}, ${ms.length} results)`);
        break;
      }
      samples.push(ms);
      console.error(`  ${s.name} run ${k + 1}/${runs}: ${(r.ms / 1000).toFixed(1)} s`);
      // A skipped scenario says so the same way every time: once is enough.
      if (ms.every((m) => m.skipped)) break;
    }
    results.push(...aggregate(samples));
  }
  // Scenario 2 is the bound of scenario 1.
  const ingest = results.find((r) => r.scenario === 'ingest.first');
  const limit = results.find((r) => r.scenario === 'limit');
  if (ingest?.rows_per_s && limit?.rows_per_s) {
    ingest.ratio = round(ingest.rows_per_s / limit.rows_per_s, 3);
    ingest.target = `ratio >= 0.5 (of the limit's rows/s), RSS < 400 MB`;
  }
  // The same ingest against the plain bound (no name index): how far it is from SQLite itself.
  const plain = results.find((r) => r.scenario === 'limit.plain');
  if (ingest?.rows_per_s && plain?.rows_per_s) {
    results.splice(results.indexOf(ingest) + 1, 0, {
      scenario: 'ingest.first.vs-plain',
      n: ingest.n,
      runs: ingest.runs,
      rows_per_s: ingest.rows_per_s,
      ratio: round(ingest.rows_per_s / plain.rows_per_s, 3),
      note: "ingest.first's rows/s ÷ limit.plain's",
    });
  }
  for (const r of results) {
    const met = r.skipped ? undefined : meets(r);
    if (met !== undefined) r.met = r.scenario === 'ingest.first' ? met && (r.peak_rss_mb ?? 0) < 400 : met;
  }

  for (const r of results) console.log(JSON.stringify(r));
  console.log('');
  console.log(table(results));
  console.log(`\n${results.filter((r) => r.met === true).length} targets met, ${results.filter((r) => r.met === false).length} missed, ${results.filter((r) => r.skipped).length} skipped; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (!smoke) {
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    fs.writeFileSync(file, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
    console.log(`written to ${path.relative(ROOT, file)}`);
  }
  if (failures.length) {
    console.error(`FAILED: ${failures.join('; ')}`);
    return 1;
  }
  return 0;
}

mainRun().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
