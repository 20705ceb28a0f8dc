/**
 * `npm run demo`: Gatehouse against local stand-ins for every provider, in two minutes, with nothing
 * to register. The stand-ins are the ones the tests use: oidc-provider shaped like Microsoft and
 * Google (sign in with any name and password), and the Cafe24, BigCommerce and Customer Service
 * emulators, all on 127.0.0.1. A data folder is seeded with a realistic mix of accounts; then the
 * console opens: the Electron app where Electron is installed, otherwise the real renderer in a
 * Chromium window against the real core. `--check` does it all headless and exits (the suite runs it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Account } from '../shared/domain';
import { createCore } from '../electron/main/core/core';
import { startBigCommerceEmulator } from '../tests/helpers/bigcommerce-emulator';
import { startCafe24Emulator } from '../tests/helpers/cafe24-emulator';
import { startCustomerServiceEmulator } from '../tests/helpers/customer-service-emulator';
import { startOidcServer } from '../tests/helpers/oidc-server';
import { seedAccounts } from '../tests/helpers/seed';
import { QUIET_CHROMIUM } from '../tests/helpers/browser';
import { connectCafe24 } from '../tests/helpers/signin';
import { openApp } from './host';

const check = process.argv.includes('--check');
const admin = { actor: 'demo admin', role: 'admin' as const, face: 'test-host' as const };
const say = (text: string) => process.stdout.write(`${text}\n`);

const ms = await startOidcServer({ flavor: 'microsoft', tenant: 'contoso.onmicrosoft.com' });
const google = await startOidcServer({ flavor: 'google' });
const cafe24 = await startCafe24Emulator();
const bc = await startBigCommerceEmulator();
const cs = await startCustomerServiceEmulator();
bc.stores.set('demo01', 'bc-demo-token-0001');
const msOrigin = new URL(ms.issuer).origin;
const googleOrigin = new URL(google.issuer).origin;
const overrides = {
  'https://login.microsoftonline.com': msOrigin,
  'https://graph.microsoft.com': msOrigin,
  'https://accounts.google.com': googleOrigin,
  'https://oauth2.googleapis.com': googleOrigin,
  'https://shop1.cafe24api.com': cafe24.origin,
  'https://api.bigcommerce.com': bc.origin,
};

const dataDir = process.env.GATEHOUSE_DEMO_DIR ?? mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
let browserOpen: (url: string) => Promise<void> = () => Promise.resolve();
const core = await createCore({
  dataDir,
  endpointOverrides: overrides,
  openExternal: (url) => browserOpen(url),
  background: true,
});
await core.start();
const must = async <T>(channel: string, input?: unknown): Promise<T> => {
  const result = await core.invoke(channel, input, admin);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
};

// A realistic mix: healthy, lapsing, expired, refused and never-connected accounts…
await seedAccounts(core.internals.store, 24, Date.now());
// …a Cafe24 mall really connected to its stand-in, a BigCommerce store, and two mailboxes to enrol.
await connectCafe24(core, cafe24, 'Demo mall (Cafe24)');
const store = await must<Account>('accounts:add', {
  provider: 'bigcommerce',
  label: 'Demo store (BigCommerce)',
  storeHash: 'demo01',
  apiToken: 'bc-demo-token-0001',
});
await must('accounts:add', {
  provider: 'microsoft',
  label: 'ops@contoso.com',
  tenant: 'contoso.onmicrosoft.com',
  clientId: ms.clientId,
});
await must('accounts:add', { provider: 'google', label: 'support@gmail.example', clientId: google.clientId });
await must('settings:update', { customerServiceUrl: cs.url, resyncBigcommerceAccountId: store.id });
await must('secrets:set', { name: 'customer-service-api-key', value: cs.apiKey });

say(`Gatehouse demo: data folder ${dataDir}`);
say('Stand-ins on 127.0.0.1: Microsoft, Google (sign in with the mailbox as name, any password), Cafe24,');
say('BigCommerce and the Customer Service. Try: Accounts → "ops@contoso.com" → Sign in; Re-sync →');
say('jane@example.com; Settings → Appearance. Press Ctrl+C to stop.');

// Where the electron package put its binary (path.txt), without `require('electron')`, which tries
// to download a missing binary.
const require = createRequire(import.meta.url);
const electron = (() => {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
})();

if (electron && !check) {
  // The real app, on the seeded folder and the stand-ins (overrides accept loopback targets only).
  const app = spawn(electron, [join(import.meta.dirname, '..')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides),
    },
  });
  app.on('exit', () => process.exit(0));
} else {
  const browser = await chromium.launch({
    headless: check || !process.env.DISPLAY,
    ...(existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
      ? { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }
      : { channel: 'chrome' }),
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', QUIET_CHROMIUM],
  });
  const app = await openApp(browser, core, admin);
  browserOpen = async (url) => {
    const tab = await app.page.context().newPage();
    await tab.goto(url);
  };
  await app.page.getByText('Demo mall (Cafe24)').waitFor({ timeout: 30_000 });
  if (check || !process.env.DISPLAY) {
    say(check ? 'demo check: the console shows the seeded accounts.' : 'No display: open the app on a desktop.');
    await app.close();
    await browser.close();
    await core.close();
    await Promise.all([ms.close(), google.close(), cafe24.close(), bc.close(), cs.close()]);
    process.exit(0);
  }
}
