import { SETTING_SECRETS } from '../../../../shared/domain';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { SETTINGS_OWNER } from './vault';
import { requireSecureUrl } from '../providers/endpoints';
import { isoTime } from '../iso';

type VaultChannels = 'vault:status' | 'vault:rotateKey' | 'secrets:list' | 'secrets:set' | 'secrets:clear';

/** Handlers of the vault domain: key status and rotation, and the setting secrets. */
export function vaultHandlers(s: Services): Pick<Handlers, VaultChannels> {
  return {
    'vault:status': async () => {
      await s.vault.unlock();
      return {
        backend: s.vault.backend,
        keyVersion: s.vault.health().keyVersion,
        sealedSecrets: await s.vault.count(),
        accountsNeedingReenrolment: await s.store.read.accounts.countKeyMismatch(),
      };
    },
    'vault:rotateKey': async (_input, ctx) => {
      const result = await s.vault.rotate();
      ctx.setAuditTarget(`key v${result.keyVersion}`);
      s.log.info('vault.rotated', { keyVersion: result.keyVersion, resealed: result.resealed });
      s.events.emit('vault:changed', { keyVersion: result.keyVersion });
      return result;
    },
    'secrets:list': async () => {
      const stored = new Map((await s.vault.listKinds(SETTINGS_OWNER)).map((r) => [r.kind, r.updatedAt]));
      return SETTING_SECRETS.map((name) => {
        const at = stored.get(name);
        return { name, isSet: at !== undefined, updatedAt: at === undefined ? null : isoTime(at) };
      });
    },
    'secrets:set': async ({ name, value }, ctx) => {
      ctx.setAuditTarget(name);
      // A webhook must be https (loopback only for local tests); the message never echoes the value.
      if (name === 'slack-webhook-url') requireSecureUrl(value, 'The Slack webhook URL');
      await s.vault.unlock();
      await s.vault.put(SETTINGS_OWNER, name, value);
      s.events.emit('vault:changed', { keyVersion: s.vault.health().keyVersion });
      return { name, updatedAt: isoTime(s.clock.now()) };
    },
    'secrets:clear': async ({ name }, ctx) => {
      ctx.setAuditTarget(name);
      const removed = (await s.vault.remove(SETTINGS_OWNER, name)) > 0;
      s.events.emit('vault:changed', { keyVersion: s.vault.health().keyVersion });
      return { name, removed };
    },
  };
}
