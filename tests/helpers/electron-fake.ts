/**
 * A recording fake of Electron 45's main-process API for the boot test (tests/boot.test.ts). It
 * models only what the shell uses, and enforces the lifecycle rules the real one does:
 * nothing window-, tray-, protocol- or session-related before `ready`; privileged schemes only
 * before it; `focus()` and `restore()` do nothing on a hidden window; `ready-to-show` fires for a
 * hidden window too; a sandboxed preload is CommonJS and may require only `electron`, `events`,
 * `timers` and `url`. Every name the fake exports is checked against electron.d.ts by the child
 * (tests/fixtures/boot-child.ts), so the app importing a name Electron lacks fails to link.
 */
import { EventEmitter } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import vm from 'node:vm';

export interface BootRecord {
  events: string[];
  errors: string[];
  windows: {
    options: Record<string, unknown>;
    loadedUrl: string | null;
    loadStatus: number | null;
    loadCsp: string | null;
    visible: boolean;
    focused: boolean;
    exposed: string[];
  }[];
  protocolSchemes: string[];
  ipcHandles: string[];
  ipcListeners: Record<string, number>;
  trayImages: string[];
  loginItems: unknown[];
  errorBoxes: string[];
  openedExternal: string[];
  appMenu:
    { label?: string; role?: string; submenu?: { label?: string; role?: string; accelerator?: string }[] }[] | null;
  sent: { channel: string; args: unknown[] }[];
}

export function createElectronFake(options: { appPath: string; userData: string; argv: string[] }) {
  const record: BootRecord = {
    events: [],
    errors: [],
    windows: [],
    protocolSchemes: [],
    ipcHandles: [],
    ipcListeners: {},
    trayImages: [],
    loginItems: [],
    errorBoxes: [],
    openedExternal: [],
    appMenu: null,
    sent: [],
  };
  let ready = false;
  const requireReady = (what: string) => {
    if (!ready) {
      const message = `${what} before the app is ready`;
      record.errors.push(message);
      throw new Error(`Electron fake: ${message}`);
    }
  };

  // --- app -----------------------------------------------------------------------------------
  const appEvents = new EventEmitter();
  let resolveReady: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  let quitting = false;
  const app = Object.assign(appEvents, {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    whenReady: () => readyPromise,
    isReady: () => ready,
    getVersion: () => '0.0.0-boot',
    getPreferredSystemLanguages: () => ['en-US'],
    getName: () => 'Gatehouse',
    getAppPath: () => options.appPath,
    getPath: (name: string) => (name === 'userData' ? options.userData : `${options.userData}/${name}`),
    getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
    setLoginItemSettings: (settings: unknown) => record.loginItems.push(settings),
    setAppUserModelId: () => {},
    quit: () => {
      if (quitting) return;
      quitting = true;
      record.events.push('app.quit');
      const before = { defaultPrevented: false, preventDefault: () => (before.defaultPrevented = true) };
      appEvents.emit('before-quit', before);
      for (const w of liveWindows) if (!w.destroyed) w.close();
      const will = { defaultPrevented: false, preventDefault: () => (will.defaultPrevented = true) };
      appEvents.emit('will-quit', will);
      // As Electron: a will-quit that prevents the default keeps the app running until app.exit().
      if (will.defaultPrevented) return void record.events.push('app.quit.deferred');
      appEvents.emit('quit');
      record.events.push('app.quitted');
    },
    /** Ends at once, without before-quit or will-quit (the process then ends when nothing is left). */
    exit: (code = 0) => {
      record.events.push(`app.exit(${code})`);
      appEvents.emit('quit');
      record.events.push('app.quitted');
    },
  });

  // --- protocol, net, session -------------------------------------------------------------------
  const handlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const protocol = {
    registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => {
      if (ready) {
        record.errors.push('registerSchemesAsPrivileged after ready');
        throw new Error('Electron fake: registerSchemesAsPrivileged must be called before the app is ready');
      }
      record.protocolSchemes.push(...schemes.map((s) => s.scheme));
    },
    handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
      requireReady('protocol.handle');
      if (!record.protocolSchemes.includes(scheme)) record.errors.push(`protocol.handle(${scheme}) without privileges`);
      handlers.set(scheme, handler);
    },
  };
  const net = {
    /** file:// as Chromium answers it: a file's bytes, or a listing for a folder. */
    fetch: (url: string): Promise<Response> => {
      const path = fileURLToPath(url);
      const stat = statSync(path);
      if (stat.isDirectory()) return Promise.resolve(new Response(`<h1>Index of ${path}</h1>`, { status: 200 }));
      return Promise.resolve(new Response(readFileSync(path), { status: 200 }));
    },
  };
  const permission = {
    request: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void),
    check: null as null | ((wc: unknown, p: string, origin: string, d: unknown) => boolean),
  };
  const defaultSession = {
    setPermissionRequestHandler: (h: typeof permission.request) => (permission.request = h),
    setPermissionCheckHandler: (h: typeof permission.check) => (permission.check = h),
  };
  const session = {
    get defaultSession() {
      requireReady('session.defaultSession');
      return defaultSession;
    },
  };

  // --- ipcMain ---------------------------------------------------------------------------------
  const ipcEvents = new EventEmitter();
  const invokeHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = Object.assign(ipcEvents, {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      if (invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      invokeHandlers.set(channel, fn);
      record.ipcHandles.push(channel);
    },
    removeHandler: (channel: string) => invokeHandlers.delete(channel),
  });

  // --- windows -----------------------------------------------------------------------------------
  const liveWindows: FakeWindow[] = [];
  class WebContents extends EventEmitter {
    windowOpenHandler: unknown = null;
    destroyed = false;
    setWindowOpenHandler(h: unknown) {
      this.windowOpenHandler = h;
    }
    isDestroyed() {
      return this.destroyed;
    }
    send(channel: string, ...args: unknown[]) {
      if (this.destroyed) throw new Error('Electron fake: send on a destroyed webContents');
      record.sent.push({ channel, args });
    }
  }
  class FakeWindow extends EventEmitter {
    readonly webContents = new WebContents();
    readonly index: number;
    visible: boolean;
    minimized = false;
    maximized = false;
    destroyed = false;
    bounds: { x: number; y: number; width: number; height: number };
    constructor(opts: Record<string, unknown>) {
      super();
      requireReady('new BrowserWindow');
      this.visible = opts.show !== false;
      const n = (k: string, d: number) => {
        const v = opts[k];
        return typeof v === 'number' ? v : d;
      };
      this.bounds = { x: n('x', 320), y: n('y', 130), width: n('width', 800), height: n('height', 600) };
      this.index = record.windows.length;
      record.windows.push({
        options: JSON.parse(JSON.stringify(opts)) as Record<string, unknown>,
        loadedUrl: null,
        loadStatus: null,
        loadCsp: null,
        visible: this.visible,
        focused: false,
        exposed: [],
      });
      liveWindows.push(this);
      const prefs = (opts.webPreferences ?? {}) as Record<string, unknown>;
      if (typeof prefs.preload === 'string') this.runPreload(prefs.preload, prefs.sandbox !== false);
    }
    private get view() {
      return record.windows[this.index]!;
    }
    /** A sandboxed preload runs as CommonJS with Electron's short list of modules. */
    private runPreload(path: string, sandboxed: boolean) {
      const exposed = this.view.exposed;
      const allowed: Record<string, unknown> = {
        electron: {
          contextBridge: { exposeInMainWorld: (key: string) => exposed.push(key) },
          ipcRenderer: { invoke: () => Promise.resolve(), on: () => {}, removeListener: () => {} },
        },
        events: EventEmitter,
        timers: { setTimeout, clearTimeout, setInterval, clearInterval },
        url: { URL, URLSearchParams },
      };
      try {
        const source = readFileSync(path, 'utf8');
        const require = (name: string) => {
          if (sandboxed && !(name in allowed))
            throw new Error(
              `module not found: ${name} (a sandboxed preload may require only ${Object.keys(allowed).join(', ')})`,
            );
          return allowed[name];
        };
        const module = { exports: {} };
        const wrapper = vm.runInNewContext(
          `(function (require, module, exports) {\n${source}\n})`,
          { console },
          {
            filename: path,
          },
        ) as (r: typeof require, m: typeof module, e: unknown) => void;
        wrapper(require, module, module.exports);
      } catch (error) {
        record.errors.push(`preload: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    async loadURL(url: string) {
      this.view.loadedUrl = url;
      const scheme = new URL(url).protocol.replace(':', '');
      const handler = handlers.get(scheme);
      if (handler) {
        const response = await handler(new Request(url));
        this.view.loadStatus = response.status;
        this.view.loadCsp = response.headers.get('content-security-policy');
      } else if (scheme !== 'http') {
        record.errors.push(`loadURL(${url}) with no handler for ${scheme}:`);
      }
      // Electron emits ready-to-show once the page has painted, whether or not the window is visible.
      setTimeout(() => this.emit('ready-to-show'), 10);
    }
    show() {
      this.visible = true;
      this.minimized = false;
      this.view.visible = true;
      record.events.push(`window${this.index}.show`);
    }
    hide() {
      this.visible = false;
      this.view.visible = false;
      this.view.focused = false;
      record.events.push(`window${this.index}.hide`);
    }
    isVisible() {
      return this.visible;
    }
    focus() {
      // A hidden window cannot take focus: the call does nothing (what the second-instance bug hit).
      if (!this.visible) return record.events.push(`window${this.index}.focus-ignored`);
      this.view.focused = true;
      record.events.push(`window${this.index}.focus`);
    }
    isMinimized() {
      return this.minimized;
    }
    getBounds() {
      return { ...this.bounds };
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    setBounds(b: Partial<FakeWindow['bounds']>) {
      this.bounds = { ...this.bounds, ...b };
      this.emit('resize');
      this.emit('move');
    }
    isMaximized() {
      return this.maximized;
    }
    maximize() {
      // Electron: maximize() also shows a window that is not displayed.
      this.maximized = true;
      if (!this.visible) this.show();
    }
    restore() {
      if (!this.visible) return record.events.push(`window${this.index}.restore-ignored`);
      this.minimized = false;
    }
    isDestroyed() {
      return this.destroyed;
    }
    close() {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
  }

  // --- tray, menu, images, the rest ----------------------------------------------------------------
  const trays: FakeTray[] = [];
  class FakeTray extends EventEmitter {
    destroyed = false;
    constructor(image: { path: string }) {
      super();
      requireReady('new Tray');
      record.trayImages.push(image.path);
      trays.push(this);
    }
    setImage(image: { path: string }) {
      record.trayImages.push(image.path);
    }
    setToolTip() {}
    setContextMenu() {}
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const nativeImage = {
    createFromPath: (path: string) => {
      let exists = false;
      try {
        exists = statSync(path).isFile();
      } catch {
        exists = false;
      }
      if (!exists) record.errors.push(`nativeImage.createFromPath: no file at ${path}`);
      return { path, isEmpty: () => !exists };
    },
  };
  type Item = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: Item[] };
  let appMenu: Item[] = [];
  const Menu = {
    buildFromTemplate: (template: Item[]) => ({ template }),
    setApplicationMenu: (menu: { template: Item[] } | null) => {
      requireReady('Menu.setApplicationMenu');
      appMenu = menu?.template ?? [];
      record.appMenu = appMenu.map((i) => ({
        ...(i.label ? { label: i.label } : {}),
        ...(i.role ? { role: i.role } : {}),
        ...(i.submenu
          ? { submenu: i.submenu.map((s) => ({ label: s.label, role: s.role, accelerator: s.accelerator })) }
          : {}),
      }));
    },
  };
  const screen = {
    getAllDisplays: () => {
      requireReady('screen.getAllDisplays');
      return [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
    },
  };
  const dialog = {
    showErrorBox: (title: string, content: string) => record.errorBoxes.push(`${title}: ${content}`),
  };
  const shell = {
    openExternal: (url: string) => {
      record.openedExternal.push(url);
      return Promise.resolve();
    },
  };
  const Notification = Object.assign(
    class {
      show() {}
    },
    { isSupported: () => false },
  );

  const modelled: Record<string, unknown> = {
    app,
    BrowserWindow: FakeWindow,
    dialog,
    ipcMain,
    Menu,
    nativeImage,
    net,
    Notification,
    protocol,
    screen,
    session,
    shell,
    Tray: FakeTray,
  };

  return {
    record,
    modelled,
    /** Fires `ready` (the harness decides when, as Electron would after the first tick). */
    emitReady() {
      ready = true;
      appEvents.emit('ready');
      resolveReady();
    },
    secondInstance(argv: string[] = []) {
      appEvents.emit('second-instance', {}, argv, options.appPath);
    },
    windows: () => liveWindows,
    /** Clicks an item of the application menu by its label. */
    clickMenu: (label: string) => {
      for (const top of appMenu)
        for (const item of top.submenu ?? []) if (item.label === label && item.click) return item.click();
      throw new Error(`no menu item ${label}`);
    },
    trays: () => trays,
    invoke: (channel: string, senderUrl: string | null, ...args: unknown[]) => {
      const handler = invokeHandlers.get(channel);
      if (!handler) throw new Error(`no ipcMain.handle for ${channel}`);
      const senderFrame = senderUrl === null ? null : { url: senderUrl, parent: null };
      return handler({ senderFrame, sender: {} }, ...args);
    },
    permissionRequest: (name: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) => {
        if (!permission.request) return resolve(true);
        permission.request({}, name, resolve, { requestingUrl });
      }),
    permissionCheck: (name: string, origin: string) =>
      permission.check ? permission.check({}, name, origin, {}) : true,
    fetchApp: async (url: string) => {
      const handler = handlers.get(new URL(url).protocol.replace(':', ''));
      if (!handler) return { status: 0, body: '' };
      const response = await handler(new Request(url));
      return { status: response.status, body: await response.text() };
    },
    ipcListenerCount: (channel: string) => ipcEvents.listenerCount(channel),
    fileUrl: (path: string) => pathToFileURL(path).href,
  };
}

export type ElectronFake = ReturnType<typeof createElectronFake>;
