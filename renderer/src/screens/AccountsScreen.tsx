import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import type { Account, ExpiryLevel } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import { EmptyState, ErrorBanner, Loading, PageHeader, RelativeTime } from '../components/ui';
import { useAccounts } from '../stores/stores';

const LEVEL_LABEL: Record<ExpiryLevel, { icon: string; text: string }> = {
  ok: { icon: '✔', text: 'OK' },
  warning: { icon: '▲', text: 'Expiring soon' },
  critical: { icon: '‼', text: 'Critical' },
  expired: { icon: '✖', text: 'Expired' },
  unknown: { icon: '?', text: 'Unknown' },
};

const PROVIDER_LABEL: Record<Account['provider'], string> = {
  microsoft: 'Microsoft 365',
  google: 'Gmail',
  cafe24: 'Cafe24',
  bigcommerce: 'BigCommerce',
  oidc: 'OpenID',
};

const ROW_HEIGHT = 44;

/** The at-a-glance view: every account with status and expiry; virtualized for 10,000 rows. */
export function AccountsScreen({ onEnroll, onSignInStarted }: { onEnroll: () => void; onSignInStarted: () => void }) {
  const { status, data, error, load } = useAccounts();
  const [query, setQuery] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const signIn = async (account: Account) => {
    setActionError(null);
    try {
      await call('sessions:start', { accountId: account.id, openBrowser: true });
      onSignInStarted();
    } catch (e) {
      setActionError(`${account.label}: ${messageOf(e)}`);
    }
  };
  const deferredQuery = useDeferredValue(query);
  const rows = useMemo(() => filterAccounts(data ?? [], deferredQuery), [data, deferredQuery]);

  const total = data?.length ?? 0;
  return (
    <div className="screen fill">
      <PageHeader
        title="Accounts"
        subtitle={
          total > 0
            ? `${total} account${total === 1 ? '' : 's'} · ${summary(data ?? [])}`
            : 'Mailboxes and stores that Gatehouse keeps connected'
        }
        actions={
          total > 0 ? (
            <input
              type="search"
              className="search"
              placeholder="Search accounts"
              aria-label="Search accounts"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          ) : null
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      {status === 'loading' || status === 'idle' ? <Loading label="Loading accounts…" /> : null}
      {status === 'ready' && total === 0 ? (
        <EmptyState
          icon="◉"
          title="No accounts yet"
          action={
            <button type="button" className="button primary" onClick={onEnroll}>
              Enroll an account
            </button>
          }
        >
          <p>
            Enrol a Microsoft 365 or Gmail mailbox, a Cafe24 store or a BigCommerce store, and this page shows at a
            glance which tokens expire soon and what failed.
          </p>
          <p className="muted">
            From a terminal: <code>gatehouse accounts list</code>
          </p>
        </EmptyState>
      ) : null}
      {total > 0 ? <AccountsTable rows={rows} onSignIn={(a) => void signIn(a)} /> : null}
    </div>
  );
}

function AccountsTable({ rows, onSignIn }: { rows: Account[]; onSignIn: (account: Account) => void }) {
  const parentRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not memoizable; this component is left uncompiled
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div className="table" role="table" aria-label="Accounts" aria-rowcount={rows.length}>
      <div className="table-head accounts-grid" role="row">
        <span role="columnheader">Provider</span>
        <span role="columnheader">Account</span>
        <span role="columnheader">Status</span>
        <span role="columnheader">Expiry</span>
        <span role="columnheader">Access expires</span>
        <span role="columnheader">Refresh expires</span>
        <span role="columnheader">Last refresh</span>
        <span role="columnheader">Last error</span>
        <span role="columnheader">
          <span className="visually-hidden">Actions</span>
        </span>
      </div>
      <div ref={parentRef} className="table-body" data-testid="accounts-scroll">
        {rows.length === 0 ? <p className="muted table-empty">No account matches this search.</p> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const a = rows[item.index] as Account;
            const level = LEVEL_LABEL[a.expiryLevel];
            return (
              <div
                key={a.id}
                role="row"
                className="table-row accounts-grid"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span role="cell">{PROVIDER_LABEL[a.provider]}</span>
                <span role="cell" className="strong" title={a.id}>
                  {a.label}
                </span>
                <span role="cell">{a.status.replace('_', ' ')}</span>
                <span role="cell" className={`level level-${a.expiryLevel}`}>
                  <span aria-hidden="true">{level.icon}</span> {level.text}
                </span>
                <span role="cell">
                  <RelativeTime iso={a.accessExpiresAt} />
                </span>
                <span role="cell">
                  <RelativeTime iso={a.refreshExpiresAt} />
                </span>
                <span role="cell">
                  <RelativeTime iso={a.lastRefreshAt} />
                </span>
                <span role="cell" className="error-text" title={a.lastError ?? undefined}>
                  {a.lastError ?? ''}
                </span>
                <span role="cell">
                  {a.provider !== 'bigcommerce' && a.status !== 'connected' ? (
                    <button type="button" className="button small" onClick={() => onSignIn(a)}>
                      Sign in
                    </button>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Case-insensitive match on label, id and provider. */
export function filterAccounts(accounts: Account[], query: string): Account[] {
  const q = query.trim().toLowerCase();
  if (!q) return accounts;
  return accounts.filter(
    (a) => a.label.toLowerCase().includes(q) || a.id.toLowerCase().includes(q) || a.provider.includes(q),
  );
}

function summary(accounts: Account[]): string {
  const attention = accounts.filter(
    (a) => a.status !== 'connected' || a.expiryLevel === 'expired' || a.expiryLevel === 'critical',
  ).length;
  return attention === 0 ? 'all connected and healthy' : `${attention} need${attention === 1 ? 's' : ''} attention`;
}
