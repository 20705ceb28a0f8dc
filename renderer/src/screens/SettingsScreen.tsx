import { useState } from 'react';
import type { Settings, SettingSecret, StoreMove } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import { ConfirmBox, ErrorBanner, Loading, PageHeader, RelativeTime, StatusPill } from '../components/ui';
import { useAccountsWhere } from '../stores/accountsView';
import { useHealth, useSecrets, useSettings, useStoreStatus } from '../stores/stores';

const SECRET_LABEL: Record<SettingSecret, string> = {
  'slack-webhook-url': 'Slack incoming webhook URL',
  'customer-service-api-key': 'Customer Service API key',
};

/** Settings: storage health, preferences and the secrets Gatehouse keeps for its integrations. */
export function SettingsScreen() {
  return (
    <div className="screen">
      <PageHeader
        title="Settings"
        subtitle="Storage health, where the data lives, thresholds and integration secrets"
      />
      <HealthCard />
      <StoreCard />
      <PreferencesCard />
      <AlertsCard />
      <AppearanceCard />
      <ResyncTargetsCard />
      <SecretsCard />
    </div>
  );
}

function HealthCard() {
  const { status, data, error, load } = useHealth();
  return (
    <section className="panel" aria-labelledby="health-title">
      <div className="panel-head">
        <h2 id="health-title">Storage and system health</h2>
        <button type="button" className="button small" onClick={() => void load()} disabled={status === 'loading'}>
          Run checks again
        </button>
      </div>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {status === 'loading' && !data ? <Loading label="Checking the keychain, database and loopback…" /> : null}
      {data ? (
        <ul className="checks">
          {data.checks.map((c) => (
            <li key={c.id} className={`check check-${c.status}`} data-check={c.id}>
              <StatusPill
                status={c.status}
                label={c.status === 'ok' ? 'OK' : c.status === 'warn' ? 'Warning' : 'Failed'}
              />
              <div>
                <strong>{c.label}</strong>
                <p>{c.detail}</p>
                {c.remedy && c.status !== 'ok' ? <p className="remedy">→ {c.remedy}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {data ? <p className="muted small">Data folder: {data.dataDir}</p> : null}
    </section>
  );
}

function StoreCard() {
  const { data, error, load } = useStoreStatus();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [plan, setPlan] = useState<StoreMove | null>(null);
  const [moved, setMoved] = useState<StoreMove | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'check' | 'move' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const onPostgres = data?.engine === 'postgres';
  const target = onPostgres ? 'sqlite' : url.trim();
  const run = async (dryRun: boolean) => {
    setBusy(dryRun ? 'check' : 'move');
    setFailure(null);
    try {
      const result = await call('store:move', { to: target, dryRun, ...(password ? { password } : {}) });
      if (dryRun) setPlan(result);
      else {
        setMoved(result);
        setPlan(null);
        setPassword('');
      }
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(null);
      setConfirming(false);
    }
  };
  const rows = (m: StoreMove) => m.tables.reduce((n, t) => n + t.rows, 0);
  return (
    <section className="panel" aria-labelledby="store-title">
      <div className="panel-head">
        <h2 id="store-title">Where the data lives</h2>
        <button type="button" className="button small" onClick={() => void load()}>
          Check again
        </button>
      </div>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {data ? (
        <dl className="facts" data-store={data.engine}>
          <dt>Database</dt>
          <dd>
            {onPostgres
              ? `PostgreSQL ${data.serverVersion ?? ''} — shared by everyone who points Gatehouse at it`
              : 'SQLite on this computer — for one person'}
          </dd>
          <dt>Where</dt>
          <dd className="store-location">{data.location}</dd>
          <dt>Schema</dt>
          <dd>
            {data.schema === data.latestSchema
              ? data.schema
              : `${data.schema} (this version writes ${data.latestSchema})`}
          </dd>
          <dt>Round trip</dt>
          <dd>{data.latencyMs.toFixed(1)} ms</dd>
          {onPostgres ? (
            <>
              <dt>Encryption</dt>
              <dd>{data.tls ? 'TLS' : 'None (this computer only)'}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {moved ? (
        <p className="banner banner-ok" role="status">
          Moved and verified: {rows(moved)} rows in {moved.tables.length} tables now in {moved.to}. Restart Gatehouse to
          use it; {moved.from} was left as it was and takes no more changes.
        </p>
      ) : data ? (
        <div className="store-move">
          {onPostgres ? (
            <p className="muted">
              Move everything back into a new SQLite file in this data folder (an older file there is kept aside).
            </p>
          ) : (
            <>
              <p className="muted">
                A team shares one console on the organisation&apos;s PostgreSQL. Everything here is copied into an empty
                database and checked table by table; this file is left as it was. CLI:{' '}
                <code>gatehouse store move --to URL</code>.
              </p>
              <label className="field">
                <span>PostgreSQL URL</span>
                <input
                  type="url"
                  value={url}
                  placeholder="postgres://gatehouse@db.example.com:5432/gatehouse?sslmode=verify-full"
                  aria-describedby="store-url-hint"
                  onChange={(e) => {
                    setUrl(e.target.value);
                    setPlan(null);
                  }}
                />
                <span id="store-url-hint" className="muted small">
                  Another machine needs <code>sslmode=verify-full</code>. No password in the URL.
                </span>
              </label>
              <label className="field">
                <span>Password (used for the move, never stored)</span>
                <input
                  type="password"
                  autoComplete="off"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </label>
            </>
          )}
          {failure ? <ErrorBanner message={failure} /> : null}
          {plan ? (
            <table className="plan" aria-label="What would be copied">
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col">Rows</th>
                </tr>
              </thead>
              <tbody>
                {plan.tables.map((t) => (
                  <tr key={t.table}>
                    <td>{t.table}</td>
                    <td>{t.rows}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <div className="inline-form">
            <button
              type="button"
              className="button small"
              disabled={!target || busy !== null}
              onClick={() => void run(true)}
            >
              {busy === 'check' ? 'Checking…' : 'Check (dry run)'}
            </button>
            <button
              type="button"
              className="button primary small"
              disabled={!target || busy !== null}
              onClick={() => setConfirming(true)}
            >
              {onPostgres ? 'Move back to this computer…' : 'Move to PostgreSQL…'}
            </button>
          </div>
          {confirming ? (
            <ConfirmBox onCancel={() => setConfirming(false)} label="Move the data?">
              <p>
                Copy everything to {onPostgres ? 'a new SQLite file in this data folder' : target} and use it from the
                next start? The current store is left as it was and takes no more changes.
              </p>
              <div className="inline-form">
                <button
                  type="button"
                  className="button small primary"
                  disabled={busy !== null}
                  onClick={() => void run(false)}
                >
                  {busy === 'move' ? 'Moving…' : 'Move it'}
                </button>
                <button type="button" className="button small" onClick={() => setConfirming(false)} data-autofocus>
                  Cancel
                </button>
              </div>
            </ConfirmBox>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

const FIELDS: { key: keyof Settings; label: string; unit: string; step: number }[] = [
  { key: 'expiryWarningDays', label: 'Warn when a token expires within', unit: 'days', step: 0.5 },
  { key: 'expiryCriticalDays', label: 'Critical when a token expires within', unit: 'days', step: 0.5 },
  { key: 'sessionTimeoutMinutes', label: 'Sign-in session timeout', unit: 'minutes', step: 1 },
  { key: 'maxConcurrentSessions', label: 'Most sign-ins at once', unit: 'sessions', step: 1 },
  { key: 'tokenExchangeRetries', label: 'Token exchange retries', unit: 'times', step: 1 },
  { key: 'tokenExchangeTimeoutSeconds', label: 'Token exchange timeout', unit: 'seconds', step: 1 },
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
      <Loading label="Loading preferences…" />
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
        <h2 id="prefs-title">Preferences</h2>
        <button type="button" className="button primary small" disabled={!dirty || saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      {saveError ? <ErrorBanner message={saveError} /> : null}
      <div className="form-grid">
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span>{f.label}</span>
            <span className="input-unit">
              <input
                type="number"
                step={f.step}
                min={0}
                value={draft[f.key] ?? String(data[f.key])}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              />
              <span className="muted">{f.unit}</span>
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
        <h2 id="secrets-title">Integration secrets</h2>
        <span className="muted small">Sealed in the vault; never shown again once saved.</span>
      </div>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      <ul className="secrets">
        {(data ?? []).map((s) => (
          <li key={s.name}>
            <div>
              <strong>{SECRET_LABEL[s.name]}</strong>
              <p className="muted small">
                {s.isSet ? (
                  <>
                    Stored, updated <RelativeTime iso={s.updatedAt} />
                  </>
                ) : (
                  'Not set'
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
                  aria-label={SECRET_LABEL[s.name]}
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                />
                <button type="submit" className="button primary small" disabled={value.length === 0}>
                  Seal
                </button>
                <button type="button" className="button small" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <div className="inline-form">
                <button type="button" className="button small" onClick={() => setEditing(s.name)}>
                  {s.isSet ? 'Replace' : 'Set'}
                </button>
                {s.isSet ? (
                  <button type="button" className="button small danger" onClick={() => setWiping(s.name)}>
                    Wipe…
                  </button>
                ) : null}
              </div>
            )}
            {wiping === s.name ? (
              <ConfirmBox label={`Wipe ${SECRET_LABEL[s.name]}?`} onCancel={() => setWiping(null)}>
                <p>
                  Wipe the {SECRET_LABEL[s.name]}? It is erased from the vault at once, and whatever uses it stops
                  working until a new one is set
                  {s.name === 'customer-service-api-key' ? ': re-syncs to the Customer Service are refused' : ''}.
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
                    Wipe it
                  </button>
                  <button type="button" className="button small" onClick={() => setWiping(null)} data-autofocus>
                    Keep it
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

/** Alerts and background running: desktop notifications, start at login, a test alert. */
/** Light, dark, or whatever the OS says; applied at once (App.tsx reads the setting). */
function AppearanceCard() {
  const { data, load } = useSettings();
  const [problem, setProblem] = useState<string | null>(null);
  if (!data) return null;
  const choose = async (theme: Settings['theme']) => {
    setProblem(null);
    try {
      await call('settings:update', { theme });
      await load();
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="appearance-title">
      <div className="panel-head">
        <h2 id="appearance-title">Appearance</h2>
      </div>
      {problem ? <ErrorBanner message={problem} /> : null}
      <label className="field">
        <span>Theme</span>
        <select value={data.theme} onChange={(e) => void choose(e.target.value as Settings['theme'])}>
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
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
        `Desktop: ${r.desktop ? 'sent' : 'off'} · Slack: ${r.slack === 'sent' ? 'sent' : r.slack === 'not_configured' ? 'no webhook set' : 'failed (see Incidents)'}`,
      );
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <div className="panel-head">
        <h2 id="alerts-title">Alerts and keep-alive</h2>
        <button type="button" className="button small" onClick={() => void test()}>
          Send a test alert
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
        Desktop notification when an account's expiry level changes, fails, or recovers
      </label>
      <label className="check-row">
        <input
          type="checkbox"
          checked={data.startAtLogin}
          onChange={(e) => void toggle('startAtLogin', e.target.checked)}
        />
        Start Gatehouse at login, minimised to the tray, so no account lapses while you are away
      </label>
      <p className="muted small">
        Slack:{' '}
        {slackSet
          ? 'alerts also go to the incoming webhook set below.'
          : 'set an incoming webhook URL below to get alerts in a channel.'}{' '}
        When the app is closed, schedule <code>gatehouse tokens refresh --due</code> (see the README).
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

/** Where a re-sync goes: the Customer Service URL and credential, and the enrolled stores. */
function ResyncTargetsCard() {
  const { data, load } = useSettings();
  // The enrolled accounts each picker offers, by name (the core filters them).
  const byProvider = {
    oidc: useAccountsWhere({ provider: 'oidc', sort: 'label' }),
    bigcommerce: useAccountsWhere({ provider: 'bigcommerce', sort: 'label' }),
    cafe24: useAccountsWhere({ provider: 'cafe24', sort: 'label' }),
  };
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
  const of = (provider: keyof typeof byProvider) => byProvider[provider] ?? [];
  const choose = (
    key: 'customerServiceIdentityAccountId' | 'resyncBigcommerceAccountId' | 'resyncCafe24AccountId',
    provider: keyof typeof byProvider,
    label: string,
  ) => (
    <label className="field">
      <span>{label}</span>
      <select value={value(key)} onChange={(e) => set(key, e.target.value)}>
        <option value="">— none —</option>
        {of(provider).map((a) => (
          <option key={a.id} value={a.id}>
            {a.label} ({a.id})
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="panel" aria-labelledby="resync-title">
      <div className="panel-head">
        <h2 id="resync-title">Re-sync targets</h2>
        <button
          type="button"
          className="button primary small"
          disabled={Object.keys(draft).length === 0}
          onClick={() => void save()}
        >
          Save
        </button>
      </div>
      {problem ? <ErrorBanner message={problem} /> : null}
      {saved ? (
        <p className="ok-text small" role="status">
          Saved.
        </p>
      ) : null}
      <div className="form-grid">
        <label className="field">
          <span>Customer Service URL</span>
          <input
            type="url"
            placeholder="https://customer-service.example.com"
            value={value('customerServiceUrl')}
            onChange={(e) => set('customerServiceUrl', e.target.value.trim())}
          />
        </label>
        <label className="field">
          <span>Customer Service credential</span>
          <select
            value={value('customerServiceAuth')}
            onChange={(e) => set('customerServiceAuth', e.target.value as TargetSettings['customerServiceAuth'])}
          >
            <option value="api-key">The API key sealed below</option>
            <option value="identity-provider">An identity-provider account’s token</option>
          </select>
        </label>
        {value('customerServiceAuth') === 'identity-provider'
          ? choose('customerServiceIdentityAccountId', 'oidc', 'Identity-provider account')
          : null}
        {choose('resyncBigcommerceAccountId', 'bigcommerce', 'BigCommerce store (customer get-or-create)')}
        {choose('resyncCafe24AccountId', 'cafe24', 'Cafe24 mall (customer lookup)')}
      </div>
    </section>
  );
}
