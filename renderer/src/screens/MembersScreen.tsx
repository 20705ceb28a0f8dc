import { useState } from 'react';
import { ROLES, sameFingerprint, type Role } from '../../../shared/basics';
import type { Member } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import { RoleGate } from '../components/RoleGate';
import { ConfirmBox, EmptyState, ErrorBanner, Loading, PageHeader, RelativeTime, StatusPill } from '../components/ui';
import { t } from '../i18n';
import { useMayCall } from '../stores/role';
import { useMembers, useTeam } from '../stores/stores';

const STATUS_PILL = { active: 'ok', pending: 'warn', removed: 'fail' } as const;

/** Members: who shares this console, their roles and devices; approve, change a role, remove. */
export function MembersScreen() {
  const team = useTeam();
  const members = useMembers();
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const status = team.data;
  const reload = () => {
    void team.load();
    void members.load();
  };
  const act = async (run: () => Promise<string>) => {
    setDone(null);
    setFailure(null);
    try {
      setDone(await run());
      reload();
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  return (
    <div className="screen">
      <PageHeader
        title={t('nav.members')}
        subtitle={status?.team ? t('members.subtitleTeam', { team: status.team.name }) : t('members.subtitle')}
      />
      {team.error ? <ErrorBanner message={team.error} onRetry={reload} /> : null}
      {team.status === 'loading' || team.status === 'idle' ? <Loading label={t('members.loading')} /> : null}
      {done ? (
        <div className="banner banner-ok" role="status">
          <span className="banner-text">{done}</span>
        </div>
      ) : null}
      {failure ? <ErrorBanner message={failure} /> : null}
      {status?.mode === 'alone' ? <Alone canCreate={status.canCreate} onDone={act} /> : null}
      {status?.mode === 'team' ? <ThisDevice onDone={act} /> : null}
      {status?.mode === 'team' && members.data ? <MemberTable members={members.data} onDone={act} /> : null}
      {status?.mode === 'team' ? <p className="muted small trust-note">{t('members.trust')}</p> : null}
    </div>
  );
}

type Act = (run: () => Promise<string>) => Promise<void>;

/** Your name and email, as a team will show them (creating it, or asking to join it). */
function WhoYouAre({
  value,
  onChange,
}: {
  value: { name: string; email: string };
  onChange: (who: { name: string; email: string }) => void;
}) {
  return (
    <>
      <label className="field">
        <span>{t('members.yourName')}</span>
        <input required value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('members.yourEmail')}</span>
        <input type="email" value={value.email} onChange={(e) => onChange({ ...value, email: e.target.value })} />
      </label>
    </>
  );
}

function Alone({ canCreate, onDone }: { canCreate: boolean; onDone: Act }) {
  const [form, setForm] = useState({ team: '', name: '', email: '' });
  return (
    <>
      <EmptyState icon="⚇" title={t('members.aloneTitle')}>
        <p>{t('members.aloneBody')}</p>
        {canCreate ? null : (
          <p>
            {t('members.aloneMove')} <a href="#/settings">{t('nav.settings')}</a>
          </p>
        )}
        <p className="muted">
          {t('common.fromTerminal')} <code>gatehouse team create --team NAME --name YOU --to postgres://…</code>
        </p>
      </EmptyState>
      {canCreate ? (
        <section className="panel" aria-labelledby="team-create">
          <h2 id="team-create">{t('members.createTitle')}</h2>
          <RoleGate channel="team:create">
            <form
              className="form-grid"
              onSubmit={(e) => {
                e.preventDefault();
                void onDone(async () => {
                  const v = await call('team:create', {
                    team: form.team,
                    name: form.name,
                    ...(form.email ? { email: form.email } : {}),
                  });
                  return t('members.created', { team: v.team?.name ?? form.team, fingerprint: v.fingerprint ?? '' });
                });
              }}
            >
              <label className="field">
                <span>{t('members.teamName')}</span>
                <input required value={form.team} onChange={(e) => setForm({ ...form, team: e.target.value })} />
              </label>
              <WhoYouAre value={form} onChange={(who) => setForm({ ...form, ...who })} />
              <div className="inline-form">
                <button type="submit" className="button primary small" disabled={!form.team || !form.name}>
                  {t('members.create')}
                </button>
              </div>
            </form>
          </RoleGate>
        </section>
      ) : null}
    </>
  );
}

/** This device's standing: a member, waiting (with its fingerprint, large), removed, or not yet asked. */
function ThisDevice({ onDone }: { onDone: Act }) {
  const status = useTeam((s) => s.data);
  const [form, setForm] = useState({ name: '', email: '' });
  if (!status?.team) return null;
  const me = status.me;
  const teamName = status.team.name;
  if (me?.status === 'active')
    return (
      <p className="muted">
        {t('members.operatorIs', { name: status.operator.name, role: t(`roles.${status.operator.role}`) })}{' '}
        {t('members.yourFingerprint')}: <code>{status.fingerprint}</code>
      </p>
    );
  const waiting = me?.status === 'pending';
  return (
    <section className={`panel ${waiting ? 'banner-warn' : ''}`} aria-labelledby="this-device">
      <h2 id="this-device">
        {waiting
          ? t('members.pendingTitle')
          : me?.status === 'removed'
            ? t('members.removedTitle', { team: teamName })
            : t('members.joinTitle', { team: teamName })}
      </h2>
      {waiting ? (
        <>
          <p>{t('members.pendingBody', { team: teamName })}</p>
          <p className="fingerprint" aria-label={t('members.yourFingerprint')}>
            {me.fingerprint}
          </p>
        </>
      ) : (
        <>
          <p>{me?.status === 'removed' ? t('members.removedBody') : t('members.joinBody')}</p>
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              void onDone(async () => {
                const v = await call('team:join', { name: form.name, ...(form.email ? { email: form.email } : {}) });
                return t('members.asked', { fingerprint: v.fingerprint ?? '' });
              });
            }}
          >
            <WhoYouAre value={form} onChange={(who) => setForm({ ...form, ...who })} />
            <div className="inline-form">
              <button type="submit" className="button primary small" disabled={!form.name}>
                {t('members.join')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

function MemberTable({ members, onDone }: { members: Member[]; onDone: Act }) {
  const team = useTeam((s) => s.data?.team?.name ?? '');
  const admin = useMayCall('team:approve').allowed;
  const [approving, setApproving] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  if (members.length === 0) return null;
  return (
    <>
      <table className="simple-table" aria-label={t('members.table', { team })}>
        <thead>
          <tr>
            <th>{t('members.name')}</th>
            <th>{t('members.role')}</th>
            <th>{t('members.status')}</th>
            <th>{t('members.fingerprint')}</th>
            <th>{t('members.since')}</th>
            <th>
              <span className="visually-hidden">{t('members.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} data-member={m.id}>
              <td>
                <span className="strong">{m.name}</span>
                {m.isMe ? <span className="muted"> · {t('members.thisDevice')}</span> : null}
                {m.email ? <div className="muted small">{m.email}</div> : null}
              </td>
              <td>
                {admin && m.status === 'active' ? (
                  <select
                    aria-label={t('members.roleOf', { name: m.name })}
                    value={m.role}
                    onChange={(e) =>
                      void onDone(async () => {
                        const v = await call('team:setRole', { member: m.id, role: e.target.value as Role });
                        return t('members.roleChanged', { name: v.name, role: t(`roles.${v.role}`) });
                      })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  t(`roles.${m.role}`)
                )}
              </td>
              <td>
                <StatusPill status={STATUS_PILL[m.status]} label={t(`members.state.${m.status}`)} />
                {m.status === 'removed' && m.removedBy ? (
                  <div className="muted small">{t('members.removedBy', { name: m.removedBy })}</div>
                ) : null}
              </td>
              <td>
                <code>{m.fingerprint}</code>
              </td>
              <td className="small">
                <RelativeTime iso={m.approvedAt ?? m.requestedAt} />
                {m.seenAt ? (
                  <div className="muted">
                    {t('members.seen')} <RelativeTime iso={m.seenAt} />
                  </div>
                ) : null}
              </td>
              <td>
                {admin && m.status === 'pending' ? (
                  <button type="button" className="button small primary" onClick={() => setApproving(m)}>
                    {t('members.approve')}
                  </button>
                ) : null}
                {admin && m.status !== 'removed' ? (
                  <button type="button" className="button small danger" onClick={() => setRemoving(m)}>
                    {t('members.remove')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {approving ? (
        <Approve
          member={approving}
          onCancel={() => setApproving(null)}
          onDone={(run) => onDone(run).then(() => setApproving(null))}
        />
      ) : null}
      {removing ? (
        <ConfirmBox onCancel={() => setRemoving(null)} label={t('members.removeTitle', { name: removing.name })}>
          <h3>{t('members.removeTitle', { name: removing.name })}</h3>
          <p>{t('members.removeBody')}</p>
          <div className="inline-form">
            <button
              type="button"
              className="button small danger"
              onClick={() =>
                void onDone(async () => {
                  const v = await call('team:remove', { member: removing.id });
                  return t('members.removed', { name: v.member.name, version: v.keyVersion, count: v.resealed });
                }).then(() => setRemoving(null))
              }
            >
              {t('members.removeIt')}
            </button>
            <button type="button" className="button small" onClick={() => setRemoving(null)} data-autofocus>
              {t('common.cancel')}
            </button>
          </div>
        </ConfirmBox>
      ) : null}
    </>
  );
}

/** Approval: the admin types the fingerprint the new member reads from their own screen. */
function Approve({ member, onCancel, onDone }: { member: Member; onCancel: () => void; onDone: Act }) {
  const [typed, setTyped] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const same = sameFingerprint(typed, member.fingerprint);
  return (
    <ConfirmBox onCancel={onCancel} label={t('members.approveTitle', { name: member.name })}>
      <h3>{t('members.approveTitle', { name: member.name })}</h3>
      <p>{t('members.approveBody', { name: member.name })}</p>
      <label className="field">
        <span>{t('members.typedFingerprint')}</span>
        <input
          value={typed}
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-XXXX"
          aria-describedby="fingerprint-check"
          onChange={(e) => setTyped(e.target.value)}
          data-autofocus
        />
      </label>
      <p id="fingerprint-check" className="small" role="status">
        {typed.length === 0
          ? ''
          : same
            ? `✔ ${t('members.match', { name: member.name })}`
            : `✖ ${t('members.mismatch')}`}
      </p>
      <label className="field">
        <span>{t('members.role')}</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="inline-form">
        <button
          type="button"
          className="button small primary"
          disabled={!same}
          onClick={() =>
            void onDone(async () => {
              const v = await call('team:approve', { member: member.id, fingerprint: typed, role });
              return t('members.approved', { name: v.name, role: t(`roles.${v.role}`) });
            })
          }
        >
          {t('members.approveAs', { role: t(`roles.${role}`) })}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </ConfirmBox>
  );
}
