import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the Chromium the tests and the bench drive (tests/helpers/browser.ts)', () => {
  it('runs the pages under test and none of its own', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto('data:text/html,<p>under test</p>');
      // Chromium 156 opens its address bar's suggestion popup as two pages of its own per context
      // (chrome://omnibox-popup.top-chrome, about 1.2 s of CPU each here) as soon as the context
      // exists. A new Chromium that names the feature differently shows up here, not as a slower CI.
      const cdp = await browser.newBrowserCDPSession();
      const { targetInfos } = (await cdp.send('Target.getTargets')) as {
        targetInfos: { type: string; url: string }[];
      };
      await cdp.detach();
      expect(targetInfos.filter((t) => t.url.startsWith('chrome://')).map((t) => `${t.type} ${t.url}`)).toEqual([]);
      expect(targetInfos.some((t) => t.url.startsWith('data:text/html'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});
