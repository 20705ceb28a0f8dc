import { createServer } from 'node:http';
import { listenAsProvider } from './listen';

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface CustomerServiceEmulator {
  url: string;
  apiKey: string;
  /** Bearer tokens accepted besides the API key (an identity provider's access tokens). */
  acceptedTokens: Set<string>;
  /** auth0Id → the last payload synced */
  users: Map<string, Record<string, unknown>>;
  requests: { headers: Record<string, string | string[] | undefined>; body: unknown }[];
  /** Answers consumed one per request before normal service (429s, 5xx, HTML). */
  faults: Fault[];
  delayMs: number;
  close(): Promise<void>;
}

/**
 * The Customer Service of seed 001: `POST /land/api/v1/users/sync` takes a `UserSyncData` JSON body
 * (auth0Id, email, name, userType required), an `X-Service-Name` header and a bearer API key, and is
 * idempotent by auth0Id. 401 without the key, 400 for a bad payload.
 */
export async function startCustomerServiceEmulator(): Promise<CustomerServiceEmulator> {
  const apiKey = 'cs-api-key-5e1f9a';
  const users = new Map<string, Record<string, unknown>>();
  const acceptedTokens = new Set<string>();
  const requests: CustomerServiceEmulator['requests'] = [];
  const state = { faults: [] as Fault[], delayMs: 0 };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => void answer());
    const answer = async () => {
      if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      requests.push({ headers: req.headers, body });
      const fault = state.faults.shift();
      if (fault) return res.writeHead(fault.status, fault.headers).end(fault.body ?? '');
      res.setHeader('Content-Type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/land/api/v1/users/sync')
        return res.writeHead(404).end(JSON.stringify({ message: 'Not found' }));
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (bearer !== apiKey && !acceptedTokens.has(bearer))
        return res.writeHead(401).end(JSON.stringify({ message: 'Unauthorized' }));
      if (!req.headers['x-service-name'])
        return res.writeHead(400).end(JSON.stringify({ message: 'X-Service-Name required' }));
      const b = body as Record<string, unknown> | null;
      if (
        !b ||
        typeof b.auth0Id !== 'string' ||
        typeof b.email !== 'string' ||
        typeof b.name !== 'string' ||
        typeof b.userType !== 'string'
      )
        return res.writeHead(400).end(JSON.stringify({ message: 'Invalid UserSyncData' }));
      const created = !users.has(b.auth0Id);
      users.set(b.auth0Id, b);
      res
        .writeHead(created ? 201 : 200)
        .end(JSON.stringify({ success: true, userId: `cs-${b.auth0Id.replace(/[^a-z0-9]/gi, '')}` }));
    };
  });
  const listening = await listenAsProvider(server);
  return {
    url: listening.origin,
    apiKey,
    acceptedTokens,
    users,
    requests,
    get faults() {
      return state.faults;
    },
    set faults(value) {
      state.faults = value;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value) {
      state.delayMs = value;
    },
    close: listening.close,
  };
}
