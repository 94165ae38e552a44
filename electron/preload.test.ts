import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../src/api/contract';
import { bundlePreload } from '../tools/preload-bundle.mjs';

interface Exposed {
  api: Record<string, (input: unknown, token: string | null, requestId?: string) => Promise<unknown>>;
  onChange(cb: (e: unknown) => void): () => void;
}

/**
 * Runs the shipped preload bundle the way a sandboxed renderer does: `require` knows only
 * 'electron' (a fake that records what the preload does), nothing else from Node exists.
 */
async function runPreload() {
  const code = await bundlePreload();
  const exposed: Array<[string, unknown]> = [];
  const invocations: unknown[][] = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invocations.push(args);
      return Promise.resolve({ ok: true, value: `answer-${invocations.length}` });
    },
    on: (ch: string, l: (...a: unknown[]) => void) => {
      if (!listeners.has(ch)) listeners.set(ch, new Set());
      listeners.get(ch)!.add(l);
      return ipcRenderer;
    },
    removeListener: (ch: string, l: (...a: unknown[]) => void) => {
      listeners.get(ch)?.delete(l);
      return ipcRenderer;
    },
    send: () => {
      throw new Error('the preload must not use send');
    },
    sendSync: () => {
      throw new Error('the preload must not use sendSync');
    },
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) }, ipcRenderer };
  const requested: string[] = [];
  const sandboxRequire = (name: string) => {
    requested.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  const module = { exports: {} };
  vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
  return { code, exposed, invocations, listeners, ipcRenderer, requested };
}

describe('preload bridge', () => {
  it('exposes window.vaxdesk with exactly one function per contract method, and nothing else', async () => {
    const { exposed, requested } = await runPreload();
    expect(requested).toEqual(['electron']);
    expect(exposed).toHaveLength(1);
    const [key, value] = exposed[0]!;
    expect(key).toBe('vaxdesk');
    const bridge = value as Exposed;
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onChange']);
    expect(Object.keys(bridge.api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(METHOD_NAMES.length).toBeGreaterThan(5);
    for (const name of METHOD_NAMES) expect(typeof bridge.api[name]).toBe('function');
    expect(Object.isFrozen(bridge.api)).toBe(true);
  });

  it('each method invokes the one API channel with its own name, the input, the token and the request id', async () => {
    const { exposed, invocations } = await runPreload();
    const bridge = exposed[0]![1] as Exposed;
    const r1 = await bridge.api['staff.list']!({}, 'tok-1');
    const r2 = await bridge.api['session.login']!({ staffId: 'x', pin: '1234' }, null);
    await bridge.api['staff.create']!({ displayName: 'A' }, 'tok-1', 'req-00000001');
    expect(invocations).toEqual([
      ['vaxdesk:api', 'staff.list', {}, 'tok-1', undefined],
      ['vaxdesk:api', 'session.login', { staffId: 'x', pin: '1234' }, null, undefined],
      ['vaxdesk:api', 'staff.create', { displayName: 'A' }, 'tok-1', 'req-00000001'],
    ]);
    expect(r1).toEqual({ ok: true, value: 'answer-1' });
    expect(r2).toEqual({ ok: true, value: 'answer-2' });
  });

  it('never hands ipcRenderer, its functions or the IPC event to the page', async () => {
    const { exposed, ipcRenderer, listeners } = await runPreload();
    const bridge = exposed[0]![1] as Exposed;
    const forbidden = new Set<unknown>([ipcRenderer, ...Object.values(ipcRenderer)]);
    const seen = new Set<unknown>();
    const walk = (v: unknown) => {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) return;
      seen.add(v);
      expect(forbidden.has(v)).toBe(false);
      for (const k of Object.getOwnPropertyNames(v)) walk((v as Record<string, unknown>)[k]);
    };
    walk(bridge);

    const got: unknown[][] = [];
    const off = bridge.onChange((...args: unknown[]) => got.push(args));
    const relay = [...listeners.get('vaxdesk:change')!][0]!;
    relay({ sender: ipcRenderer, ports: [] }, { kind: 'staff', at: '2021-03-01T09:00:00.000Z' });
    expect(got).toEqual([[{ kind: 'staff', at: '2021-03-01T09:00:00.000Z' }]]);

    off();
    expect(listeners.get('vaxdesk:change')!.size).toBe(0);
    expect(() => bridge.onChange('not a function' as unknown as () => void)).toThrow(/needs a function/);
    expect(listeners.get('vaxdesk:change')!.size).toBe(0);
  });

  it('the bundle does not carry the contract schemas (zod) into the sandbox', async () => {
    const { code } = await runPreload();
    expect(code.length).toBeLessThan(20_000);
    expect(code).not.toMatch(/zod|ZodError/);
    for (const name of METHOD_NAMES) expect(code).toContain(JSON.stringify(name));
  });
});
