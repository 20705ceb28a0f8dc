import { chromium, type Browser } from 'playwright-core';

/**
 * What Chromium builds for its own address bar and nobody here sees: Debian's Chromium 156 loads
 * the address bar's suggestion popup as web pages in a renderer of its own for each browser context
 * (Playwright opens one per app, per sign-in), about 400 files and 1.2 s of CPU each on this 2-core
 * machine, while the page under test loads beside it.
 */
export const QUIET_CHROMIUM = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup';

/** Debian's Chromium, started the way this machine allows (no background network, no sandbox as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      QUIET_CHROMIUM,
    ],
  });
}

/**
 * Walks oidc-provider's dev login and consent pages in Chromium, as an admin would, and returns the
 * text of the page the browser tab ends on (Gatehouse's loopback result page).
 */
export async function signInWithBrowser(
  browser: Browser,
  authorizationUrl: string,
  login = 'alice',
): Promise<{ text: string; url: string; status: number | null }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let status: number | null = null;
  page.on('response', (response) => {
    if (new URL(response.url()).hostname === '127.0.0.1' && response.request().isNavigationRequest())
      status = response.status();
  });
  try {
    await page.goto(authorizationUrl);
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any-password');
    await page.locator('button[type=submit]').click();
    await page.waitForLoadState();
    if (await page.locator('button[type=submit]').count()) {
      await page.locator('button[type=submit]').click();
    }
    await page.locator('main h1').waitFor({ timeout: 20_000 });
    return { text: await page.locator('main').innerText(), url: page.url(), status };
  } finally {
    await context.close();
  }
}
