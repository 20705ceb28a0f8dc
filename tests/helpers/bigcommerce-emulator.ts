import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BigCommerceEmulator {
  origin: string;
  /** store hash → the API token it accepts */
  stores: Map<string, string>;
  requests: { path: string; token: string | undefined }[];
  close(): Promise<void>;
}

/**
 * BigCommerce's store API as providers.md 2.2–2.3 describes it: `X-Auth-Token`, JSON,
 * GET /stores/{hash}/v2/store answers store information, 401 for a wrong token, 404 for an unknown store.
 */
export async function startBigCommerceEmulator(): Promise<BigCommerceEmulator> {
  const stores = new Map<string, string>();
  const requests: BigCommerceEmulator['requests'] = [];
  const server = createServer((req, res) => {
    const token = req.headers['x-auth-token'] as string | undefined;
    requests.push({ path: req.url ?? '', token });
    const match = /^\/stores\/([a-z0-9]+)\/v2\/store$/.exec(req.url ?? '');
    res.setHeader('Content-Type', 'application/json');
    if (!match) return res.writeHead(404).end(JSON.stringify({ status: 404, title: 'Not found' }));
    const expected = stores.get(match[1] as string);
    if (expected === undefined)
      return res.writeHead(404).end(JSON.stringify({ status: 404, title: 'Store not found' }));
    if (token !== expected) return res.writeHead(401).end(JSON.stringify({ status: 401, title: 'Unauthorized' }));
    res.writeHead(200).end(
      JSON.stringify({
        id: match[1],
        domain: `${match[1]}.mybigcommerce.com`,
        name: 'Test store',
        plan_name: 'Standard',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stores,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
