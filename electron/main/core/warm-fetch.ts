import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Readies Node's `fetch` for this process's first token request, so the admin waiting on the
 * provider's redirect does not pay for it. A process's first POST with a body costs 20–60 ms more
 * than its second (measured here: 65 ms against 5): undici's HTTP client and parser are built on
 * first use, and the request body is copied into two streams whose first release builds a
 * regular expression in a new V8 context. A provider whose endpoints come from its template (Microsoft,
 * Google, Cafe24) is asked nothing before the code exchange, so that exchange would be the first.
 *
 * One POST with a form body, like a token request, to a listener of its own on loopback that reads
 * it, answers 204 with nothing and closes: no provider is contacted and nothing is sent anywhere
 * else. Best effort: never throws, and the listener is gone when the promise settles.
 */
export async function warmFetch(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204, { Connection: 'close' }).end());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'warm' }),
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
  } catch {
    // Only a readying: the real request does the same work if this could not.
  } finally {
    server.close();
    server.closeAllConnections();
  }
}
