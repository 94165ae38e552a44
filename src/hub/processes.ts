import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createApp } from '../core';
import { makeNiss } from '../domain/niss';
import { localDate } from '../domain/time';
import { hashPin } from '../services/pin-hash';
import { until } from './testing';

/** Test support: `vaxdesk serve` in a child process, its output kept and awaitable. */
export interface Served {
  proc: ChildProcess;
  out: string[];
  wait(re: RegExp, limitMs?: number): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const CLI = path.resolve(__dirname, '../cli.ts');

export function serve(args: string[]): Served {
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const take = (b: Buffer) => out.push(...b.toString('utf8').split('\n').filter(Boolean));
  proc.stdout!.on('data', take);
  proc.stderr!.on('data', take);
  let exited = false;
  proc.once('exit', () => (exited = true));
  return {
    proc,
    out,
    async wait(re, limitMs = 60_000) {
      return until(`output ${re} (got: ${out.slice(-5).join(' | ')})`, () => out.map((l) => l.match(re)).find((m) => m) ?? (exited ? Promise.reject(new Error(`exited: ${out.join('\n')}`)) : null), limitMs);
    },
    async kill(signal = 'SIGKILL') {
      if (exited) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill(signal);
      await gone;
    },
  };
}

/** POST /api/<method> on a desk or hub UI server. */
export async function api<T = unknown>(base: string, method: string, input: unknown, token?: string): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } }> {
  const r = await fetch(`${base.replace(/\/$/, '')}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return (await r.json()) as never;
}

export async function must<T = unknown>(base: string, method: string, input: unknown, token?: string): Promise<T> {
  const r = await api<T>(base, method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/**
 * A hub's data folder before it first starts: a coordinator (PIN 1234), receptionists (PIN 4321)
 * and `count` booked invitations for each of `days` (today first, Brussels time).
 */
export async function seedHub(dir: string, opts: { receptionists: number; invitations: number; days?: string[] }) {
  const app = createApp({ dataDir: dir });
  const { store } = app.core;
  const now = new Date().toISOString();
  const staff: { id: string; name: string }[] = [];
  const days = opts.days ?? [localDate(new Date())];
  const invitations: { id: string; day: string }[] = [];
  const hashes = { '1234': await hashPin('1234'), '4321': await hashPin('4321') };
  store.tx(() => {
    const mk = (name: string, role: 'receptionist' | 'coordinator', pin: '1234' | '4321') => {
      const id = randomUUID();
      store.staff.insert({ id, displayName: name, role, pinHash: hashes[pin], locale: 'en', now });
      return id;
    };
    staff.push({ id: mk('Coordinator', 'coordinator', '1234'), name: 'Coordinator' });
    for (let i = 0; i < opts.receptionists; i++) staff.push({ id: mk(`Receptionist ${i}`, 'receptionist', '4321'), name: `Receptionist ${i}` });
    let n = 100;
    for (const day of days) {
      for (let i = 0; i < opts.invitations; i++) {
        const person = { id: randomUUID(), niss: makeNiss('1960-05-17', n++), familyName: `Family${n}`, givenName: 'Given', birthDate: '1960-05-17', phone: null };
        store.people.insert(person, now);
        const id = randomUUID();
        const start = new Date(`${day}T09:00:00.000Z`);
        store.invitations.insert(
          { id, code: `C${id.replace(/-/g, '').slice(0, 11).toUpperCase()}`, personId: person.id, centerId: 'center-a', day, startAt: start.toISOString(), endAt: new Date(start.getTime() + 900_000).toISOString(), doseNumber: 1, productCode: 'COMIRNATY', status: 'booked', channels: [], source: 'import', versionId: null, lastUpdated: null },
          now,
        );
        invitations.push({ id, day });
      }
    }
  });
  app.close();
  return { coordinator: staff[0]!, receptionists: staff.slice(1), invitations };
}

export interface HubProc extends Served {
  ui: string;
  hubUrl: string;
  fingerprint: string;
  coordToken: string;
}

/** `serve --hub` on 127.0.0.2 (UI on 127.0.0.1), logged in as the seeded coordinator. */
export async function startHub(dir: string, coordinatorId: string, hubPort = 0, host = '127.0.0.2'): Promise<HubProc> {
  const s = serve(['--data', dir, '--hub', '--hub-host', host, '--hub-port', String(hubPort), '--port', '0']);
  const hubUrl = (await s.wait(/desks join at (https:\/\/\S+)/))[1]!;
  const fingerprint = (await s.wait(/fingerprint \(SHA-256\): (\S+)/))[1]!;
  const ui = (await s.wait(/open (http:\/\/\S+)/))[1]!;
  const login = await must<{ token: string }>(ui, 'session.login', { staffId: coordinatorId, pin: '1234' });
  return { ...s, ui, hubUrl, fingerprint, coordToken: login.token };
}

export interface DeskProc extends Served {
  ui: string;
}

/** `serve --join` on its own loopback address; joins with a fresh code the first time. */
export async function startDesk(dir: string, host: string, hub: { hubUrl: string; fingerprint: string; ui?: string; coordToken?: string }, name: string, joinUrl = hub.hubUrl): Promise<DeskProc> {
  const args = ['--data', dir, '--join', joinUrl, '--fingerprint', hub.fingerprint, '--name', name, '--host', host, '--port', '0'];
  if (hub.ui && hub.coordToken) {
    const { code } = await must<{ code: string }>(hub.ui, 'hub.createPairingCode', {}, hub.coordToken);
    args.push('--pairing', code);
  }
  const s = serve(args);
  const ui = (await s.wait(/open (http:\/\/\S+)/))[1]!;
  return { ...s, ui };
}

export async function deskStatus(desk: { ui: string }) {
  return must<{ mode: string; waiting: number; banner: string | null }>(desk.ui, 'hub.status', {});
}
