import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { PROVIDERS, type Provider } from '../../../shared/basics';
import type {
  Account,
  AccountCounts,
  ConnectionTest,
  ExpiryLevel,
  HistoryEntry,
  RefreshResultView,
} from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import {
  ConfirmBox,
  EmptyState,
  ErrorBanner,
  formatNumber,
  Loading,
  localTime,
  PageHeader,
  RelativeTime,
  useDialog,
} from '../components/ui';
import { useRowsInView } from '../components/rows';
import { useShallow } from 'zustand/react/shallow';
import { rowAt, useAccountsView, useAccountsWhere } from '../stores/accountsView';
import { spoken, t } from '../i18n';
import { useMayCall } from '../stores/role';
import { useInFlightCount } from '../stores/stores';
import { DEFAULT_FILTER, GLANCE, toQuery, type AccountFilter } from './accountsView';
import type { GlanceKey } from '../../../shared/domain';

export const LEVEL_ICON: Record<ExpiryLevel, string> = {
  ok: '✔',
  warning: '▲',
  critical: '‼',
  expired: '✖',
  unknown: '?',
};

/** An expiry level in words. */
export const levelText = (level: ExpiryLevel): string => t(`levels.${level}`);

/** A provider's product name (not translated: it is a name). */
export const PROVIDER_LABEL: Record<Account['provider'], string> = {
  microsoft: 'Microsoft 365',
  google: 'Gmail',
  cafe24: 'Cafe24',
  bigcommerce: 'BigCommerce',
  oidc: 'OpenID',
};

const STATUSES: readonly Account['status'][] = ['connected', 'not_connected', 'needs_reauth', 'error', 'disabled'];

/** How each health state looks: an icon beside the words, never colour alone. */
const HEALTH_LOOK: Record<Account['health']['state'], { icon: string; tone: 'ok' | 'warn' | 'fail' | 'muted' }> = {
  healthy: { icon: '✔', tone: 'ok' },
  lapses_soon: { icon: '▲', tone: 'warn' },
  degraded: { icon: '◐', tone: 'warn' },
  expired: { icon: '✖', tone: 'fail' },
  needs_reauth: { icon: '✖', tone: 'fail' },
  token_refused: { icon: '✖', tone: 'fail' },
  not_connected: { icon: '○', tone: 'muted' },
  disabled: { icon: '⏸', tone: 'muted' },
};

/** An account's last error in the screens' language (a provider's own text stays as it came). */
const lastErrorText = (a: Account): string | null =>
  a.lastError === null ? null : spoken(a.lastError, a.lastErrorSay ?? undefined);

/** An account's health in the screens' language. */
export const healthText = (health: Pick<Account['health'], 'key'>): string => t(`health.${health.key}`);

/** The button that fixes an account, by its health's action. */
const actionLabel = (action: NonNullable<Account['health']['action']>): string => t(`accounts.action.${action}`);

const ROW_HEIGHT = 44;
/**
 * The list's height before the browser has laid it out, for its first rows: the window's, less what
 * stands above and below it (the title, the counts, the toolbar, the column headings and the margins:
 * 250 px at 1280×800, 323 at 1024×700, 165 in the compact layout of a short window). Too short only
 * costs the missing rows' being drawn before that frame is painted; too tall draws rows nobody sees
 * (6 at 1280×800 with the window's height alone).
 */
const firstListHeight = () => Math.max(ROW_HEIGHT, window.innerHeight - 160);

const canSignIn = (provider: Provider) => provider !== 'bigcommerce';

/** The at-a-glance view: every account with status and expiry; filters, sort, bulk actions, a drawer. */
export function AccountsScreen({
  focusId = null,
  onEnroll,
  onSignInStarted,
}: {
  /** An account to open in the drawer (a notification or the tray menu asked for it). */
  focusId?: string | null;
  onEnroll: () => void;
  onSignInStarted: () => void;
}) {
  const status = useAccountsView((v) => v.status);
  const error = useAccountsView((v) => v.error);
  const maySignIn = useMayCall('sessions:bulkStart');
  const mayRefresh = useMayCall('tokens:refresh');
  const counts = useAccountsView((v) => v.counts);
  const matching = useAccountsView((v) => v.matching);
  const [filter, setFilter] = useState<AccountFilter>(DEFAULT_FILTER);
  // Selected accounts by id, with their provider (which says whether they sign in).
  const [selected, setSelected] = useState<ReadonlyMap<string, Provider>>(new Map());
  const [openId, setOpenId] = useState<string | null>(focusId);
  // A new focus request opens that account (adjusting state while rendering, as React advises).
  const [lastFocus, setLastFocus] = useState(focusId);
  if (focusId !== lastFocus) {
    setLastFocus(focusId);
    if (focusId) setOpenId(focusId);
  }
  const [maxOpen, setMaxOpen] = useState(5);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // The core filters, sorts and counts (the view asks once per answer while typing goes on).
  const query = useMemo(() => toQuery(filter), [filter]);
  useEffect(() => useAccountsView.getState().setQuery(query), [query]);
  useEffect(() => {
    // Joins the first window asked for before React started (main.tsx), or asks again.
    void useAccountsView.getState().reload({ join: true });
  }, []);
  const open = useAccount(openId);

  const run = async (label: string, fn: () => Promise<string | null>) => {
    setActionError(null);
    setNotice(null);
    setBusy(label);
    try {
      setNotice(await fn());
    } catch (e) {
      setActionError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };
  const signIn = (ids: string[]) =>
    run('sign-in', async () => {
      if (ids.length === 1) await call('sessions:start', { accountId: ids[0] as string, openBrowser: true });
      else await call('sessions:bulkStart', { accountIds: ids, maxOpen, openBrowser: true });
      onSignInStarted();
      return null;
    });
  const refresh = (ids: string[]) =>
    run('refresh', async () => {
      const { results } = await call('tokens:refresh', { ids });
      return summariseRefresh(results);
    });
  // "Select all shown" takes every match, not only the rows loaded (the core names them); the box
  // shows the choice at once, while the names arrive.
  const [selectingAll, setSelectingAll] = useState(false);
  const selectAll = (on: boolean) => {
    if (!on) {
      setSelected(new Map());
      return;
    }
    setSelectingAll(true);
    void run('select', async () => {
      try {
        const { accounts, capped } = await call('accounts:matchingIds', query);
        setSelected(new Map(accounts.map((a) => [a.id, a.provider])));
        return capped ? t('accounts.selectCapped', { count: accounts.length }) : null;
      } finally {
        setSelectingAll(false);
      }
    });
  };

  // Stable callbacks, so the memoized rows do not re-render when the screen does.
  const toggle = useCallback(
    (a: Account) =>
      setSelected((prev) => {
        const next = new Map(prev);
        if (next.has(a.id)) next.delete(a.id);
        else next.set(a.id, a.provider);
        return next;
      }),
    [],
  );
  const signInRef = useRef(signIn);
  useEffect(() => {
    signInRef.current = signIn;
  });
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  /** A row's fix: sign-ins and refreshes run at once; a new token or enabling opens the drawer. */
  const actOn = useCallback((a: Account) => {
    const action = a.health.action;
    if (action === 'reauthorize' || action === 'sign_in') void signInRef.current([a.id]);
    else if (action === 'refresh') void refreshRef.current([a.id]);
    else setOpenId(a.id);
  }, []);

  const total = counts?.total ?? 0;
  const attention = counts?.attention ?? 0;
  const notConnected = counts?.byStatus.not_connected ?? 0;
  const inFlight = useInFlightCount();
  const chosen = [...selected];
  const signable = chosen.filter(([, provider]) => canSignIn(provider)).map(([id]) => id);
  return (
    <div className="screen fill">
      <PageHeader
        title={t('nav.accounts')}
        subtitle={
          total > 0
            ? `${t('accounts.total', { count: total })} · ${attention > 0 ? t('accounts.attention', { count: attention }) : notConnected > 0 ? t('accounts.notConnectedYet', { count: notConnected }) : t('accounts.allHealthy')}`
            : t('accounts.subtitleEmpty')
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void useAccountsView.getState().reload()} /> : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      {notice ? (
        <div className="banner banner-info" role="status">
          {notice}
        </div>
      ) : null}
      {counts === null && (status === 'loading' || status === 'idle') ? (
        <Loading label={t('accounts.loading')} />
      ) : null}
      {counts !== null && total === 0 ? (
        <EmptyState
          icon="◉"
          title={t('accounts.emptyTitle')}
          action={
            <button type="button" className="button primary" onClick={onEnroll}>
              {t('accounts.enrollOne')}
            </button>
          }
        >
          <p>{t('accounts.emptyBody')}</p>
          <p className="muted">
            {t('common.fromTerminal')} <code>gatehouse accounts list</code>
          </p>
        </EmptyState>
      ) : null}
      {counts !== null && total > 0 ? (
        <>
          <Glance
            counts={counts}
            filter={filter}
            onChange={setFilter}
            inFlight={inFlight}
            onSessions={onSignInStarted}
          />
          <Toolbar filter={filter} onChange={setFilter} shown={matching} total={total} />
          {chosen.length > 0 ? (
            <div className="selection-bar" role="region" aria-label={t('accounts.selectedRegion')}>
              <strong>{t('accounts.selected', { count: chosen.length })}</strong>
              <button
                type="button"
                className="button small primary"
                disabled={busy !== null || signable.length === 0 || !maySignIn.allowed}
                title={maySignIn.why}
                onClick={() => void signIn(signable)}
              >
                {t('accounts.action.sign_in')} {signable.length > 1 ? `(${signable.length})` : ''}
              </button>
              <label className="inline-field">
                {t('accounts.atMost')}
                <select
                  value={maxOpen}
                  onChange={(e) => setMaxOpen(Number(e.target.value))}
                  aria-label={t('accounts.tabsLabel')}
                >
                  {[1, 3, 5, 10, 20].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
                {t('accounts.tabsAtATime')}
              </label>
              <button
                type="button"
                className="button small"
                disabled={busy !== null || !mayRefresh.allowed}
                title={mayRefresh.why}
                onClick={() => void refresh(chosen.map(([id]) => id))}
              >
                {busy === 'refresh' ? t('accounts.refreshing') : t('accounts.action.refresh')}
              </button>
              <button type="button" className="button small ghost" onClick={() => setSelected(new Map())}>
                {t('common.clear')}
              </button>
            </div>
          ) : null}
          <div className="accounts-layout">
            <AccountsTable
              count={matching}
              selected={selected}
              openId={openId}
              onToggle={toggle}
              onToggleAll={selectAll}
              selectingAll={selectingAll}
              onOpen={setOpenId}
              onAction={actOn}
              sort={filter.sort}
              onSort={(sort) => setFilter({ ...filter, sort })}
            />
            {open ? (
              <AccountDrawer
                key={open.id}
                account={open}
                onClose={() => setOpenId(null)}
                onSignIn={() => void signIn([open.id])}
                onRefresh={() => void refresh([open.id])}
                onRemoved={() => setOpenId(null)}
              />
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

/**
 * The account open in the drawer: the loaded row when it is on screen, else asked of the core (a
 * notification can open one scrolled far away), and again after every change to the accounts.
 */
function useAccount(id: string | null): Account | null {
  const loaded = useAccountsView((v) => {
    if (!id) return null;
    for (const rows of v.pages.values()) for (const a of rows) if (a.id === id) return a;
    return null;
  });
  const found = useAccountsWhere(id && !loaded ? { ids: [id] } : null);
  return loaded ?? found?.[0] ?? null;
}

/**
 * The first row of pixels answers "is anything about to break?": a count per state, each a filter
 * (pressed again to clear), and the sign-ins in flight, which open the Sessions screen.
 */
function Glance({
  counts: { glance: counts },
  filter,
  onChange,
  inFlight,
  onSessions,
}: {
  counts: AccountCounts;
  filter: AccountFilter;
  onChange: (f: AccountFilter) => void;
  inFlight: number;
  onSessions: () => void;
}) {
  return (
    <div className="glance" role="group" aria-label={t('accounts.glance.title')}>
      {GLANCE.map((key: GlanceKey) => (
        <button
          key={key}
          type="button"
          className={`glance-count${counts[key] > 0 ? ' glance-hot' : ''}${filter.glance === key ? ' selected' : ''}`}
          aria-pressed={filter.glance === key}
          onClick={() => onChange({ ...filter, glance: filter.glance === key ? 'all' : key })}
        >
          <strong>{formatNumber(counts[key])}</strong> {t(`accounts.glance.${key}`)}
        </button>
      ))}
      <button type="button" className="glance-count" onClick={onSessions}>
        <strong>{formatNumber(inFlight)}</strong> {t('accounts.glance.inFlight')}
      </button>
    </div>
  );
}

function Toolbar({
  filter,
  onChange,
  shown,
  total,
}: {
  filter: AccountFilter;
  onChange: (f: AccountFilter) => void;
  shown: number;
  total: number;
}) {
  const set = <K extends keyof AccountFilter>(key: K, value: AccountFilter[K]) => onChange({ ...filter, [key]: value });
  return (
    <div className="toolbar" role="search">
      <input
        type="search"
        className="search"
        placeholder={t('accounts.searchPlaceholder')}
        aria-label={t('accounts.searchLabel')}
        value={filter.query}
        onChange={(e) => set('query', e.target.value)}
      />
      <select
        aria-label={t('accounts.col.provider')}
        value={filter.provider}
        onChange={(e) => set('provider', e.target.value as AccountFilter['provider'])}
      >
        <option value="all">{t('accounts.allProviders')}</option>
        {PROVIDERS.map((p) => (
          <option key={p} value={p}>
            {PROVIDER_LABEL[p]}
          </option>
        ))}
      </select>
      <select
        aria-label={t('accounts.statusLabel')}
        value={filter.status}
        onChange={(e) => set('status', e.target.value as AccountFilter['status'])}
      >
        <option value="all">{t('accounts.anyStatus')}</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('accounts.levelLabel')}
        value={filter.level}
        onChange={(e) => set('level', e.target.value as AccountFilter['level'])}
      >
        <option value="all">{t('accounts.anyExpiry')}</option>
        <option value="attention">{t('accounts.needsAttention')}</option>
        {(Object.keys(LEVEL_ICON) as ExpiryLevel[]).map((l) => (
          <option key={l} value={l}>
            {levelText(l)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('accounts.sortBy')}
        value={filter.sort}
        onChange={(e) => set('sort', e.target.value as AccountFilter['sort'])}
      >
        <option value="expiry">{t('accounts.sort.expiry')}</option>
        <option value="label">{t('accounts.sort.label')}</option>
        <option value="provider">{t('accounts.sort.provider')}</option>
        <option value="status">{t('accounts.sort.status')}</option>
        <option value="lastRefresh">{t('accounts.sort.lastRefresh')}</option>
      </select>
      <span className="muted small" aria-live="polite">
        {shown === total
          ? t('accounts.shownAll', { count: total })
          : t('accounts.shownSome', { count: total, shown: formatNumber(shown) })}
      </span>
    </div>
  );
}

function AccountsTable({
  count,
  selected,
  openId,
  onToggle,
  onToggleAll,
  selectingAll,
  onOpen,
  onAction,
  sort,
  onSort,
}: {
  /** How many rows the list has (the accounts that match); their pages load as they come into view. */
  count: number;
  selected: ReadonlyMap<string, Provider>;
  openId: string | null;
  onToggle: (a: Account) => void;
  onToggleAll: (on: boolean) => void;
  selectingAll: boolean;
  onOpen: (id: string) => void;
  onAction: (account: Account) => void;
  sort: AccountFilter['sort'];
  onSort: (sort: AccountFilter['sort']) => void;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  // Subscribed here, not in the screen: a page arriving re-renders the list, not the toolbar.
  const view = useAccountsView(useShallow((v) => ({ pages: v.pages, fallback: v.fallback })));
  // The first rows are painted alone; the rows kept ready beyond the edges for scrolling are added
  // the frame after (issue #16, B5: they were half of the first rows' work).
  const hasRows = view.pages.size > 0;
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!hasRows || ready) return;
    // A frame's callbacks run before it is painted: the second one comes after the rows are on screen.
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(() => setReady(true))));
    return () => cancelAnimationFrame(frame);
  }, [hasRows, ready]);
  const { rows: items, height } = useRowsInView(parentRef, count, ROW_HEIGHT, ready ? 12 : 0, firstListHeight);
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => useAccountsView.getState().ensure(first, last), [first, last, count]);
  const allOn =
    selectingAll ||
    (count > 0 &&
      selected.size >= count &&
      [...view.pages.values()].every((rows) => rows.every((a) => selected.has(a.id))));
  return (
    <div className="table" role="table" aria-label={t('nav.accounts')} aria-rowcount={count + 1}>
      <div className="table-head accounts-grid" role="row">
        <span role="columnheader">
          <input
            type="checkbox"
            aria-label={t('accounts.selectAll')}
            checked={allOn}
            onChange={(e) => onToggleAll(e.target.checked)}
          />
        </span>
        <SortHeader col="provider" label={t('accounts.col.provider')} sort={sort} by="provider" onSort={onSort} />
        <SortHeader col="account" label={t('accounts.col.account')} sort={sort} by="label" onSort={onSort} />
        <SortHeader col="health" label={t('accounts.col.health')} sort={sort} by="expiry" onSort={onSort} />
        <span role="columnheader" data-col="access">
          {t('accounts.col.access')}
        </span>
        <span role="columnheader" data-col="refresh">
          {t('accounts.col.refresh')}
        </span>
        <SortHeader col="times" label={t('accounts.col.times')} sort={sort} by="lastRefresh" onSort={onSort} />
        <span role="columnheader" data-col="error">
          {t('accounts.col.error')}
        </span>
        <span role="columnheader">
          <span className="visually-hidden">{t('accounts.col.actions')}</span>
        </span>
      </div>
      <div ref={parentRef} className="table-body" data-testid="accounts-scroll">
        {count === 0 ? <p className="muted table-empty">{t('accounts.noMatch')}</p> : null}
        <div style={{ height, position: 'relative' }}>
          {items.map((item) => {
            const a = rowAt(view, item.index);
            if (!a) return <PendingRow key={`pending-${item.index}`} index={item.index} start={item.start} />;
            return (
              <AccountRow
                key={a.id}
                a={a}
                index={item.index}
                start={item.start}
                selected={selected.has(a.id)}
                open={openId === a.id}
                onToggle={onToggle}
                onOpen={onOpen}
                onAction={onAction}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * One row, memoized: scrolling renders only the rows that come into view, and a tick of the clock
 * re-renders only the relative times.
 */
const AccountRow = memo(function AccountRow({
  a,
  index,
  start,
  selected,
  open,
  onToggle,
  onOpen,
  onAction,
}: {
  a: Account;
  index: number;
  start: number;
  selected: boolean;
  open: boolean;
  onToggle: (a: Account) => void;
  onOpen: (id: string) => void;
  onAction: (account: Account) => void;
}) {
  return (
    <div
      role="row"
      data-account={a.id}
      className={`table-row accounts-grid${open ? ' row-open' : ''}`}
      tabIndex={0}
      aria-rowindex={index + 2}
      aria-label={`${a.label}: ${healthText(a.health)}`}
      // What the cells cut short, whole: shown under the row while it has the keyboard focus.
      data-full={[a.label, healthText(a.health), lastErrorText(a)].filter(Boolean).join(' · ')}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
        e.preventDefault();
        onOpen(a.id);
      }}
      style={rowPlace(start)}
      onClick={() => onOpen(a.id)}
    >
      <span role="cell" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          aria-label={t('accounts.selectOne', { label: a.label })}
          checked={selected}
          onChange={() => onToggle(a)}
        />
      </span>
      <span role="cell" data-col="provider">
        {PROVIDER_LABEL[a.provider]}
      </span>
      <span role="cell" data-col="account" className="strong" title={`${a.label} (${a.id})`}>
        {a.label}
      </span>
      <span
        role="cell"
        data-col="health"
        className={`health health-${HEALTH_LOOK[a.health.state].tone}`}
        title={healthText(a.health)}
      >
        <span aria-hidden="true">{HEALTH_LOOK[a.health.state].icon}</span> <span>{healthText(a.health)}</span>
      </span>
      {a.provider === 'bigcommerce' ? (
        <span role="cell" className="muted small">
          —
        </span>
      ) : a.status === 'needs_reauth' ? (
        <RefusedCell />
      ) : a.accessLevel === 'expired' && a.refreshLevel !== 'expired' && a.status === 'connected' ? (
        <span role="cell" className="muted small" title={t('accounts.renewsOnUseHint')}>
          {t('accounts.renewsOnUse')}
        </span>
      ) : (
        <LevelCell level={a.accessLevel} iso={a.accessExpiresAt} />
      )}
      {a.provider === 'bigcommerce' ? (
        <span role="cell" className="muted small" title={t('accounts.neverExpiresHint')}>
          {t('accounts.neverExpires')}
        </span>
      ) : a.status === 'needs_reauth' ? (
        <RefusedCell />
      ) : (
        <LevelCell level={a.refreshLevel} iso={a.refreshExpiresAt} estimated={a.refreshExpiryEstimated} />
      )}
      <span role="cell" data-col="times" className="small">
        <RelativeTime iso={a.lastRefreshAt} /> <span className="muted">/</span> <RelativeTime iso={a.nextRefreshAt} />
      </span>
      <span role="cell" data-col="error" className="error-text" title={lastErrorText(a) ?? undefined}>
        {lastErrorText(a) ?? ''}
      </span>
      <span role="cell" onClick={(e) => e.stopPropagation()}>
        {a.health.action ? (
          <button
            type="button"
            className={`button small${a.health.urgency === 0 ? ' primary' : ''}`}
            title={actionLabel(a.health.action)}
            onClick={() => onAction(a)}
          >
            {actionLabel(a.health.action)}
          </button>
        ) : null}
      </span>
    </div>
  );
});

/** Where a virtual row sits in the list (every row, loaded or pending, the same). */
function rowPlace(start: number): CSSProperties {
  return { position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` };
}

/** A row whose page is on its way: its place held, so the scroll bar and the rows do not jump. */
function PendingRow({ index, start }: { index: number; start: number }) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-busy="true"
      className="table-row accounts-grid row-pending"
      style={rowPlace(start)}
    >
      <span role="cell" className="muted small">
        {t('common.loading')}
      </span>
    </div>
  );
}

/** A column header that sorts the list (each column has one order: the one an admin wants first). */
function SortHeader({
  col,
  label,
  sort,
  by,
  onSort,
}: {
  col: string;
  label: string;
  sort: AccountFilter['sort'];
  by: AccountFilter['sort'];
  onSort: (sort: AccountFilter['sort']) => void;
}) {
  const active = sort === by;
  return (
    <span
      role="columnheader"
      data-col={col}
      aria-sort={active ? (by === 'lastRefresh' ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className={`sort-header${active ? ' active' : ''}`} onClick={() => onSort(by)}>
        {label}
        <span aria-hidden="true">{active ? ' ▾' : ''}</span>
      </button>
    </span>
  );
}

/** A token of a refused grant: whatever end is stored, it no longer works. */
function RefusedCell() {
  return (
    <span role="cell" className="level level-expired" title={t('accounts.refusedHint')}>
      <span aria-hidden="true">✖</span> {t('accounts.refused')}
    </span>
  );
}

/** A token's level: icon and colour and a relative time, the absolute time on hover. */
function LevelCell({ level, iso, estimated = false }: { level: ExpiryLevel; iso: string | null; estimated?: boolean }) {
  return (
    <span
      role="cell"
      className={`level level-${level}`}
      title={iso ? `${localTime(iso)}${estimated ? ` ${t('accounts.estimated')}` : ''}` : levelText(level)}
    >
      <span aria-hidden="true">{LEVEL_ICON[level]}</span>{' '}
      {iso ? (
        <>
          {estimated ? '~' : ''}
          <RelativeTime iso={iso} />
        </>
      ) : (
        levelText(level)
      )}
    </span>
  );
}

function AccountDrawer({
  account: a,
  onClose,
  onSignIn,
  onRefresh,
  onRemoved,
}: {
  account: Account;
  onClose: () => void;
  onSignIn: () => void;
  onRefresh: () => void;
  onRemoved: () => void;
}) {
  // What this operator's role may do here: the rest is shown disabled, with why.
  const may = {
    test: useMayCall('accounts:test'),
    refresh: useMayCall('tokens:refresh'),
    signIn: useMayCall('sessions:start'),
    setToken: useMayCall('accounts:setToken'),
    setEnabled: useMayCall('accounts:setEnabled'),
    remove: useMayCall('accounts:remove'),
  };
  const [tokenForm, setTokenForm] = useState(a.health.action === 'paste_token');
  const [newToken, setNewToken] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [working, setWorking] = useState(false);
  const act = async (what: () => Promise<unknown>) => {
    setWorking(true);
    setProblem(null);
    try {
      await what();
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setWorking(false);
    }
  };
  const pasteToken = () =>
    act(async () => {
      await call('accounts:setToken', { id: a.id, apiToken: newToken });
      setNewToken('');
      setTokenForm(false);
      setTest(null);
    });
  const setEnabled = (enabled: boolean) => act(() => call('accounts:setEnabled', { id: a.id, enabled }));
  const remove = () =>
    act(async () => {
      await call('accounts:remove', { id: a.id });
      onRemoved();
    });
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [testing, setTesting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('accounts:history', { id: a.id })
      .then((h) => live && setHistory(h))
      .catch((e: unknown) => live && setProblem(messageOf(e)));
    return () => {
      live = false;
    };
  }, [a.id, a.lastRefreshAt, a.status, a.lastErrorCode, a.nextRefreshAt]);
  const runTest = async () => {
    setTesting(true);
    setProblem(null);
    try {
      setTest(await call('accounts:test', { id: a.id }));
      setHistory(await call('accounts:history', { id: a.id }));
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setTesting(false);
    }
  };
  const drawerRef = useDialog<HTMLElement>(onClose);
  return (
    <aside className="drawer" aria-label={t('drawer.label', { label: a.label })} ref={drawerRef} tabIndex={-1}>
      <header className="drawer-head">
        <div>
          <h2>{a.label}</h2>
          <p className="muted small">
            {PROVIDER_LABEL[a.provider]} · <code>{a.id}</code>
          </p>
        </div>
        <button type="button" className="button small ghost" onClick={onClose} aria-label={t('drawer.close')}>
          ✕
        </button>
      </header>
      <dl className="facts">
        <dt>{t('accounts.col.health')}</dt>
        <dd className={`health health-${HEALTH_LOOK[a.health.state].tone}`}>
          <span aria-hidden="true">{HEALTH_LOOK[a.health.state].icon}</span> <span>{healthText(a.health)}</span>
        </dd>
        {a.provider !== 'bigcommerce' ? (
          <>
            <dt>{t('drawer.signedInAs')}</dt>
            <dd>
              {a.identity ??
                (a.status === 'not_connected' ? t('drawer.identityNotYet') : t('drawer.identityNotRecorded'))}
            </dd>
          </>
        ) : null}
        <dt>{t('drawer.accessToken')}</dt>
        <dd>
          {a.accessExpiresAt
            ? t('drawer.ends', { level: levelText(a.accessLevel), at: localTime(a.accessExpiresAt) })
            : '—'}
        </dd>
        <dt>{t('accounts.col.refresh')}</dt>
        <dd>
          {a.refreshExpiresAt
            ? `${t('drawer.ends', { level: levelText(a.refreshLevel), at: localTime(a.refreshExpiresAt) })}${a.refreshExpiryEstimated ? ` ${t('drawer.estimatedRule')}` : ''}`
            : a.provider === 'bigcommerce'
              ? t('accounts.neverExpiresHint')
              : '—'}
        </dd>
        <dt>{t('accounts.sort.lastRefresh')}</dt>
        <dd>{a.lastRefreshAt ? localTime(a.lastRefreshAt) : '—'}</dd>
        <dt>{t('drawer.nextRefresh')}</dt>
        <dd>{a.nextRefreshAt ? localTime(a.nextRefreshAt) : '—'}</dd>
        {a.lastError ? (
          <>
            <dt>{t('accounts.col.error')}</dt>
            <dd className="error-text">
              {a.lastErrorCode ? <code>{a.lastErrorCode}</code> : null} {lastErrorText(a)}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="inline-form">
        <button
          type="button"
          className="button small"
          disabled={testing || a.status === 'not_connected' || !may.test.allowed}
          title={may.test.why}
          onClick={() => void runTest()}
        >
          {testing ? t('drawer.testing') : t('drawer.test')}
        </button>
        {canSignIn(a.provider) ? (
          <>
            <button
              type="button"
              className="button small"
              disabled={a.status !== 'connected' || !may.refresh.allowed}
              title={may.refresh.why}
              onClick={onRefresh}
            >
              {t('accounts.action.refresh')}
            </button>
            <button
              type="button"
              className={`button small${a.status === 'needs_reauth' ? ' primary' : ''}`}
              onClick={onSignIn}
              disabled={a.status === 'disabled' || !may.signIn.allowed}
              title={may.signIn.why}
            >
              {a.status === 'not_connected' ? t('accounts.action.sign_in') : t('accounts.action.reauthorize')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className={`button small${a.health.action === 'paste_token' ? ' primary' : ''}`}
            disabled={!may.setToken.allowed}
            title={may.setToken.why}
            onClick={() => setTokenForm(true)}
          >
            {t('accounts.action.paste_token')}
          </button>
        )}
        <button
          type="button"
          className="button small"
          disabled={working || !may.setEnabled.allowed}
          title={may.setEnabled.why}
          onClick={() => void setEnabled(a.status === 'disabled')}
        >
          {a.status === 'disabled' ? t('accounts.action.enable') : t('drawer.disable')}
        </button>
        <button
          type="button"
          className="button small danger"
          disabled={working || !may.remove.allowed}
          title={may.remove.why}
          onClick={() => setConfirmRemove(true)}
        >
          {t('drawer.removeEllipsis')}
        </button>
      </div>
      {tokenForm && !canSignIn(a.provider) ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void pasteToken();
          }}
        >
          <label>
            {t('drawer.newToken')}
            <input
              type="password"
              autoComplete="off"
              value={newToken}
              onChange={(e) => setNewToken(e.target.value)}
              aria-describedby="token-help"
              required
            />
          </label>
          <button type="submit" className="button small primary" disabled={working || newToken.trim().length < 8}>
            {working ? t('common.checking') : t('drawer.checkAndSeal')}
          </button>
          <span id="token-help" className="muted small">
            {t('drawer.newTokenHelp')}
          </span>
        </form>
      ) : null}
      {confirmRemove ? (
        <ConfirmBox onCancel={() => setConfirmRemove(false)} labelledBy="remove-title" describedBy="remove-what">
          <h3 id="remove-title">{t('drawer.removeTitle', { label: a.label })}</h3>
          <p id="remove-what">
            {canSignIn(a.provider)
              ? t('drawer.removeSignIn', { provider: PROVIDER_LABEL[a.provider] })
              : t('drawer.removeStore')}{' '}
            {t('drawer.removeFinal')}
          </p>
          <div className="inline-form">
            <button type="button" className="button small danger" disabled={working} onClick={() => void remove()}>
              {working ? t('drawer.removing') : t('drawer.remove', { label: a.label })}
            </button>
            <button type="button" className="button small" onClick={() => setConfirmRemove(false)} data-autofocus>
              {t('drawer.keep')}
            </button>
          </div>
        </ConfirmBox>
      ) : null}
      {test ? (
        <p className={test.ok ? 'ok-text' : 'error-text'} role="status">
          {test.ok ? '✔' : '✖'} {spoken(test.message, test.say)}
        </p>
      ) : null}
      {problem ? <ErrorBanner message={problem} /> : null}
      <h3>{t('drawer.history')}</h3>
      {history === null ? (
        <Loading label={t('drawer.loadingHistory')} />
      ) : history.length === 0 ? (
        <p className="muted">{t('common.nothingYet')}</p>
      ) : (
        <ol className="history">
          {history.map((h, i) => (
            <li key={i} className={`history-${h.outcome}`}>
              <span className="muted small">
                <RelativeTime iso={h.at} />
              </span>{' '}
              {spoken(h.title, h.say.title)}
              {h.detail ? <div className="muted small">{spoken(h.detail, h.say.detail ?? undefined)}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

/** A refresh in a sentence: how many of each outcome, and the first failure with its reason. */
export function summariseRefresh(results: RefreshResultView[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const failed = results.filter((r) => r.outcome !== 'refreshed' && r.outcome !== 'skipped');
  const head = [...counts.entries()]
    .map(([k, n]) => t(`refresh.outcome.${k as RefreshResultView['outcome']}`, { count: n }))
    .join(', ');
  return failed.length === 0
    ? t('refresh.summary', { head })
    : `${t('refresh.summary', { head })} ${failed[0]!.label}: ${spoken(failed[0]!.message, failed[0]!.say)}`;
}
