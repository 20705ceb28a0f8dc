import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeExternalUrl } from '../main/security';

/** How long the hand-off page is kept for a slow browser start; it is also removed when the CLI exits. */
const HANDOFF_TTL_MS = 120_000;

/**
 * Opens a URL in the system browser from a terminal (the CLI's openExternal), after the same check as
 * the app's. The authorization URL carries the one-time `state`, and a command line is readable by
 * every local user (`ps`, /proc/PID/cmdline), so the opener is handed the path of a private page
 * (a 0700 folder, a 0600 file) that sends the browser on; the URL itself never reaches argv.
 */
export function openBrowser(raw: string): Promise<void> {
  const url = safeExternalUrl(raw, 'any-https');
  if (!url) return Promise.reject(new Error('Refused to open a URL that is not a sign-in address.'));
  const page = writeHandoffPage(url.href);
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [page.file]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', page.file]]
        : ['xdg-open', [page.file]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', (error) => {
      page.remove();
      reject(error);
    });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/** A page only this user can read, which forwards the browser to `href`. */
export function writeHandoffPage(href: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-open-'));
  const file = join(dir, 'sign-in.html');
  const attr = href.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
      `<meta http-equiv="refresh" content="0;url=${attr}"><title>Gatehouse sign-in</title>` +
      `<p>Opening the sign-in page… <a href="${attr}">Continue</a></p>`,
    { mode: 0o600, flag: 'wx' },
  );
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  setTimeout(remove, HANDOFF_TTL_MS).unref();
  process.once('exit', remove);
  return { file, remove };
}
