// Bundles the Node entry points (CLI, Electron main and preload) with esbuild. The renderer is built by Vite.
// Native modules stay external: better-sqlite3 is loaded from node_modules (unpacked from the asar in packages).
import { build } from 'esbuild';
import { bundlePreload } from './preload-bundle.mjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', external: ['better-sqlite3', 'electron'] };
const root = path.resolve(import.meta.dirname, '..');

// The sync's page reader runs in a worker thread, which needs a script of its own beside the bundle
// that starts it (src/sync/page-reader.ts looks for page-reader.js in its bundle's folder).
export const buildPageReader = (dir) => build({ ...common, entryPoints: [path.join(root, 'src/sync/page-reader.worker.ts')], outfile: path.join(dir, 'page-reader.js') });

/** The Electron main process and preload into `<outDir>/electron` (the packaging test builds into a temp folder). */
export function buildElectron(outDir = path.join(root, 'dist')) {
  return Promise.all([
    // The metafile lists what stays external, i.e. what the package must carry in node_modules.
    build({ ...common, metafile: true, entryPoints: [path.join(root, 'electron/main.ts')], outfile: path.join(outDir, 'electron/main.js') }),
    // A sandboxed preload can only require('electron'): see preload-bundle.mjs.
    bundlePreload({ outfile: path.join(outDir, 'electron/preload.js') }),
    buildPageReader(path.join(outDir, 'electron')),
  ]);
}

const jobs = {
  cli: () => Promise.all([build({ ...common, entryPoints: [path.join(root, 'src/cli.ts')], outfile: path.join(root, 'dist/cli.js') }), buildPageReader(path.join(root, 'dist'))]),
  electron: () => buildElectron(),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv[2];
  for (const [name, job] of Object.entries(jobs)) {
    if (only && only !== name) continue;
    await job();
  }
}
