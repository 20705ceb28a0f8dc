import { request } from 'node:http';
import type { Account, Session } from '../../shared/domain';
import type { Core } from '../../electron/main/core/core';
import { must } from './invoke';
import type { OidcServer } from './oidc-server';

/** Adds a Microsoft 365 mailbox of the contoso tenant (its endpoints come from the template, no network). */
export function microsoftMailbox(core: Core, label = 'user@contoso.com'): Promise<Account> {
  return must<Account>(core, 'accounts:add', {
    provider: 'microsoft',
    label,
    tenant: 'contoso.onmicrosoft.com',
    clientId: '11111111-2222-3333-4444-555555555555',
  });
}

/** Adds a generic OIDC account against `idp`. */
export async function oidcAccount(
  core: Core,
  idp: OidcServer,
  label = 'alice@example.com',
  extra: Record<string, unknown> = {},
): Promise<Account> {
  return must<Account>(core, 'accounts:add', {
    provider: 'oidc',
    label,
    clientId: idp.clientId,
    issuer: idp.issuer,
    ...extra,
  });
}

/** Polls until the session reaches one of `states`. */
export async function waitForState(core: Core, id: string, states: string[]): Promise<Session> {
  for (let i = 0; i < 200; i++) {
    const [session] = (await must<Session[]>(core, 'sessions:list', { includeFinished: true })).filter(
      (s) => s.id === id,
    );
    if (session && states.includes(session.state)) return session;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session ${id} never reached ${states.join('/')}`);
}

/** One raw HTTP request to the listener, with full control of the method, target and headers. */
export function raw(
  port: number,
  target: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: init.method ?? 'GET',
        path: target,
        headers: { host: `127.0.0.1:${port}`, ...init.headers },
        setHost: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export function portOf(session: Session): number {
  return Number(new URL(session.redirectUri).port);
}

export function stateOf(session: Session): string {
  return new URL(session.authorizationUrl as string).searchParams.get('state') as string;
}

/** Follows one redirect like a browser that the merchant already approved in. */
export function get(url: string): Promise<{ status: number; location: string | undefined }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: { host: u.host } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Enrols a Cafe24 account through the emulator: add, start, approve, callback, result page. */
export async function connectCafe24(
  core: Core,
  emulator: { clientId: string; clientSecret: string },
  label = 'Shop 1',
): Promise<Account> {
  const account = await must<Account>(core, 'accounts:add', {
    provider: 'cafe24',
    label,
    mallId: 'shop1',
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
  });
  const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
  const approved = await get(session.authorizationUrl as string);
  const callback = await get(approved.location as string);
  await get(new URL(callback.location as string, approved.location).href);
  const done = await waitForState(core, session.id, ['COMPLETED', 'FAILED']);
  if (done.state !== 'COMPLETED') throw new Error(`Cafe24 sign-in failed: ${done.errorMessage}`);
  return (await must<Account[]>(core, 'accounts:list')).find((a) => a.id === account.id) as Account;
}
