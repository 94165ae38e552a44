import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { builtAbi } from '../tools/electron-native.mjs';

// `npm start` relies on two facts (tools/electron-native.mjs): Node resolution from
// dist/electron/main.js prefers dist/electron/node_modules while dist/cli.js does not, and a
// module built for the wrong ABI is recognised as such.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-native-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const pkg = (dir: string, tag: string) => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'better-sqlite3', main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(tag)};`);
};

describe('Electron build of better-sqlite3 for npm start', () => {
  it('main.js loads the copy in dist/electron/node_modules, the CLI keeps the Node one', () => {
    pkg(path.join(tmp, 'node_modules', 'better-sqlite3'), 'node');
    pkg(path.join(tmp, 'dist', 'electron', 'node_modules', 'better-sqlite3'), 'electron');
    expect(createRequire(path.join(tmp, 'dist', 'electron', 'main.js'))('better-sqlite3')).toBe('electron');
    expect(createRequire(path.join(tmp, 'dist', 'cli.js'))('better-sqlite3')).toBe('node');
  });

  it("recognises the installed better-sqlite3 as built for this Node's ABI, which is not Electron's", () => {
    const file = createRequire(__filename).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    expect(builtAbi(file)).toBe(process.versions.modules);
    const electronAbi = String(createRequire(__filename)('node-abi').getAbi(createRequire(__filename)('electron/package.json').version, 'electron'));
    expect(electronAbi).not.toBe(process.versions.modules);
  });
});
