import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinModules, createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import { buildElectron } from '../tools/build.mjs';

/*
 * Runs electron-builder for real (`--linux dir`) with the project's electron-builder.yml, except:
 * a stub Electron distribution (the real zip cannot be downloaded here) and npmRebuild off (here a
 * "rebuild" would silently compile for Node). Every download URL points at a closed local port,
 * so any attempt to fetch something fails the build instead of passing unnoticed.
 */
const repo = path.resolve(__dirname, '..');
const req = createRequire(path.join(repo, 'package.json'));
const asar = req('@electron/asar') as typeof import('@electron/asar');
const fuses = req('@electron/fuses') as typeof import('@electron/fuses');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's shipped defaults for the 8 V1 fuses ('1' on, '0' off): RunAsNode on, cookie encryption
// off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, V8 snapshot off, file:// extra on.
const STOCK_FUSES = '10110001';

let tmp: string;
let unpacked: string;
let files: string[];
let mainMeta: Metafile;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-package-'));
  const proj = path.join(tmp, 'app');
  fs.mkdirSync(path.join(proj, 'assets'), { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'assets/icon.png']) fs.copyFileSync(path.join(repo, f), path.join(proj, f));
  // Hard links, not a symlink: electron-builder refuses (or silently drops) files reached through a
  // symlink that leaves the project for a system path such as /tmp, where CI may clone the repo.
  try {
    execFileSync('cp', ['-al', path.join(repo, 'node_modules'), path.join(proj, 'node_modules')]);
  } catch {
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(proj, 'node_modules'), 'dir');
  }
  const [main] = (await buildElectron(path.join(proj, 'dist'))) as [{ metafile: Metafile }];
  mainMeta = main.metafile;
  // What `npm start` leaves in dist/electron (tools/electron-native.mjs) must not be packed.
  fs.mkdirSync(path.join(proj, 'dist/electron/node_modules/better-sqlite3'), { recursive: true });
  fs.writeFileSync(path.join(proj, 'dist/electron/node_modules/better-sqlite3/index.js'), '');
  fs.writeFileSync(path.join(proj, 'dist/electron/package.json'), '{"name":"vaxdesk-electron-native"}');
  // The renderer is another build (Vite); a placeholder shows whether dist/renderer/** is packed.
  fs.mkdirSync(path.join(proj, 'dist/renderer/assets'), { recursive: true });
  fs.writeFileSync(path.join(proj, 'dist/renderer/index.html'), '<!doctype html><title>VaxDesk</title><script type="module" src="./assets/index.js"></script>');
  fs.writeFileSync(path.join(proj, 'dist/renderer/assets/index.js'), 'console.log("renderer")');

  const stub = path.join(tmp, 'electron-stub');
  fs.mkdirSync(path.join(stub, 'resources'), { recursive: true });
  const wire = Buffer.from([1, STOCK_FUSES.length, ...[...STOCK_FUSES].map((c) => c.charCodeAt(0))]);
  fs.writeFileSync(path.join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stub Electron"\n'), Buffer.from(SENTINEL), wire]), { mode: 0o755 });
  fs.writeFileSync(path.join(stub, 'LICENSE'), 'stub');

  const closed = 'http://127.0.0.1:9/';
  Object.assign(process.env, { ELECTRON_MIRROR: closed, ELECTRON_BUILDER_BINARIES_MIRROR: closed, ELECTRON_GET_USE_PROXY: '1', GLOBAL_AGENT_HTTPS_PROXY: closed, HTTPS_PROXY: closed, HTTP_PROXY: closed, CSC_IDENTITY_AUTO_DISCOVERY: 'false' });

  const { build, Platform } = req('electron-builder') as typeof import('electron-builder');
  const yaml = req('js-yaml') as { load(s: string): Record<string, unknown> };
  const config = yaml.load(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8'));
  await build({
    projectDir: proj,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...config, electronDist: stub, npmRebuild: false, directories: { ...(config.directories as object), output: path.join(tmp, 'out') } },
  });
  unpacked = path.join(tmp, 'out', 'linux-unpacked');
  files = asar.listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false });
}, 180_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const inAsar = (p: string) => files.includes(p);

describe('packaged app (linux dir, stub Electron)', () => {
  it('app.asar holds the built main, preload, renderer and icon, and no source maps or sources', () => {
    for (const f of ['/package.json', '/dist/electron/main.js', '/dist/electron/preload.js', '/dist/electron/page-reader.js', '/dist/renderer/index.html', '/dist/renderer/assets/index.js', '/assets/icon.png']) {
      expect(inAsar(f), f).toBe(true);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/dist/electron/')).sort()).toEqual(['/dist/electron/main.js', '/dist/electron/page-reader.js', '/dist/electron/preload.js']);
    expect(files.filter((f) => /^\/(src|electron|renderer|tools|e2e)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
    const pkg = JSON.parse(asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.js');
  });

  it("better-sqlite3's native module is outside the asar", () => {
    const native = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(fs.statSync(path.join(unpacked, 'resources', 'app.asar.unpacked', native)).size).toBeGreaterThan(100_000);
    // Listed in the asar header as unpacked, so Electron's fs redirects to app.asar.unpacked.
    const header = asar.statFile(path.join(unpacked, 'resources', 'app.asar'), native) as { unpacked?: boolean };
    expect(header.unpacked).toBe(true);
  });

  it('every package the main bundle leaves external is in the package, with its dependencies; no dev tools', () => {
    const externals = new Set<string>();
    // The output's imports, not the inputs': a type-only import is listed as external there but dropped.
    const output = Object.entries(mainMeta.outputs).find(([f]) => f.endsWith('main.js'))![1];
    for (const imp of output.imports) if (imp.external) externals.add(imp.path);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron']);
    const packages = [...externals].filter((m) => !builtins.has(m));
    expect(packages).toEqual(['better-sqlite3']);
    const present = (name: string) => inAsar(`/node_modules/${name}/package.json`);
    const seen = new Set<string>();
    const walk = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      expect(present(name), `${name} in app.asar`).toBe(true);
      const pkg = JSON.parse(fs.readFileSync(req.resolve(`${name}/package.json`), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(pkg.dependencies ?? {})) if (dep !== 'prebuild-install') walk(dep);
    };
    for (const p of packages) walk(p);
    for (const dev of ['electron', 'electron-builder', '@doyensec/electronegativity', 'vitest', 'typescript', 'react']) expect(present(dev), dev).toBe(false);
  });

  it('the fuses are flipped as electron-builder.yml says', async () => {
    const exe = path.join(unpacked, 'vaxdesk');
    const wire = (await fuses.getCurrentFuseWire(exe)) as unknown as Record<string, number>;
    const state = (i: number) => String.fromCharCode(wire[i]!);
    const { FuseV1Options } = fuses;
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
  });
});
