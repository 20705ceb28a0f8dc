import axe from 'axe-core';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
export { launchChromium } from '../tests/helpers/browser';
import type { Core } from '../electron/main/core/core';
import type { Caller } from '../electron/main/core/router/router';
import { RENDERER_CSP } from '../electron/main/security';

/** The repository: up from this file (or from its bundle under node_modules/.cache, for benchmarks). */
function findRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'electron.vite.config.ts'))) return dir;
  }
  return join(from, '..');
}
const root = findRoot(import.meta.dirname);
const rendererDir = join(root, 'out', 'renderer');
export const screenshotsDir = join(root, 'e2e', 'screenshots');
const ORIGIN = 'http://gatehouse.test';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface AppHandle {
  page: Page;
  /** Every reply and event the page received, for canary scans. */
  traffic: string[];
  close(): Promise<void>;
}

/**
 * The browser test host: the built renderer (out/renderer) in Chromium, with `window.gatehouse`
 * bound to a real core in this process. Same contract, same router as the Electron preload.
 */
export async function openApp(
  browser: Browser,
  core: Core,
  caller: Caller,
  hash = '#/accounts',
  /** The OS's language as the page sees it (`navigator.languages`); English unless a test says. */
  {
    locale = 'en-US',
    prepare,
  }: {
    locale?: string;
    /** Runs before the page loads, after the bridge is in place (a bench's own init script). */
    prepare?: (page: Page) => Promise<void>;
  } = {},
): Promise<AppHandle> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale });
  const page = await context.newPage();
  const traffic: string[] = [];
  await context.route(`${ORIGIN}/**`, async (route) => {
    const path = normalize(decodeURIComponent(new URL(route.request().url()).pathname)).replace(/^([/\\])+/, '');
    const file = join(rendererDir, path || 'index.html');
    if (!file.startsWith(rendererDir)) return route.fulfill({ status: 404 });
    try {
      await route.fulfill({
        status: 200,
        body: readFileSync(file),
        headers: {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': RENDERER_CSP,
        },
      });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  // The answer crosses as JSON text, parsed by the page's own JSON.parse: Playwright's serializer
  // rebuilt a window of 100 rows in the page's JavaScript, 40-50 ms a window here, and those
  // frames were the slowest in B5's scroll. Electron's IPC (structured clone) has no such cost; the
  // contract's outputs are plain JSON values (the CLI prints the same ones).
  await page.exposeBinding('__gatehouseInvoke', async (_source, channel: unknown, input: unknown) => {
    const text = JSON.stringify(await core.invoke(channel, input, caller));
    traffic.push(text);
    return text;
  });
  await page.addInitScript(() => {
    type Listener = (payload: unknown) => void;
    const listeners = new Map<string, Set<Listener>>();
    const w = window as unknown as Record<string, unknown>;
    const invoke = w.__gatehouseInvoke as (channel: string, input: unknown) => Promise<string | undefined>;
    w.gatehouse = Object.freeze({
      invoke: async (channel: string, input?: unknown) => {
        const text = await invoke(channel, input);
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
      },
      on: (event: string, listener: Listener) => {
        const set = listeners.get(event) ?? new Set<Listener>();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
    });
    w.__gatehouseEmit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  });
  const unsubscribe = core.events.subscribe((event, payload) => {
    traffic.push(JSON.stringify([event, payload]));
    page
      .evaluate(
        ([e, p]) => (window as unknown as { __gatehouseEmit: (e: string, p: unknown) => void }).__gatehouseEmit(e, p),
        [event, payload] as const,
      )
      .catch(() => {});
  });
  await prepare?.(page);
  await page.goto(`${ORIGIN}/index.html${hash}`);
  return {
    page,
    traffic,
    close: async () => {
      unsubscribe();
      await context.close();
    },
  };
}

/** Saves a full-window screenshot under e2e/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  // Every state the suite looks at is also checked for accessibility.
  const problems = await accessibilityProblems(page);
  if (problems.length > 0) {
    if (process.env.GATEHOUSE_AXE_SURVEY)
      appendFileSync(process.env.GATEHOUSE_AXE_SURVEY, `${name}\n  ${problems.join('\n  ')}\n`);
    else
      throw new Error(
        `${name}: axe-core finds ${problems.length} serious or critical problem(s):\n${problems.join('\n')}`,
      );
  }
  return path;
}

/**
 * axe-core over the page as it is now: its serious and critical violations, each with the rule, what
 * it asks and where (the first few elements). Injected through the debugger, so the page's CSP stands.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    type Result = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    const run = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<Result> } }).axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .slice(0, 4)
            .map((n) => n.target.join(' '))
            .join(', ')}${v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ''}`,
      );
  });
}
