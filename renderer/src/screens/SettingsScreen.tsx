import { useId, useState } from 'react';
import type { Provider, Settings, SettingSecret, StoreConnect, StoreMove } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import { RoleGate } from '../components/RoleGate';
import { ConfirmBox, ErrorBanner, Loading, PageHeader, RelativeTime, StatusPill } from '../components/ui';
import { useAccountsWhere, WHERE_LIMIT } from '../stores/accountsView';
import { PROVIDER_LABEL } from './AccountsScreen';
import { useHealth, useSecrets, useSettings, useStoreStatus } from '../stores/stores';
import { LANGUAGE_NAMES, LANGUAGES } from '../../../shared/i18n';
import { spoken, t } from '../i18n';

const secretLabel = (name: SettingSecret): string => t(`settings.secret.${name}`);

/** Settings: storage health, preferences and the secrets Gatehouse keeps for its integrations. */
export function SettingsScreen() {
  return (
    <div className="screen">
      <PageHeader title={t('nav.settings')} subtitle={t('settings.subtitle')} />
      <HealthCard />
      <RoleGate channel="store:move">
        <StoreCard />
      </RoleGate>
      <RoleGate channel="settings:update">
        <PreferencesCard />
        <AlertsCard />
        <AppearanceCard />
        <ResyncTargetsCard />
      </RoleGate>
      <RoleGate channel="secrets:set">
        <SecretsCard />
      </RoleGate>
    </div>
  );
}

function HealthCard() {
  const { status, data, error, load } = useHealth();
  return (
    <section className="panel" aria-labelledby="health-title">
      <div className="panel-head">
        <h2 id="health-title">{t('settings.health.title')}</h2>
        <button type="button" className="button small" onClick={() => void load()} disabled={status === 'loading'}>
          {t('settings.health.again')}
        </button>
      </div>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {status === 'loading' && !data ? <Loading label={t('settings.health.loading')} /> : null}
      {data ? (
        <ul className="checks">
          {data.checks.map((c) => (
            <li key={c.id} className={`check check-${c.status}`} data-check={c.id}>
              <StatusPill status={c.status} label={t(`settings.health.${c.status}`)} />
              <div>
                <strong>{spoken(c.label, c.say?.label)}</strong>
                <p>{spoken(c.detail, c.say?.detail ?? undefined)}</p>
                {c.remedy && c.status !== 'ok' ? (
                  <p className="remedy">→ {spoken(c.remedy, c.say?.remedy ?? undefined)}</p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {data ? <p className="muted small">{t('settings.health.dataDir', { dir: data.dataDir })}</p> : null}
    </section>
  );
}

/**
 * Where the data lives, and the two ways to change it: move this folder's data into an empty
 * PostgreSQL database (a team starts), or join one a teammate already moved theirs into. Both test
 * first; the password goes to the OS keychain.
 */
function StoreCard() {
  const { data, error, load } = useStoreStatus();
  const [mode, setMode] = useState<'move' | 'join'>('move');
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [plan, setPlan] = useState<StoreMove | null>(null);
  const [probe, setProbe] = useState<StoreConnect | null>(null);
  const [done, setDone] = useState<{ moved: StoreMove } | { joined: StoreConnect } | null>(null);
  const [confirming, setConfirming] = useState<'move' | 'join' | 'local' | null>(null);
  const [busy, setBusy] = useState<'check' | 'move' | 'join' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const onPostgres = data?.engine === 'postgres';
  const target = onPostgres ? 'sqlite' : url.trim();
  const secret = password ? { password } : {};
  const attempt = async (what: NonNullable<typeof busy>, fn: () => Promise<void>) => {
    setBusy(what);
    setFailure(null);
    try {
      await fn();
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(null);
      setConfirming(null);
    }
  };
  const check = () =>
    attempt('check', async () => {
      if (mode === 'join' && !onPostgres) setProbe(await call('store:connect', { to: target, test: true, ...secret }));
      else setPlan(await call('store:move', { to: target, dryRun: true, ...secret }));
    });
  const move = () =>
    attempt('move', async () => {
      setDone({ moved: await call('store:move', { to: target, ...secret }) });
      setPassword('');
    });
  const join = (to: string) =>
    attempt('join', async () => {
      setDone({ joined: await call('store:connect', { to, ...(to === 'sqlite' ? {} : secret) }) });
      setPassword('');
    });
  const edited = () => {
    setPlan(null);
    setProbe(null);
  };
  const rows = (m: StoreMove) => m.tables.reduce((n, x) => n + x.rows, 0);
  return (
    <section className="panel" aria-labelledby="store-title">
      <div className="panel-head">
        <h2 id="store-title">{t('settings.store.title')}</h2>
        <button type="button" className="button small" onClick={() => void load()}>
          {t('common.checkAgain')}
        </button>
      </div>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {data ? (
        <dl className="facts" data-store={data.engine}>
          <dt>{t('settings.store.database')}</dt>
          <dd>
            {onPostgres
              ? t('settings.store.postgres', { version: data.serverVersion ?? '' })
              : t('settings.store.sqlite')}
          </dd>
          <dt>{t('settings.store.where')}</dt>
          <dd className="store-location">{data.location}</dd>
          <dt>{t('settings.store.schema')}</dt>
          <dd>
            {data.schema === data.latestSchema
              ? data.schema
              : t('settings.store.schemaOlder', { schema: data.schema, latest: data.latestSchema })}
          </dd>
          <dt>{t('settings.store.roundTrip')}</dt>
          <dd>{t('settings.store.ms', { ms: data.latencyMs.toFixed(1) })}</dd>
          {onPostgres ? (
            <>
              <dt>{t('settings.store.encryption')}</dt>
              <dd>{data.tls ? 'TLS' : t('settings.store.noTls')}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {done && 'moved' in done ? (
        <p className="banner banner-ok" role="status">
          {t('settings.store.moved', {
            rows: rows(done.moved),
            tables: done.moved.tables.length,
            to: done.moved.to,
            from: done.moved.from,
          })}
        </p>
      ) : done && 'joined' in done ? (
        <p className="banner banner-ok" role="status">
          {done.joined.to === 'sqlite'
            ? t('settings.store.backToFile', { count: done.joined.accounts ?? 0 })
            : [
                t('settings.store.joined', { to: done.joined.to, count: done.joined.accounts ?? 0 }),
                done.joined.passwordKept ? t('settings.store.passwordKept') : '',
                t('settings.store.restart'),
                done.joined.leftBehind ? t('settings.store.leftBehind', { count: done.joined.leftBehind }) : '',
              ]
                .filter(Boolean)
                .join(' ')}
        </p>
      ) : data ? (
        <div className="store-move">
          {onPostgres ? (
            <p className="muted">
              {t('settings.store.backHint')} CLI: <code>gatehouse store move --to sqlite</code>,{' '}
              <code>gatehouse store connect sqlite</code>.
            </p>
          ) : (
            <>
              <fieldset className="choice">
                <legend>{t('settings.store.teamLegend')}</legend>
                <label>
                  <input
                    type="radio"
                    name="store-mode"
                    checked={mode === 'move'}
                    onChange={() => {
                      setMode('move');
                      edited();
                    }}
                  />{' '}
                  {t('settings.store.modeMove')}
                </label>
                <label>
                  <input
                    type="radio"
                    name="store-mode"
                    checked={mode === 'join'}
                    onChange={() => {
                      setMode('join');
                      edited();
                    }}
                  />{' '}
                  {t('settings.store.modeJoin')}
                </label>
              </fieldset>
              <p className="muted">
                {mode === 'move' ? t('settings.store.moveHint') : t('settings.store.joinHint')} CLI:{' '}
                <code>{mode === 'move' ? 'gatehouse store move --to URL' : 'gatehouse store connect URL'}</code>.
              </p>
              <label className="field">
                <span>{t('settings.store.url')}</span>
                <input
                  type="url"
                  value={url}
                  placeholder="postgres://gatehouse@db.example.com:5432/gatehouse?sslmode=verify-full"
                  aria-describedby="store-url-hint"
                  onChange={(e) => {
                    setUrl(e.target.value);
                    edited();
                  }}
                />
                <span id="store-url-hint" className="muted small">
                  {t('settings.store.urlHint')}
                </span>
              </label>
              <label className="field">
                <span>{t('settings.store.password')}</span>
                <input
                  type="password"
                  autoComplete="off"
                  value={password}
                  onChange={(e) => {
                    setPassword(e.target.value);
                    edited();
                  }}
                />
              </label>
            </>
          )}
          {failure ? <ErrorBanner message={failure} /> : null}
          {plan ? (
            <table className="plan" aria-label={t('settings.store.plan')}>
              <thead>
                <tr>
                  <th scope="col">{t('settings.store.table')}</th>
                  <th scope="col">{t('settings.store.rows')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.tables.map((x) => (
                  <tr key={x.table}>
                    <td>{x.table}</td>
                    <td>{x.rows}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {probe ? (
            <dl className="facts" aria-label={t('settings.store.test')}>
              <dt>{t('settings.store.server')}</dt>
              <dd>PostgreSQL {probe.serverVersion}</dd>
              <dt>{t('settings.store.encryption')}</dt>
              <dd>{probe.tls ? 'TLS' : t('settings.store.noTls')}</dd>
              <dt>{t('settings.store.data')}</dt>
              <dd>
                {probe.schema === 0
                  ? t('settings.store.noData')
                  : t('settings.store.hasData', { schema: probe.schema, count: probe.accounts ?? 0 })}
              </dd>
              <dt>{t('settings.store.roundTrip')}</dt>
              <dd>{t('settings.store.ms', { ms: probe.latencyMs?.toFixed(1) })}</dd>
            </dl>
          ) : null}
          <div className="inline-form">
            <button
              type="button"
              className="button small"
              disabled={!target || busy !== null}
              onClick={() => void check()}
            >
              {busy === 'check'
                ? t('common.checking')
                : mode === 'join' && !onPostgres
                  ? t('drawer.test')
                  : t('settings.store.dryRun')}
            </button>
            <button
              type="button"
              className="button primary small"
              disabled={!target || busy !== null}
              onClick={() => setConfirming(mode === 'join' && !onPostgres ? 'join' : 'move')}
            >
              {onPostgres
                ? t('settings.store.moveBack')
                : mode === 'join'
                  ? t('settings.store.join')
                  : t('settings.store.moveTo')}
            </button>
            {onPostgres ? (
              <button
                type="button"
                className="button small"
                disabled={busy !== null}
                onClick={() => setConfirming('local')}
              >
                {t('settings.store.useOwn')}
              </button>
            ) : null}
          </div>
          {confirming ? (
            <ConfirmBox
              onCancel={() => setConfirming(null)}
              label={
                confirming === 'move' ? t('settings.store.confirmMoveTitle') : t('settings.store.confirmSwitchTitle')
              }
            >
              <p>
                {confirming === 'move'
                  ? t('settings.store.confirmMove', { to: onPostgres ? t('settings.store.newFile') : target })
                  : confirming === 'join'
                    ? t('settings.store.confirmJoin', { to: target })
                    : t('settings.store.confirmLocal')}
              </p>
              <div className="inline-form">
                <button
                  type="button"
                  className="button small primary"
                  disabled={busy !== null}
                  onClick={() =>
                    void (confirming === 'move' ? move() : join(confirming === 'join' ? target : 'sqlite'))
                  }
                >
                  {busy === 'move'
                    ? t('settings.store.moving')
                    : busy === 'join'
                      ? t('settings.store.switching')
                      : confirming === 'move'
                        ? t('settings.store.moveIt')
                        : t('settings.store.switch')}
                </button>
                <button type="button" className="button small" onClick={() => setConfirming(null)} data-autofocus>
                  {t('common.cancel')}
                </button>
              </div>
            </ConfirmBox>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

// Each field's words are `settings.prefs.<key>`, its unit `settings.unit.<unit>`.
const FIELDS: {
  key:
    | 'expiryWarningDays'
    | 'expiryCriticalDays'
    | 'sessionTimeoutMinutes'
    | 'maxConcurrentSessions'
    | 'tokenExchangeRetries'
    | 'tokenExchangeTimeoutSeconds';
  unit: 'days' | 'minutes' | 'sessions' | 'times' | 'seconds';
  step: number;
}[] = [
  { key: 'expiryWarningDays', unit: 'days', step: 0.5 },
  { key: 'expiryCriticalDays', unit: 'days', step: 0.5 },
  { key: 'sessionTimeoutMinutes', unit: 'minutes', step: 1 },
  { key: 'maxConcurrentSessions', unit: 'sessions', step: 1 },
  { key: 'tokenExchangeRetries', unit: 'times', step: 1 },
  { key: 'tokenExchangeTimeoutSeconds', unit: 'seconds', step: 1 },
];

function PreferencesCard() {
  const { data, error, load } = useSettings();
  const [draft, setDraft] = useState<Partial<Record<keyof Settings, string>>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  if (!data)
    return error ? (
      <ErrorBanner message={error} onRetry={() => void load()} />
    ) : (
      <Loading label={t('settings.prefs.loading')} />
    );
  const dirty = Object.keys(draft).length > 0;
  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const change = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, Number(v)]));
      await call('settings:update', change);
      setDraft({});
      await load();
    } catch (e) {
      setSaveError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="prefs-title">
      <div className="panel-head">
        <h2 id="prefs-title">{t('settings.prefs.title')}</h2>
        <button type="button" className="button primary small" disabled={!dirty || saving} onClick={() => void save()}>
          {saving ? t('common.saving') : t('common.save')}
        </button>
      </div>
      {saveError ? <ErrorBanner message={saveError} /> : null}
      <div className="form-grid">
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span>{t(`settings.prefs.${f.key}`)}</span>
            <span className="input-unit">
              <input
                type="number"
                step={f.step}
                min={0}
                value={draft[f.key] ?? String(data[f.key])}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              />
              <span className="muted">{t(`settings.unit.${f.unit}`)}</span>
            </span>
          </label>
        ))}
      </div>
    </section>
  );
}

function SecretsCard() {
  const { data, error, load } = useSecrets();
  const [editing, setEditing] = useState<SettingSecret | null>(null);
  const [wiping, setWiping] = useState<SettingSecret | null>(null);
  const [value, setValue] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      setEditing(null);
      setValue('');
      await load();
    } catch (e) {
      setActionError(messageOf(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="secrets-title">
      <div className="panel-head">
        <h2 id="secrets-title">{t('settings.secrets.title')}</h2>
        <span className="muted small">{t('settings.secrets.hint')}</span>
      </div>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      <ul className="secrets">
        {(data ?? []).map((s) => (
          <li key={s.name}>
            <div>
              <strong>{secretLabel(s.name)}</strong>
              <p className="muted small">
                {s.isSet ? (
                  <>
                    {t('settings.secrets.stored')} <RelativeTime iso={s.updatedAt} />
                  </>
                ) : (
                  t('settings.secrets.notSet')
                )}
              </p>
            </div>
            {editing === s.name ? (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(() => call('secrets:set', { name: s.name, value }));
                }}
              >
                <input
                  type="password"
                  autoComplete="off"
                  aria-label={secretLabel(s.name)}
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                />
                <button type="submit" className="button primary small" disabled={value.length === 0}>
                  {t('settings.secrets.seal')}
                </button>
                <button type="button" className="button small" onClick={() => setEditing(null)}>
                  {t('common.cancel')}
                </button>
              </form>
            ) : (
              <div className="inline-form">
                <button type="button" className="button small" onClick={() => setEditing(s.name)}>
                  {s.isSet ? t('settings.secrets.replace') : t('settings.secrets.set')}
                </button>
                {s.isSet ? (
                  <button type="button" className="button small danger" onClick={() => setWiping(s.name)}>
                    {t('settings.secrets.wipeEllipsis')}
                  </button>
                ) : null}
              </div>
            )}
            {wiping === s.name ? (
              <ConfirmBox
                label={t('settings.secrets.wipeTitle', { name: secretLabel(s.name) })}
                onCancel={() => setWiping(null)}
              >
                <p>
                  {t('settings.secrets.wipeBody', { name: secretLabel(s.name) })}
                  {s.name === 'customer-service-api-key' ? ` ${t('settings.secrets.wipeCs')}` : ''}
                </p>
                <div className="inline-form">
                  <button
                    type="button"
                    className="button small danger"
                    onClick={() => {
                      setWiping(null);
                      void act(() => call('secrets:clear', { name: s.name }));
                    }}
                  >
                    {t('settings.secrets.wipe')}
                  </button>
                  <button type="button" className="button small" onClick={() => setWiping(null)} data-autofocus>
                    {t('drawer.keep')}
                  </button>
                </div>
              </ConfirmBox>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Theme and language: light, dark or the OS's; English, Korean, French or the OS's. Applied at once
 * (App.tsx reads both settings).
 */
function AppearanceCard() {
  const { data, load } = useSettings();
  const [problem, setProblem] = useState<string | null>(null);
  if (!data) return null;
  const choose = async (change: Pick<Partial<Settings>, 'theme' | 'language'>) => {
    setProblem(null);
    try {
      await call('settings:update', change);
      await load();
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="appearance-title">
      <div className="panel-head">
        <h2 id="appearance-title">{t('settings.appearance.title')}</h2>
      </div>
      {problem ? <ErrorBanner message={problem} /> : null}
      <div className="form-grid">
        <label className="field">
          <span>{t('settings.appearance.theme')}</span>
          <select value={data.theme} onChange={(e) => void choose({ theme: e.target.value as Settings['theme'] })}>
            <option value="system">{t('settings.appearance.system')}</option>
            <option value="light">{t('settings.appearance.light')}</option>
            <option value="dark">{t('settings.appearance.dark')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('settings.appearance.language')}</span>
          <select
            value={data.language}
            onChange={(e) => void choose({ language: e.target.value as Settings['language'] })}
          >
            <option value="system">{t('settings.appearance.system')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}

function AlertsCard() {
  const { data, load } = useSettings();
  const secrets = useSecrets((s) => s.data);
  const [result, setResult] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!data) return null;
  const slackSet = secrets?.find((s) => s.name === 'slack-webhook-url')?.isSet ?? false;
  const toggle = async (key: 'desktopNotifications' | 'startAtLogin', value: boolean) => {
    setProblem(null);
    try {
      await call('settings:update', { [key]: value });
      await load();
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  const test = async () => {
    setProblem(null);
    setResult(null);
    try {
      const r = await call('alerts:test');
      setResult(
        t('settings.alerts.result', {
          desktop: r.desktop ? t('settings.alerts.sent') : t('settings.alerts.off'),
          slack:
            r.slack === 'sent'
              ? t('settings.alerts.sent')
              : r.slack === 'not_configured'
                ? t('settings.alerts.noWebhook')
                : t('settings.alerts.failed'),
        }),
      );
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <div className="panel-head">
        <h2 id="alerts-title">{t('settings.alerts.title')}</h2>
        <button type="button" className="button small" onClick={() => void test()}>
          {t('settings.alerts.test')}
        </button>
      </div>
      {problem ? <ErrorBanner message={problem} /> : null}
      {result ? (
        <p className="muted small" role="status">
          {result}
        </p>
      ) : null}
      <label className="check-row">
        <input
          type="checkbox"
          checked={data.desktopNotifications}
          onChange={(e) => void toggle('desktopNotifications', e.target.checked)}
        />
        {t('settings.alerts.desktop')}
      </label>
      <label className="check-row">
        <input
          type="checkbox"
          checked={data.startAtLogin}
          onChange={(e) => void toggle('startAtLogin', e.target.checked)}
        />
        {t('settings.alerts.startAtLogin')}
      </label>
      <p className="muted small">
        Slack: {slackSet ? t('settings.alerts.slackSet') : t('settings.alerts.slackUnset')}{' '}
        {t('settings.alerts.schedule')} <code>gatehouse tokens refresh --due</code>
      </p>
    </section>
  );
}

type TargetSettings = Pick<
  Settings,
  | 'customerServiceUrl'
  | 'customerServiceAuth'
  | 'customerServiceIdentityAccountId'
  | 'resyncBigcommerceAccountId'
  | 'resyncCafe24AccountId'
>;

/**
 * One enrolled account of a provider, chosen from a list the store filters: with thousands of
 * stores, typing narrows it. The chosen account stays in the list whatever is typed.
 */
function AccountPicker({
  provider,
  label,
  value,
  onChange,
}: {
  provider: Provider;
  label: string;
  value: string;
  onChange: (id: string) => void;
}) {
  const id = useId();
  const [search, setSearch] = useState('');
  const text = search.trim();
  const rows = useAccountsWhere({ provider, sort: 'label', ...(text ? { search: text } : {}) }) ?? [];
  const current = useAccountsWhere(value ? { ids: [value] } : null)?.[0];
  const options = current && !rows.some((a) => a.id === current.id) ? [current, ...rows] : rows;
  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <div className="picker-row">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('settings.picker.none')}</option>
          {options.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label} ({a.id})
            </option>
          ))}
        </select>
        <input
          type="search"
          value={search}
          placeholder={t('settings.picker.narrow')}
          aria-label={t('settings.picker.find', { provider: PROVIDER_LABEL[provider] })}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {rows.length >= WHERE_LIMIT ? (
        <span className="muted small">{t('settings.picker.capped', { count: WHERE_LIMIT })}</span>
      ) : text && rows.length === 0 ? (
        <span className="muted small">{t('settings.picker.noMatch', { text })}</span>
      ) : null}
    </div>
  );
}

/** Where a re-sync goes: the Customer Service URL and credential, and the enrolled stores. */
function ResyncTargetsCard() {
  const { data, load } = useSettings();
  const [draft, setDraft] = useState<Partial<TargetSettings>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!data) return null;
  const value = <K extends keyof TargetSettings>(key: K): TargetSettings[K] => draft[key] ?? data[key];
  const set = <K extends keyof TargetSettings>(key: K, v: TargetSettings[K]) => {
    setSaved(false);
    setDraft({ ...draft, [key]: v });
  };
  const save = async () => {
    setProblem(null);
    try {
      await call('settings:update', draft);
      setDraft({});
      setSaved(true);
      await load();
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  const choose = (
    key: 'customerServiceIdentityAccountId' | 'resyncBigcommerceAccountId' | 'resyncCafe24AccountId',
    provider: Provider,
    label: string,
  ) => <AccountPicker provider={provider} label={label} value={value(key)} onChange={(id) => set(key, id)} />;
  return (
    <section className="panel" aria-labelledby="resync-title">
      <div className="panel-head">
        <h2 id="resync-title">{t('settings.targets.title')}</h2>
        <button
          type="button"
          className="button primary small"
          disabled={Object.keys(draft).length === 0}
          onClick={() => void save()}
        >
          {t('common.save')}
        </button>
      </div>
      {problem ? <ErrorBanner message={problem} /> : null}
      {saved ? (
        <p className="ok-text small" role="status">
          {t('common.saved')}
        </p>
      ) : null}
      <div className="form-grid">
        <label className="field">
          <span>{t('settings.targets.csUrl')}</span>
          <input
            type="url"
            placeholder="https://customer-service.example.com"
            value={value('customerServiceUrl')}
            onChange={(e) => set('customerServiceUrl', e.target.value.trim())}
          />
        </label>
        <label className="field">
          <span>{t('settings.targets.csAuth')}</span>
          <select
            value={value('customerServiceAuth')}
            onChange={(e) => set('customerServiceAuth', e.target.value as TargetSettings['customerServiceAuth'])}
          >
            <option value="api-key">{t('settings.targets.apiKey')}</option>
            <option value="identity-provider">{t('settings.targets.idp')}</option>
          </select>
        </label>
        {value('customerServiceAuth') === 'identity-provider'
          ? choose('customerServiceIdentityAccountId', 'oidc', t('settings.targets.idpAccount'))
          : null}
        {choose('resyncBigcommerceAccountId', 'bigcommerce', t('settings.targets.bigcommerce'))}
        {choose('resyncCafe24AccountId', 'cafe24', t('settings.targets.cafe24'))}
      </div>
    </section>
  );
}
