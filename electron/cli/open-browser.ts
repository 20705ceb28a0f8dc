import { spawn } from 'node:child_process';
import { safeExternalUrl } from '../main/security';

/** Opens a URL in the system browser from a terminal (the CLI's openExternal), after the same check as the app's. */
export function openBrowser(raw: string): Promise<void> {
  const url = safeExternalUrl(raw, 'any-https');
  if (!url) return Promise.reject(new Error('Refused to open a URL that is not a sign-in address.'));
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url.href]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url.href]]
        : ['xdg-open', [url.href]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
