// `npm start` runs the app from dist/electron/main.js in real Electron, whose Node ABI differs from
// the system Node's: the better-sqlite3 in node_modules (built for Node, used by the CLI and the
// tests) cannot load there. This puts a second copy, rebuilt for Electron, in
// dist/electron/node_modules: Node resolution from dist/electron/main.js finds it first, while
// dist/cli.js and the tests keep using node_modules. Needs internet the first time (Electron
// headers or a prebuilt binary); later starts reuse it until Electron or better-sqlite3 change.
// Packages get their own rebuild from electron-builder (npmRebuild) and exclude this folder.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const target = path.join(root, 'dist', 'electron');
const modules = path.join(target, 'node_modules');
const nativeFile = path.join(modules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const stampFile = path.join(modules, '.vaxdesk-native.json');

const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const electronAbi = String(require('node-abi').getAbi(electronVersion, 'electron'));
const want = { electron: electronVersion, abi: electronAbi, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

/**
 * Node refuses a module built for another ABI and names the ABI it was built for: a module that
 * loads in plain Node, or names another ABI, was not built for this Electron.
 */
export function builtAbi(file) {
  try {
    process.dlopen({ exports: {} }, file);
    return process.versions.modules;
  } catch (e) {
    const m = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires/.exec(String(e?.message));
    if (m) return m[1];
    throw e;
  }
}

function upToDate() {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return JSON.stringify(stamp) === JSON.stringify(want) && fs.existsSync(nativeFile);
  } catch {
    return false;
  }
}

function copyPackage(name, skip = () => false) {
  const from = path.dirname(require.resolve(`${name}/package.json`));
  fs.cpSync(from, path.join(modules, name), { recursive: true, filter: (src) => !skip(path.relative(from, src)) });
}

async function main() {
  if (upToDate()) return;
  console.log(`Preparing better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (ABI ${electronAbi}); this needs internet once…`);
  fs.rmSync(modules, { recursive: true, force: true });
  fs.mkdirSync(modules, { recursive: true });
  copyPackage('better-sqlite3', (rel) => rel === 'build' || rel.startsWith(`build${path.sep}`));
  copyPackage('bindings');
  copyPackage('file-uri-to-path');
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ name: 'vaxdesk-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2));
  // Under `npm run`, npm exports nodedir=<system Node>: node-gyp would then quietly build for Node.
  for (const k of Object.keys(process.env)) if (/^npm_config_(nodedir|target|runtime|disturl)$/i.test(k)) delete process.env[k];
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: target, electronVersion, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
  if (!fs.existsSync(nativeFile)) throw new Error(`the rebuild produced no ${nativeFile}`);
  const abi = builtAbi(nativeFile);
  if (abi !== electronAbi) throw new Error(`better-sqlite3 was built for ABI ${abi}, but Electron ${electronVersion} needs ${electronAbi}`);
  fs.writeFileSync(stampFile, JSON.stringify(want));
  console.log('better-sqlite3 is ready for Electron.');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e) => {
    console.error(`Could not prepare better-sqlite3 for Electron: ${e?.message ?? e}`);
    process.exit(1);
  });
}
