// Bundles the Node entry points (CLI, Electron main and preload) with esbuild. The renderer is built by Vite.
// Native modules stay external: better-sqlite3 is loaded from node_modules (unpacked from the asar in packages).
import { build } from 'esbuild';
import { bundlePreload } from './preload-bundle.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', external: ['better-sqlite3', 'electron'] };
const only = process.argv[2];

const jobs = {
  cli: () => build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' }),
  electron: () =>
    Promise.all([
      build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js' }),
      // A sandboxed preload can only require('electron'): see preload-bundle.mjs.
      bundlePreload({ outfile: 'dist/electron/preload.js' }),
    ]),
};

for (const [name, job] of Object.entries(jobs)) {
  if (only && only !== name) continue;
  await job();
}
