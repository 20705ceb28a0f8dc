import { platform } from 'node:os';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { checkDatabase, checkDataFolder, checkKeychain, checkLoopback, report } from './checks';

/** Handlers of the app and health domains. */
export function healthHandlers(s: Services): Pick<Handlers, 'app:info' | 'health:check'> {
  return {
    'app:info': (_input, ctx) => ({
      name: 'Gatehouse',
      version: s.appVersion,
      dataDir: s.dataDir,
      platform: platform(),
      operator: { name: ctx.caller.actor, role: ctx.caller.role },
    }),
    'health:check': async () =>
      report(s.dataDir, [
        checkDataFolder(s.dataDir),
        checkDatabase(s.db, null),
        ...(await checkKeychain(s.vault)),
        await checkLoopback(),
      ]),
  };
}
