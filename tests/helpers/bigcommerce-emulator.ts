import { createServer } from 'node:http';
import type { Fault } from './customer-service-emulator';
import { listenAsProvider } from './listen';

export interface BcCustomer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
}

export interface BigCommerceEmulator {
  origin: string;
  /** store hash → the API token it accepts */
  stores: Map<string, string>;
  /** store hash → its customers */
  customers: Map<string, BcCustomer[]>;
  requests: { method: string; path: string; token: string | undefined }[];
  /** Answers consumed one per customers request before normal service. */
  faults: Fault[];
  /** Requests allowed per window (providers.md 2.5); beyond it, 429 with the rate-limit headers. */
  quota: number;
  windowMs: number;
  delayMs: number;
  /** The most customer requests seen in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * BigCommerce's store API as providers.md 2.2–2.5 describes it: `X-Auth-Token`, JSON,
 * GET /stores/{hash}/v2/store answers store information, 401 for a wrong token, 404 for an unknown
 * store; Customers v3: GET ?email:in= and POST an array (422 for an email already used), with the
 * per-store quota and its X-Rate-Limit-* headers.
 */
export async function startBigCommerceEmulator(): Promise<BigCommerceEmulator> {
  const stores = new Map<string, string>();
  const customers = new Map<string, BcCustomer[]>();
  const requests: BigCommerceEmulator['requests'] = [];
  const state = { faults: [] as Fault[], quota: 1000, windowMs: 30_000, delayMs: 0, inFlight: 0, maxInFlight: 0 };
  let windowStart = Date.now();
  let used = 0;
  let nextId = 100;
  const server = createServer((req, res) => {
    const token = req.headers['x-auth-token'] as string | undefined;
    const url = new URL(req.url ?? '/', 'http://emulator');
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '', token });
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => void answer());
    const answer = async () => {
      res.setHeader('Content-Type', 'application/json');
      const store = /^\/stores\/([a-z0-9]+)\/(v2\/store|v3\/customers)$/.exec(url.pathname);
      if (!store) return res.writeHead(404).end(JSON.stringify({ status: 404, title: 'Not found' }));
      const hash = store[1] as string;
      const expected = stores.get(hash);
      if (expected === undefined)
        return res.writeHead(404).end(JSON.stringify({ status: 404, title: 'Store not found' }));
      if (token !== expected) return res.writeHead(401).end(JSON.stringify({ status: 401, title: 'Unauthorized' }));
      if (store[2] === 'v2/store') {
        return res.writeHead(200).end(
          JSON.stringify({
            id: hash,
            domain: `${hash}.mybigcommerce.com`,
            name: 'Test store',
            plan_name: 'Standard',
          }),
        );
      }
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
        const now = Date.now();
        if (now - windowStart >= state.windowMs) {
          windowStart = now;
          used = 0;
        }
        used += 1;
        const reset = String(Math.max(0, state.windowMs - (now - windowStart)));
        res.setHeader('X-Rate-Limit-Time-Window-Ms', String(state.windowMs));
        res.setHeader('X-Rate-Limit-Time-Reset-Ms', reset);
        res.setHeader('X-Rate-Limit-Requests-Quota', String(state.quota));
        res.setHeader('X-Rate-Limit-Requests-Left', String(Math.max(0, state.quota - used)));
        if (used > state.quota)
          return res.writeHead(429).end(JSON.stringify({ status: 429, title: 'Too many requests' }));
        const fault = state.faults.shift();
        if (fault) return res.writeHead(fault.status, fault.headers).end(fault.body ?? '');
        const list = customers.get(hash) ?? [];
        customers.set(hash, list);
        if (req.method === 'GET') {
          const wanted = (url.searchParams.get('email:in') ?? '').toLowerCase().split(',').filter(Boolean);
          const data = list.filter((c) => wanted.includes(c.email.toLowerCase()));
          return res.writeHead(200).end(JSON.stringify({ data, meta: { pagination: { total: data.length } } }));
        }
        if (req.method === 'POST') {
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            return res.writeHead(400).end(JSON.stringify({ status: 400, title: 'Bad JSON' }));
          }
          if (!Array.isArray(body))
            return res.writeHead(400).end(JSON.stringify({ status: 400, title: 'Expected an array' }));
          if (body.length > 10) return res.writeHead(413).end(JSON.stringify({ status: 413, title: 'Too many' }));
          const created: BcCustomer[] = [];
          for (const item of body as Partial<BcCustomer>[]) {
            if (!item.email || !item.first_name || !item.last_name)
              return res
                .writeHead(422)
                .end(JSON.stringify({ status: 422, title: 'Invalid customer', errors: { email: 'required' } }));
            if (list.some((c) => c.email.toLowerCase() === item.email!.toLowerCase()))
              return res.writeHead(422).end(
                JSON.stringify({
                  status: 422,
                  title: 'The email address is already in use',
                  type: 'about:blank',
                  errors: {},
                }),
              );
            created.push({ id: nextId++, email: item.email, first_name: item.first_name, last_name: item.last_name });
          }
          list.push(...created);
          return res.writeHead(200).end(JSON.stringify({ data: created, meta: {} }));
        }
        return res.writeHead(405).end(JSON.stringify({ status: 405 }));
      } finally {
        state.inFlight -= 1;
      }
    };
  });
  const listening = await listenAsProvider(server);
  const prop = <K extends 'faults' | 'quota' | 'windowMs' | 'delayMs'>(key: K) => ({
    get: () => state[key],
    set: (v: (typeof state)[K]) => {
      state[key] = v;
    },
  });
  const emulator = {
    origin: listening.origin,
    stores,
    customers,
    requests,
    close: listening.close,
  } as unknown as BigCommerceEmulator;
  Object.defineProperties(emulator, {
    faults: prop('faults'),
    quota: prop('quota'),
    windowMs: prop('windowMs'),
    delayMs: prop('delayMs'),
    maxInFlight: { get: () => state.maxInFlight },
  });
  return emulator;
}
