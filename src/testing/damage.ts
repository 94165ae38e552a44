import fs from 'node:fs';

/**
 * A failing sector in the middle of a database file: 16 pages of garbage at page-aligned half
 * way, where the people's pages lie in the tests' files and not the settings' or the schema's.
 */
export function overwriteMiddlePages(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(16 * 4096, 0xa5), 0, 16 * 4096, Math.floor(size / 2 / 4096) * 4096);
  } finally {
    fs.closeSync(fd);
  }
}
