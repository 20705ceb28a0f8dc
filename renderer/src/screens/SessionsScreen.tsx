import { useEffect, useState } from 'react';
import type { Bulk, Session } from '../../../shared/domain';
import { RoleGate } from '../components/RoleGate';
import { call, messageOf } from '../api/client';
import {
  CopyButton,
  EmptyState,
  ErrorBanner,
  formatNumber,
  Loading,
  OlderPages,
  PageHeader,
  RelativeTime,
} from '../components/ui';
import { spoken, t } from '../i18n';
import { healthText } from './AccountsScreen';
import { useAccountsWhere } from '../stores/accountsView';
import { reloadSessions, useBulks, useSessionCounts, useSessions } from '../stores/stores';
import { inFlight } from '../../../shared/levels';

// The words of each state are `sessions.state.<STATE>`.
const STATE: Record<Session['state'], { icon: string; tone: 'ok' | 'warn' | 'fail' | 'busy' }> = {
  PENDING: { icon: '⇄', tone: 'busy' },
  CALLBACK_RECEIVED: { icon: '↻', tone: 'busy' },
  // The sign-in's outcome; the account's state today is shown beside it when it has changed since.
  COMPLETED: { icon: '✔', tone: 'ok' },
  FAILED: { icon: '✖', tone: 'fail' },
  EXPIRED: { icon: '▲', tone: 'warn' },
  CANCELLED: { icon: '✖', tone: 'warn' },
  INTERRUPTED: { icon: '⚠', tone: 'warn' },
};

/** The steps of a sign-in in flight, as the core names them, and their words here. */
const STEPS: Record<string, 'waiting' | 'opened' | 'openYourself' | 'exchanging'> = {
  'waiting for the browser': 'waiting',
  'browser opened': 'opened',
  'open the authorization URL yourself': 'openYourself',
  'exchanging the code': 'exchanging',
};
const stepText = (step: string): string => (STEPS[step] ? t(`sessions.step.${STEPS[step]}`) : step);

/** Sessions: every sign-in in flight, live, with time left, Cancel, Copy URL and Retry. */
export function SessionsScreen() {
  const view = useSessions();
  const { status, error, entries: sessions } = view;
  const counts = useSessionCounts((st) => st.data);
  const bulks = useBulks((b) => b.data) ?? [];
  const [actionError, setActionError] = useState<string | null>(null);
  const now = useSecondTicker();
  // The accounts of completed sign-ins, to say when one needs attention again since.
  const completedIds = [...new Set(sessions.filter((s) => s.state === 'COMPLETED').map((s) => s.accountId))]
    .sort()
    .slice(0, 1000);
  const accounts = useAccountsWhere(completedIds.length > 0 ? { ids: completedIds } : null);
  const healthOf = new Map((accounts ?? []).map((a) => [a.id, a.health]));
  const load = reloadSessions;
  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setActionError(messageOf(e));
    }
  };
  return (
    <div className="screen">
      <PageHeader
        title={t('nav.sessions')}
        subtitle={t('sessions.subtitle')}
        actions={
          counts && counts.total > 0 ? (
            <div className="counts" aria-label={t('sessions.counts')}>
              <span className="pill pill-busy">⇄ {t('sessions.pending', { count: counts.inFlight })}</span>
              <span className="pill pill-ok">✔ {t('sessions.completed', { count: counts.completed })}</span>
              <span className="pill pill-fail">✖ {t('sessions.needYou', { count: counts.needYou })}</span>
            </div>
          ) : null
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      <RoleGate channel="sessions:start">
        {bulks.slice(0, 3).map((bulk) => (
          <BulkPanel key={bulk.id} bulk={bulk} onAct={(fn) => void act(fn)} />
        ))}
        {status === 'loading' || status === 'idle' ? <Loading label={t('sessions.loading')} /> : null}
        {status === 'ready' && sessions.length === 0 ? (
          <EmptyState icon="⇄" title={t('sessions.emptyTitle')}>
            <p>{t('sessions.emptyBody')}</p>
            <p className="muted">
              {t('common.fromTerminal')} <code>gatehouse sessions list</code>
            </p>
          </EmptyState>
        ) : null}
        <ul className="sessions" aria-label={t('sessions.list')}>
          {sessions.map((s) => {
            const look = STATE[s.state];
            const active = inFlight(s);
            const left = Math.max(0, Date.parse(s.expiresAt) - now);
            return (
              <li key={s.id} className={`session session-${look.tone}`} data-session={s.id} data-state={s.state}>
                <div className="session-main">
                  <strong>{s.accountLabel}</strong> <span className="muted">· {s.provider}</span>
                  <div className={`session-state tone-${look.tone}`}>
                    <span aria-hidden="true">{look.icon}</span> {t(`sessions.state.${s.state}`)}
                    {s.state === 'COMPLETED' && (healthOf.get(s.accountId)?.urgency ?? 4) <= 1 ? (
                      <span className="error-text">
                        {' '}
                        · {t('sessions.accountNow', { health: healthText(healthOf.get(s.accountId)!) })}
                      </span>
                    ) : null}
                    {active ? (
                      <span className="muted">
                        {' '}
                        · {stepText(s.step)} · {t('sessions.left', { time: formatLeft(left) })}
                      </span>
                    ) : null}
                  </div>
                  {s.errorMessage ? (
                    <p className="error-text">{spoken(s.errorMessage, s.errorSay ?? undefined)}</p>
                  ) : null}
                  <p className="muted small">
                    {t('sessions.started')} <RelativeTime iso={s.createdAt} /> · {t('sessions.redirect')}{' '}
                    {s.redirectUri} · {t('sessions.scopes')} {s.scopes.join(' ')}
                  </p>
                </div>
                <div className="inline-form">
                  {active && s.authorizationUrl ? (
                    <CopyButton
                      text={s.authorizationUrl}
                      label={t('sessions.copyUrl')}
                      title={t('sessions.copyUrlHint')}
                    />
                  ) : null}
                  {active ? (
                    <button
                      type="button"
                      className="button small danger"
                      onClick={() => void act(() => call('sessions:cancel', { id: s.id }))}
                    >
                      {t('common.cancel')}
                    </button>
                  ) : s.state !== 'COMPLETED' ? (
                    <button
                      type="button"
                      className="button small"
                      onClick={() =>
                        void act(() => call('sessions:start', { accountId: s.accountId, openBrowser: true }))
                      }
                    >
                      {t('common.retry')}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
        {sessions.length > 0 ? (
          <OlderPages
            view={view}
            shown={t('sessions.shown', {
              count: counts?.total ?? sessions.length,
              shown: formatNumber(sessions.length),
            })}
            loadLabel={t('sessions.loadOlder')}
            allLabel={t('sessions.allShown')}
          />
        ) : null}
      </RoleGate>
    </div>
  );
}

function useSecondTicker(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function formatLeft(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A bulk enrolment: live counts, a progress bar, and what still needs the admin. */
function BulkPanel({ bulk, onAct }: { bulk: Bulk; onAct: (fn: () => Promise<unknown>) => void }) {
  const total = bulk.items.length;
  const c = bulk.counts;
  const needsYou = bulk.items.filter((i) => i.state !== 'COMPLETED');
  const pct = (n: number) => `${(100 * n) / Math.max(1, total)}%`;
  return (
    <section className="bulk" aria-label={t('bulk.title')} data-bulk={bulk.id}>
      <div className="inline-form" style={{ justifyContent: 'space-between' }}>
        <strong>
          {bulk.done ? t('bulk.finished') : t('bulk.title')} ·{' '}
          {t('bulk.connected', { count: total, done: c.completed })}
        </strong>
        <span className="muted small">
          {t('bulk.progress', { open: c.pending, max: bulk.maxOpen, queued: c.queued, failed: c.failed })}
        </span>
        {!bulk.done ? (
          <button
            type="button"
            className="button small danger"
            onClick={() => onAct(() => call('sessions:bulkCancel', { id: bulk.id }))}
          >
            {t('bulk.stop')}
          </button>
        ) : null}
      </div>
      <div className="bulk-bar" aria-hidden="true">
        <span className="bulk-completed" style={{ width: pct(c.completed) }} />
        <span className="bulk-failed" style={{ width: pct(c.failed) }} />
        <span className="bulk-pending" style={{ width: pct(c.pending) }} />
      </div>
      {needsYou.length > 0 ? (
        <>
          <p className="muted small">{t('bulk.stillNeedsYou')}</p>
          <ul className="needs-you">
            {needsYou.slice(0, 50).map((item) => (
              <li key={item.accountId}>
                <strong>{item.accountLabel}</strong>{' '}
                <span className="muted">
                  —{' '}
                  {item.state === 'QUEUED'
                    ? t('bulk.queued')
                    : inFlight(item)
                      ? t('bulk.finishInBrowser')
                      : item.errorMessage
                        ? spoken(item.errorMessage, item.errorSay ?? undefined)
                        : t(`sessions.state.${item.state}`)}
                </span>{' '}
                {inFlight(item) && item.authorizationUrl ? (
                  <CopyButton text={item.authorizationUrl} label={t('sessions.copyUrl')} />
                ) : null}
                {!inFlight(item) && item.state !== 'QUEUED' ? (
                  <button
                    type="button"
                    className="button small"
                    onClick={() =>
                      onAct(() => call('sessions:start', { accountId: item.accountId, openBrowser: true }))
                    }
                  >
                    {t('common.retry')}
                  </button>
                ) : null}
              </li>
            ))}
            {needsYou.length > 50 ? <li className="muted">{t('bulk.more', { count: needsYou.length - 50 })}</li> : null}
          </ul>
        </>
      ) : null}
    </section>
  );
}
