/**
 * A recording stand-in for the parts of the `electron` module the main process uses, so the
 * hardening tests can run main.ts under Node and inspect what it configured. It implements no
 * security itself: every assertion is about what main.ts asked Electron to do.
 */
type Fn = (...args: never[]) => unknown;

export class Emitter {
  readonly handlers = new Map<string, Fn[]>();
  on(name: string, fn: Fn) {
    const list = this.handlers.get(name) ?? [];
    list.push(fn);
    this.handlers.set(name, list);
    return this;
  }
  once(name: string, fn: Fn) {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(name) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
  }
  count(name: string) {
    return this.handlers.get(name)?.length ?? 0;
  }
}

export interface FakeFrame {
  processId: number;
  routingId: number;
  url: string;
  origin: string;
  parent: FakeFrame | null;
  detached: boolean;
}

let nextId = 1;
export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly sent: Array<[string, unknown]> = [];
  windowOpenHandler: ((details: unknown) => unknown) | null = null;
  destroyed = false;
  readonly mainFrame: FakeFrame;
  constructor(url = 'app://vaxdesk/index.html') {
    super();
    this.mainFrame = { processId: 40 + this.id, routingId: 1, url, origin: new URL(url).protocol === 'app:' ? `app://${new URL(url).host}` : new URL(url).origin, parent: null, detached: false };
  }
  setWindowOpenHandler(h: (details: unknown) => unknown) {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export function createFakeElectron(opts: { userData: string; singleInstance?: boolean }) {
  let ready!: () => void;
  const readyPromise = new Promise<void>((r) => (ready = r));
  const calls: string[] = [];
  const windows: FakeBrowserWindow[] = [];

  const app = Object.assign(new Emitter(), {
    enableSandbox: () => calls.push('app.enableSandbox'),
    requestSingleInstanceLock: () => (calls.push('app.requestSingleInstanceLock'), opts.singleInstance ?? true),
    whenReady: () => readyPromise,
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`unexpected app.getPath(${name})`);
      return opts.userData;
    },
    quit: () => calls.push('app.quit'),
    exit: (code: number) => calls.push(`app.exit(${code})`),
    isPackaged: true,
  });

  const session = Object.assign(new Emitter(), {
    permissionRequestHandler: null as Fn | null,
    permissionCheckHandler: null as Fn | null,
    devicePermissionHandler: null as Fn | null,
    displayMediaRequestHandler: null as Fn | null,
    headersListener: null as Fn | null,
    protocolHandlers: new Map<string, Fn>(),
    setPermissionRequestHandler(h: Fn) {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: Fn) {
      this.permissionCheckHandler = h;
    },
    setDevicePermissionHandler(h: Fn) {
      this.devicePermissionHandler = h;
    },
    setDisplayMediaRequestHandler(h: Fn) {
      this.displayMediaRequestHandler = h;
    },
    webRequest: {
      onHeadersReceived: (h: Fn) => {
        session.headersListener = h;
      },
    },
    protocol: {
      handle: (scheme: string, h: Fn) => {
        session.protocolHandlers.set(scheme, h);
      },
    },
  });

  const ipcHandlers = new Map<string, Fn>();
  const ipcMain = Object.assign(new Emitter(), {
    handle: (channel: string, h: Fn) => {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcHandlers.set(channel, h);
    },
    removeHandler: (channel: string) => {
      ipcHandlers.delete(channel);
    },
  });

  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    static getAllWindows() {
      return windows;
    }
  }

  const safeStorage = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().replace(/^sealed:/, ''), 'base64').toString(),
  };

  const protocol = {
    privileged: [] as unknown[],
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      calls.push('protocol.registerSchemesAsPrivileged');
      protocol.privileged.push(...schemes);
    },
  };

  return {
    module: { app, BrowserWindow: FakeBrowserWindow, ipcMain, protocol, safeStorage, session: { defaultSession: session } },
    ready,
    calls,
    windows,
    session,
    ipcHandlers,
    app,
    protocol,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
