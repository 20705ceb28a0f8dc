import { auditKeyKind, AUDIT_OWNER, newAuditKey } from '../audit/audit';
import type { HandlerContext, Handlers } from '../router/router';
import type { Services } from '../services';
import { SIGNING_KEY } from '../store/audit';
import type { MemberRow } from '../store/members';
import { displayName, type Operator } from './team';

type TeamChannels =
  'team:status' | 'team:members' | 'team:create' | 'team:join' | 'team:approve' | 'team:setRole' | 'team:remove';

/** Handlers of the team domain: members, their roles and the team key wrapped for each. */
export function teamHandlers(s: Services): Pick<Handlers, TeamChannels> {
  const changed = () => {
    s.team.changed();
    s.events.emit('members:changed', {});
  };
  const operator = ({ caller }: HandlerContext): Operator => ({ actor: caller.actor, role: caller.role });
  return {
    'team:status': (_input, ctx) => s.team.status(operator(ctx)),
    'team:members': () => s.team.members(),
    'team:create': async (input, ctx) => {
      ctx.setAuditTarget(input.team);
      // Every data key in use (this device's keychain opens them) is wrapped for the first admin.
      const keys = await s.vault.keysInUse();
      await s.team.create({ team: input.team, name: input.name, ...(input.email ? { email: input.email } : {}) }, keys);
      changed();
      const me = await s.team.me();
      return s.team.status(me ? { actor: me.name, role: me.role } : operator(ctx));
    },
    'team:join': async (input, ctx) => {
      const row = await s.team.join({ name: input.name, ...(input.email ? { email: input.email } : {}) });
      ctx.setAuditTarget(`${row.id} (${displayName(row)}, ${row.fingerprint})`);
      changed();
      return s.team.status(operator(ctx));
    },
    'team:approve': async (input, ctx) => {
      const keys = await s.vault.keysInUse();
      const row = await s.team.approve(
        input.member,
        {
          ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}),
          ...(input.role ? { role: input.role } : {}),
        },
        ctx.caller.actor,
        keys,
      );
      ctx.setAuditTarget(`${row.id} (${displayName(row)}, ${row.role})`);
      changed();
      return s.team.view(row);
    },
    'team:setRole': async (input, ctx) => {
      const row = await s.team.setRole(input.member, input.role);
      ctx.setAuditTarget(`${row.id} (${displayName(row)}, ${row.role})`);
      changed();
      return s.team.view(row);
    },
    'team:remove': async (input, ctx) => {
      const removed: { row?: MemberRow } = {};
      // One transaction: the member is marked removed and loses their wrapped keys, a new data key
      // is wrapped for the members that remain, every secret is re-sealed under it, and the audit
      // log gets a key the removed device never held.
      const rotated = await s.vault.rotate({
        inside: async (sealNext) => {
          removed.row = await s.team.markRemoved(input.member, ctx.caller.actor);
          const next = Number((await s.store.read.meta.get(SIGNING_KEY)) ?? '0') + 1;
          await sealNext(AUDIT_OWNER, auditKeyKind(next), newAuditKey());
          await s.store.read.meta.set(SIGNING_KEY, String(next));
        },
      });
      const row = removed.row as MemberRow; // set inside the committed transaction
      // An admin who removed their own device keeps nothing of the new key in this process either.
      if (row.device_id === s.team.device) s.vault.forget();
      ctx.setAuditTarget(`${row.id} (${displayName(row)})`);
      changed();
      s.events.emit('vault:changed', { keyVersion: rotated.keyVersion });
      return { member: s.team.view(row), ...rotated };
    },
  };
}
