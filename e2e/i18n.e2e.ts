/**
 * The console in the reader's language: Korean when the OS says so, French when Settings says so,
 * with the core's own words (health, field errors) in the same language, plurals and numbers from
 * `Intl`, and every screen screenshotted in Korean in both themes and at both window sizes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, testCore } from '../tests/helpers/core';
import { seedAccounts } from '../tests/helpers/seed';
import { launchChromium, openApp, screenshot } from './host';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Each screen by its Korean name, and a text that says it was drawn in Korean. */
const KOREAN_SCREENS = [
  ['accounts', '계정', '24시간 안에 만료'],
  ['enroll', '등록', '등록 YAML 가져오기'],
  ['sessions', '세션', '진행 중인 로그인이 없습니다'],
  ['resync', '재동기화', '아직 재동기화 대상이 없습니다'],
  ['incidents', '사고', '사고 없음'],
  ['audit', '감사', '해시 체인'],
  ['settings', '설정', '저장소와 시스템 상태'],
] as const;

describe('the console in Korean and in French', () => {
  it('follows the OS (Korean): every screen, the core’s words, both themes and both window sizes', async () => {
    const core = await testCore();
    await core.start();
    await seedAccounts(core.internals.store, 40, Date.now());
    const app = await openApp(browser, core, admin, '#/accounts', { locale: 'ko-KR' });
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: '계정' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    // Counts with Korean counters, and the core's health in Korean (its rule key, said here).
    await page.getByText('계정 40개').first().waitFor();
    await page.locator('[data-account] [data-col="health"]').getByText('재인증 필요').first().waitFor();
    expect(await page.locator('[data-account]').first().getAttribute('aria-label')).toMatch(/: [^A-Za-z]+$/);
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') {
        await page.getByRole('link', { name: '설정', exact: true }).click();
        await page.getByRole('combobox', { name: /^테마/ }).selectOption('dark');
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      }
      for (const [id, name, text] of KOREAN_SCREENS) {
        await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name, exact: true }).click();
        await page.getByRole('heading', { level: 1, name }).waitFor();
        await page.getByText(text).first().waitFor();
        await screenshot(page, `ko-${id}-${theme}`);
      }
    }
    // The storage checks are the core's words too, plural forms included ("항목 N개, 체인 정상").
    await page.getByRole('link', { name: '설정', exact: true }).click();
    await page
      .locator('[data-check="audit"]')
      .getByText(/체인 정상/)
      .waitFor();
    await page
      .locator('[data-check="vault"]')
      .getByText(/봉인된 비밀/)
      .waitFor();
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('link', { name: '계정', exact: true }).click();
    await page.getByText('계정 40개').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await screenshot(page, 'ko-accounts-dark-1024');
    // A store whose token was refused: its last error, written by the core, said in Korean.
    await page.locator('[data-account]').nth(1).press('Enter');
    await page.getByRole('heading', { name: '기록' }).waitFor();
    await page
      .locator('.drawer')
      .getByText(/스토어 API 토큰을 거부했습니다/)
      .waitFor();
    await screenshot(page, 'ko-accounts-drawer-dark-1024');

    // A field error from the core, said in Korean beside its field.
    await page.getByRole('link', { name: '등록', exact: true }).click();
    await page.getByRole('button', { name: /OpenID 제공자/ }).click();
    await page.getByRole('button', { name: '추가 후 로그인' }).click();
    await page.getByText('발급자 URL: 필수 항목입니다.').waitFor();
    await screenshot(page, 'ko-enroll-field-error-dark-1024');
    await app.close();
    await core.close();
  });

  it('changes language from Settings at once (French), then follows the OS again', async () => {
    const core = await testCore();
    await core.start();
    await seedAccounts(core.internals.store, 3, Date.now());
    const app = await openApp(browser, core, admin, '#/settings');
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('combobox', { name: /^Language/ }).selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await screenshot(page, 'fr-settings');
    await page.getByRole('link', { name: 'Comptes', exact: true }).click();
    await page.getByText('3 comptes').first().waitFor();
    await screenshot(page, 'fr-accounts');
    // The choice is a setting: the CLI and a restart see it too.
    expect((await core.invoke('settings:get', undefined, admin)) as unknown).toMatchObject({
      ok: true,
      value: { language: 'fr' },
    });
    await page.getByRole('link', { name: 'Réglages', exact: true }).click();
    await page.getByRole('combobox', { name: /^Langue/ }).selectOption('system');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await app.close();
    await core.close();
  });
});
