import { Worker } from 'node:worker_threads';

/**
 * A worker thread with its own SQLite connection, for database work that must not stop the desk
 * (a connection cannot be shared across threads). The worker's code is `source`, the text of a
 * function `(Database, data, post, port) => void`, evaluated in the thread: the app is bundled
 * into one file per shell (CLI, Electron), so there is no separate worker file to point at. The
 * driver is the one this process loaded (Node's or Electron's build of better-sqlite3).
 */
export function startDbThread(source: string, data: Record<string, unknown>): Worker {
  // __name: the helper esbuild adds around named functions when it keeps names (tsx does).
  const code = `
    var __name = (f) => f;
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    (${source})(Database, workerData, (m) => parentPort.postMessage(m), parentPort);`;
  const worker = new Worker(code, { eval: true, workerData: { ...data, driver: require.resolve('better-sqlite3') } });
  // Background work never keeps a process alive on its own.
  worker.unref();
  return worker;
}
