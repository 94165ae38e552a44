import type { PinRate } from '../services/pin-guard';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../core';
import type { In, MethodName, Out } from '../api/contract';
import type { Result } from '../api/errors';

/** A temporary data folder that the test removes at the end. */
export function tempDir(prefix = 'vaxdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestClock {
  (): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(startIso = '2021-03-01T09:00:00.000Z'): TestClock {
  let t = Date.parse(startIso);
  const c = (() => new Date(t)) as TestClock;
  c.set = (iso) => {
    t = Date.parse(iso);
  };
  c.advance = (ms) => {
    t += ms;
  };
  return c;
}

export interface TestApp extends App {
  dir: string;
  clock: TestClock;
  /** Calls a method and returns the raw Result. */
  call<K extends MethodName>(method: K, input: In<K>, token?: string | null): Promise<Result<Out<K>>>;
  /** Calls a method and returns its value, failing the test on an error. */
  must<K extends MethodName>(method: K, input: In<K>, token?: string | null): Promise<Out<K>>;
  /** Creates the first coordinator (PIN 1234) and returns its token. */
  setup(): Promise<string>;
  /** Creates a staff member (as coordinator) and logs them in; returns their token. */
  staffToken(role: 'receptionist' | 'coordinator', coordinatorToken: string, name?: string): Promise<string>;
  cleanup(): void;
}

/** A real app over a real SQLite file in a temporary folder, with a controllable clock. */
export function testApp(opts: { clockStart?: string; dir?: string; pinRate?: PinRate } = {}): TestApp {
  const dir = opts.dir ?? tempDir();
  const clock = testClock(opts.clockStart);
  const app = createApp({ dataDir: dir, clock, ...(opts.pinRate ? { pinRate: opts.pinRate } : {}) });
  const t: TestApp = {
    ...app,
    dir,
    clock,
    call: (method, input, token = null) => app.dispatch(method, input, token) as never,
    async must(method, input, token = null) {
      const r = await app.dispatch(method, input, token);
      if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async setup() {
      const r = await t.must('setup.createFirstCoordinator', { displayName: 'Test Coordinator', pin: '1234' });
      return r.token;
    },
    async staffToken(role, coordinatorToken, name = `${role} ${Math.random().toString(36).slice(2, 8)}`) {
      const s = await t.must('staff.create', { displayName: name, role, pin: '4321' }, coordinatorToken);
      return (await t.must('session.login', { staffId: s.id, pin: '4321' })).token;
    },
    cleanup() {
      app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}
