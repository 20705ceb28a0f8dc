import { roleAllows, type Role } from '../../../shared/basics';
import type { ChannelName } from '../../../shared/contract';
import { t } from '../i18n';
import { useAppInfo } from './stores';

/**
 * Whether the operator's role may call a channel: the contract's rule (the core enforces the same),
 * so a screen disables what would be refused and says why instead of failing after a click.
 */
export function useMayCall(channel: ChannelName): {
  allowed: boolean;
  role: Role | null;
  needed: Role;
  /** Why a control is disabled (its title), or undefined when it is not. */
  why: string | undefined;
} {
  const role = useAppInfo((s) => s.data?.operator.role ?? null);
  // The contract's rule as the core sends it (the renderer builds no schemas to read it).
  const needed = useAppInfo((s) => s.data?.channelRoles[channel] ?? 'viewer');
  // Until the operator and the rules are known, nothing is disabled (the core refuses anyway).
  const allowed = role === null || roleAllows(role, needed);
  return {
    allowed,
    role,
    needed,
    why: allowed ? undefined : t('roles.needs', { role: t(`roles.${role}`), needed: t(`roles.${needed}`) }),
  };
}
