/**
 * Child process of the crash test: checks people in through the real dispatcher, one after the
 * other, and prints a line for every check-in the dispatcher acknowledged. The parent kills it
 * with SIGKILL at a random moment; whatever was printed must survive.
 */
import fs from 'node:fs';
import { createApp } from '../../src/core';

async function main() {
  const [dataDir, staffId, pin, idsFile, startArg] = process.argv.slice(2);
  const ids = JSON.parse(fs.readFileSync(idsFile!, 'utf8')) as string[];
  const app = createApp({ dataDir: dataDir! });
  const login = await app.dispatch('session.login', { staffId, pin, deskId: 'desk-crash' }, null);
  if (!login.ok) throw new Error(`login failed: ${login.error.message}`);
  const token = (login.value as { token: string }).token;
  fs.writeSync(1, 'READY\n');
  for (let i = Number(startArg); i < ids.length; i++) {
    const r = await app.dispatch('arrivals.checkIn', { invitationId: ids[i] }, token);
    // Written synchronously, straight to the pipe: a line the parent reads was acknowledged before.
    if (r.ok) fs.writeSync(1, `ACK ${i}\n`);
    else if (r.error.code === 'ALREADY_CHECKED_IN') fs.writeSync(1, `DUP ${i}\n`);
    else {
      fs.writeSync(1, `ERR ${i} ${r.error.code} ${r.error.message}\n`);
      process.exit(3);
    }
  }
  fs.writeSync(1, 'DONE\n');
  app.close();
}

main().catch((e) => {
  fs.writeSync(2, `${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});
