import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import resultTemplate from '../../../../resources/loopback-result.html?raw';
import { CoreError } from '../errors';

/** What the browser tab ends on. Text only: it is escaped, and never echoes a request parameter. */
export interface ResultPage {
  ok: boolean;
  title: string;
  message: string;
  hint: string;
  /** The page's language (what the texts are written in); English when not said. */
  lang?: string;
}

/** Answers a callback for a session, with the full callback URL; resolves to the page the tab shows. */
export type CallbackHandler = (session: string, url: URL) => Promise<ResultPage>;

/**
 * One pending sign-in waiting on a listener, found by its one-time `state` (the map's key). Small on
 * purpose (issue #16, B2): thousands can wait at once, and the handler is one function shared by all.
 */
interface PendingRoute {
  path: string;
  session: string;
  onCallback: CallbackHandler;
}

export interface RedirectSpec {
  /** The host written in the redirect URI. 'localhost' binds both 127.0.0.1 and ::1. */
  host: '127.0.0.1' | 'localhost';
  /** 0 for the shared ephemeral listener. */
  port: number;
  path: string;
}

interface Listener {
  key: string;
  host: string;
  port: number;
  hostHeader: string;
  servers: Server[];
  routes: Map<string, PendingRoute>;
  /** How many routes wait on each path: a request for another path is refused without a scan. */
  paths: Map<string, number>;
  /** Result pages waiting to be fetched once, by one-time token (the tab is redirected to them). */
  results: Map<string, { page: ResultPage; timer: NodeJS.Timeout }>;
  /** Callbacks being answered right now; their result page is not stored yet. */
  inFlight: number;
}

/** How long a result page waits for the browser to fetch it. */
const RESULT_TTL_MS = 15_000;
const RESULT_PATH = '/gatehouse-result/';

const STYLE = /<style>([\s\S]*?)<\/style>/.exec(resultTemplate)?.[1] ?? '';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/** Static page headers (O8): no caching, no referrer, nothing loads but the page's own style. */
const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  Connection: 'close',
};
const FORBIDDEN_PARAMS = ['access_token', 'id_token', 'token', 'response'];
const SINGLE_PARAMS = ['state', 'code', 'error', 'error_description', 'iss'];
const MAX_STATE = 512;
/** Connections kept per listener; past this the oldest one that sent nothing is closed. */
const IDLE_CAP = 128;
/** Connections Node accepts at all (file descriptors are finite). */
const HARD_CAP = 1024;
const MAX_CODE = 4096;

const INVALID: ResultPage = {
  ok: false,
  title: 'This sign-in link is not valid',
  message: 'Gatehouse is not waiting for this response, or it was already used.',
  hint: 'Start the sign-in again from Gatehouse. You can close this tab.',
};

/**
 * Loopback listeners for sign-in redirects (RFC 8252). One listener per (host, port), shared by every
 * session on it and routed by `state`; opened when the first session needs it and closed when none
 * is pending. Loopback only, exact Host, GET on the exact path only.
 */
export class LoopbackHub {
  private readonly listeners = new Map<string, Listener>();
  private readonly opening = new Map<string, Promise<Listener>>();

  /**
   * Registers a pending route for `session` and returns the redirect URI to send. The state is made
   * once the port is known: a relayed sign-in carries the port in its state.
   */
  async register(
    spec: RedirectSpec,
    session: string,
    makeState: (port: number) => string,
    onCallback: CallbackHandler,
  ): Promise<{ redirectUri: string; listenerKey: string; state: string }> {
    const listener = await this.listenerFor(spec);
    const state = makeState(listener.port);
    listener.routes.set(state, { path: spec.path, session, onCallback });
    listener.paths.set(spec.path, (listener.paths.get(spec.path) ?? 0) + 1);
    const host = spec.host === 'localhost' ? 'localhost' : '127.0.0.1';
    return { redirectUri: `http://${host}:${listener.port}${spec.path}`, listenerKey: listener.key, state };
  }

  /** Forgets a route; closes its listener when nothing else waits on it. */
  release(listenerKey: string, state: string): void {
    const listener = this.listeners.get(listenerKey);
    if (!listener) return;
    forget(listener, state);
    this.closeIfIdle(listener);
  }

  /** Addresses being listened on, for tests and diagnostics. */
  addresses(): { key: string; bound: AddressInfo[]; pending: number }[] {
    return [...this.listeners.values()].map((l) => ({
      key: l.key,
      bound: l.servers.map((s) => s.address() as AddressInfo),
      pending: l.routes.size,
    }));
  }

  /** Resolves when no listener is open (every result page served), or after `timeoutMs`. */
  async whenIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.listeners.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  closeAll(): void {
    for (const listener of [...this.listeners.values()]) this.close(listener);
  }

  private listenerFor(spec: RedirectSpec): Promise<Listener> {
    const key = `${spec.host}:${spec.port}`;
    const existing = this.listeners.get(key);
    if (existing) return Promise.resolve(existing);
    let pending = this.opening.get(key);
    if (!pending) {
      pending = this.open(spec, key).finally(() => this.opening.delete(key));
      this.opening.set(key, pending);
    }
    return pending;
  }

  private async open(spec: RedirectSpec, key: string): Promise<Listener> {
    const listener: Listener = {
      key,
      host: spec.host,
      port: spec.port,
      hostHeader: '',
      servers: [],
      routes: new Map(),
      paths: new Map(),
      results: new Map(),
      inFlight: 0,
    };
    const addresses = spec.host === 'localhost' ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
    try {
      for (const address of addresses) {
        const server = this.makeServer(listener);
        listener.servers.push(server);
        // The first bind picks the port (0 = ephemeral); ::1 must then take the same one.
        listener.port = await listen(server, listener.port, address);
      }
    } catch (error) {
      for (const s of listener.servers) s.close();
      throw bindError(error, spec);
    }
    listener.hostHeader = `${spec.host}:${listener.port}`;
    this.listeners.set(key, listener);
    return listener;
  }

  private closeIfIdle(listener: Listener): void {
    if (listener.routes.size === 0 && listener.results.size === 0 && listener.inFlight === 0) this.close(listener);
  }

  /**
   * Stops accepting at once (a late request is refused) but lets a response in progress finish: the
   * callback that ends the last session closes its own listener while its result page is still due.
   */
  private close(listener: Listener): void {
    if (this.listeners.get(listener.key) !== listener) return;
    this.listeners.delete(listener.key);
    for (const server of listener.servers) {
      server.close();
      server.closeIdleConnections();
      // Browsers keep preconnected sockets that never send a request; they must not keep the
      // listener (or the CLI process) alive.
      setTimeout(() => server.closeAllConnections(), 1_000).unref();
    }
  }

  private makeServer(listener: Listener): Server {
    const server = createServer(
      { maxHeaderSize: 16 * 1024, requestTimeout: 15_000, headersTimeout: 5_000, keepAliveTimeout: 1_000 },
      (req, res) => {
        void this.handle(listener, req, res).catch(() => send(res, 500, INVALID));
      },
    );
    // A socket that stays silent is dropped (slow-loris, preconnects).
    server.setTimeout(10_000, (socket) => socket.destroy());
    server.maxHeadersCount = 64;
    // At most IDLE_CAP connections are kept; when another arrives, the oldest one that has not sent
    // a request makes room. Refusing the newcomer instead would let a few idle or half-open sockets
    // (a local program, browser preconnects) turn away the real browser's callback for seconds.
    const open = new Map<Socket, { busy: boolean }>();
    server.on('connection', (socket: Socket) => {
      open.set(socket, { busy: false });
      socket.once('close', () => open.delete(socket));
      if (open.size <= IDLE_CAP) return;
      for (const [other, state] of open) {
        if (other !== socket && !state.busy) {
          other.destroy();
          break;
        }
      }
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const state = open.get(req.socket);
      if (!state) return;
      state.busy = true;
      res.once('finish', () => (state.busy = false));
    });
    server.maxConnections = HARD_CAP;
    return server;
  }

  /** The callback bad-input catalogue (SECURITY.md 3.1): every refusal leaves pending sessions as they were. */
  private async handle(listener: Listener, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return send(res, 405, INVALID);
    }
    // Node keeps only the first of two Host headers; a request that carries two is refused whole.
    if (req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]?.toLowerCase() === 'host').length !== 1)
      return send(res, 400, INVALID);
    if (req.headers.host !== listener.hostHeader) return send(res, 421, INVALID);
    const fetchMode = req.headers['sec-fetch-mode'];
    const fetchDest = req.headers['sec-fetch-dest'];
    if ((fetchMode && fetchMode !== 'navigate') || (fetchDest && fetchDest !== 'document') || req.headers.origin) {
      return send(res, 403, INVALID);
    }
    const target = req.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) return send(res, 400, INVALID);
    if (target.startsWith(RESULT_PATH)) return this.serveResult(listener, target.slice(RESULT_PATH.length), res);
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    if (!listener.paths.has(path)) return send(res, 404, INVALID);
    let params: URLSearchParams;
    try {
      params = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
      // URLSearchParams replaces bad escapes silently; a strict decode catches %zz.
      decodeURIComponent(target.slice(queryAt + 1));
    } catch {
      return send(res, 400, INVALID);
    }
    if (FORBIDDEN_PARAMS.some((p) => params.has(p))) return send(res, 400, INVALID);
    if (SINGLE_PARAMS.some((p) => params.getAll(p).length > 1)) return send(res, 400, INVALID);
    const state = params.get('state');
    if (!state || state.length > MAX_STATE) return send(res, 400, INVALID);
    const route = listener.routes.get(state);
    // O5: a response on another path than the one sent is refused, and the session keeps waiting.
    if (!route || route.path !== path) return send(res, 400, INVALID);
    const code = params.get('code');
    const error = params.get('error');
    if ((code === null) === (error === null)) return send(res, 400, INVALID);
    if (code !== null && (code.length === 0 || code.length > MAX_CODE)) return send(res, 400, INVALID);
    // One-time: the route is consumed before anything else happens.
    forget(listener, state);
    listener.inFlight += 1;
    let page: ResultPage;
    try {
      page = await route.onCallback(route.session, new URL(target, `http://${listener.hostHeader}`));
    } finally {
      listener.inFlight -= 1;
    }
    // The tab is sent on to a one-time result URL, so the code leaves the address bar and history;
    // the listener stays up until that page is served (or a short while passes).
    const token = randomBytes(16).toString('base64url');
    const timer = setTimeout(() => {
      listener.results.delete(token);
      this.closeIfIdle(listener);
    }, RESULT_TTL_MS);
    timer.unref();
    listener.results.set(token, { page, timer });
    if (res.headersSent) return;
    res.writeHead(303, {
      ...PAGE_HEADERS,
      Location: `${RESULT_PATH}${token}`,
      'Content-Type': 'text/plain; charset=utf-8',
    });
    res.end(page.ok ? 'Signed in.' : 'Sign-in failed.');
  }

  private serveResult(listener: Listener, token: string, res: ServerResponse): void {
    const entry = listener.results.get(token);
    if (!entry) return send(res, 404, INVALID);
    clearTimeout(entry.timer);
    listener.results.delete(token);
    send(res, entry.page.ok ? 200 : 400, entry.page);
    this.closeIfIdle(listener);
  }
}

/** Removes a route and its count on its path. */
function forget(listener: Listener, state: string): void {
  const route = listener.routes.get(state);
  if (!route) return;
  listener.routes.delete(state);
  const left = (listener.paths.get(route.path) ?? 1) - 1;
  if (left > 0) listener.paths.set(route.path, left);
  else listener.paths.delete(route.path);
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // exclusive: no handle sharing with cluster workers; Node still sets SO_REUSEADDR, never SO_REUSEPORT.
    server.listen({ port, host: address, exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function bindError(error: unknown, spec: RedirectSpec): CoreError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const where = `${spec.host}${spec.port ? `:${spec.port}` : ''}`;
  if (code === 'EADDRINUSE') {
    return CoreError.say('CONFLICT', 'errors.portInUse', { port: spec.port, host: spec.host });
  }
  return CoreError.say('INTERNAL', 'errors.cannotListen', { where, code });
}

function send(res: ServerResponse, status: number, page: ResultPage): void {
  if (res.headersSent) return;
  res.writeHead(status, PAGE_HEADERS);
  res.end(renderPage(page));
}

/** Fills the template; every value is escaped. */
export function renderPage(page: ResultPage): string {
  const values: Record<string, string> = {
    title: page.title,
    message: page.message,
    hint: page.hint,
    tone: page.ok ? 'ok' : 'fail',
    lang: page.lang ?? 'en',
  };
  return resultTemplate.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => escapeHtml(values[name] ?? ''));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
