// Builds the sandboxed preload. A sandboxed preload may only require('electron'), and it runs on
// every page load: instead of bundling the contract (and zod, ~750 kB) it gets the contract's
// method names, computed here from the contract itself, as a constant.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** The contract's METHOD_NAMES, read by bundling and running src/api/contract.ts. */
export async function contractMethodNames() {
  const r = await build({ entryPoints: [path.join(root, 'src/api/contract.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(mod, mod.exports, require);
  const names = mod.exports.METHOD_NAMES;
  if (!Array.isArray(names) || names.length === 0) throw new Error('src/api/contract.ts exported no METHOD_NAMES');
  return names;
}

/** Bundles electron/preload.ts; returns the code. `outfile` writes it too. */
export async function bundlePreload({ outfile } = {}) {
  const names = await contractMethodNames();
  const methodNames = {
    name: 'vaxdesk-method-names',
    setup(b) {
      b.onResolve({ filter: /\/src\/api\/contract$/ }, (a) => (a.importer.endsWith(path.join('electron', 'preload.ts')) ? { path: 'method-names', namespace: 'vaxdesk' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'vaxdesk' }, () => ({ contents: `export const METHOD_NAMES = ${JSON.stringify(names)};`, loader: 'js' }));
    },
  };
  const r = await build({
    entryPoints: [path.join(root, 'electron/preload.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron'],
    plugins: [methodNames],
    write: false,
    logLevel: 'warning',
  });
  const code = r.outputFiles[0].text;
  if (outfile) {
    const fs = await import('node:fs');
    fs.mkdirSync(path.dirname(outfile), { recursive: true });
    fs.writeFileSync(outfile, code);
  }
  return code;
}
