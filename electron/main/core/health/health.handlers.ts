import { platform } from 'node:os';
import { channels } from '../../../../shared/contract';
import type { Role } from '../../../../shared/domain';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { checkAudit, checkDatabase, checkDisk, checkDataFolder, checkKeychain, checkLoopback, report } from './checks';

/** The role each channel needs, from the contract (the renderer reads it here, not from the schemas). */
const CHANNEL_ROLES: Record<string, Role> = Object.fromEntries(
  Object.entries(channels).map(([name, spec]) => [name, spec.role]),
);

/** Handlers of the app and health domains. */
export function healthHandlers(
  s: Services,
  recoverKeys: () => Promise<void>,
): Pick<Handlers, 'app:info' | 'health:check'> {
  return {
    'app:info': (_input, ctx) => ({
      name: 'Gatehouse',
      version: s.appVersion,
      dataDir: s.dataDir,
      platform: platform(),
      operator: { name: ctx.caller.actor, role: ctx.caller.role },
      channelRoles: CHANNEL_ROLES,
    }),
    'health:check': async (input) => {
      // A keychain that opens the secrets again clears the accounts it had marked (a keychain that
      // cannot be reached is reported by the check below).
      await recoverKeys().catch(() => undefined);
      const keychain = await checkKeychain(s.vault);
      return report(s.dataDir, [
        checkDataFolder(s.dataDir),
        checkDisk(s.dataDir),
        await checkDatabase(s.store, null, { integrity: input?.integrity === true }),
        await checkAudit(s.store, s.dataDir, s.audit),
        ...keychain,
        await checkLoopback(),
      ]);
    },
  };
}
