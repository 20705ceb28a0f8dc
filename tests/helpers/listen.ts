import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How long an emulated provider keeps an idle connection open: what the providers' front ends do
 * (60–75 s), not Node's 5 s. With 5 s, a test that held the event loop longer (a disk filled with a
 * synchronous loop on a loaded machine) sent its next token request on a socket the emulator was
 * closing, and the core rightly reported a refresh that got no answer (ECONNRESET): the full-disk
 * tests' rare failure, found in session 18 (reproduced: a 6 s block before a POST failed 5 in 10).
 */
const IDLE_CONNECTION_MS = 65_000;

/** A loopback server listening as a provider's would: its origin, its port, and how to stop it. */
export async function listenAsProvider(
  server: Server,
): Promise<{ origin: string; port: number; close: () => Promise<void> }> {
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
