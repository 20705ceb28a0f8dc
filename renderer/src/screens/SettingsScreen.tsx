import { useId, useState } from 'react';
import type { Provider, Settings, SettingSecret, StoreConnect, StoreMove } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import { ConfirmBox, ErrorBanner, Loading, PageHeader, RelativeTime, StatusPill } from '../components/ui';
import { useAccountsWhere, WHERE_LIMIT } from '../stores/accountsView';
import { PROVIDER_LABEL } from './AccountsScreen';
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
      {done && 'moved' in done ? (
        <p className="banner banner-ok" role="status">
          Moved and verified: {rows(done.moved)} rows in {done.moved.tables.length} tables now in {done.moved.to}.
          Restart Gatehouse to use it; {done.moved.from} was left as it was and takes no more changes.
        </p>
      ) : done && 'joined' in done ? (
        <p className="banner banner-ok" role="status">
          {done.joined.to === 'sqlite'
            ? `This computer uses its own file again from the next start (${done.joined.accounts ?? 0} accounts there); the shared database keeps everything it has.`
            : `Joined ${done.joined.to} (${done.joined.accounts ?? 0} accounts)${done.joined.passwordKept ? '; the password is kept in your OS keychain' : ''}. Restart Gatehouse to use it.${done.joined.leftBehind ? ` The ${done.joined.leftBehind} accounts of this computer's file stay there, not merged.` : ''}`}
        </p>
      ) : data ? (
        <div className="store-move">
          {onPostgres ? (
            <p className="muted">
              Move everything back into a new SQLite file in this data folder (an older file there is kept aside), or
              leave the shared database and use this computer&apos;s own file again as it was. CLI:{' '}
              <code>gatehouse store move --to sqlite</code>, <code>gatehouse store connect sqlite</code>.
            </p>
          ) : (
            <>
              <fieldset className="choice">
                <legend>A team shares one console on the organisation&apos;s PostgreSQL</legend>
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
                  Move this computer&apos;s data into an empty database (the first of the team)
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
                  Join a database a teammate already moved Gatehouse into
                </label>
              </fieldset>
              <p className="muted">
                {mode === 'move'
                  ? 'Everything here is copied and checked table by table; this file is left as it was. CLI: '
                  : 'Nothing is copied: this computer uses the shared data from its next start. CLI: '}
                <code>{mode === 'move' ? 'gatehouse store move --to URL' : 'gatehouse store connect URL'}</code>.
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
                    edited();
                  }}
                />
                <span id="store-url-hint" className="muted small">
                  Another machine needs <code>sslmode=verify-full</code>. No password in the URL.
                </span>
              </label>
              <label className="field">
                <span>Password (kept in your OS keychain, never in a file)</span>
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
          {probe ? (
            <dl className="facts" aria-label="Connection test">
              <dt>Server</dt>
              <dd>PostgreSQL {probe.serverVersion}</dd>
              <dt>Encryption</dt>
              <dd>{probe.tls ? 'TLS' : 'None (this computer only)'}</dd>
              <dt>Gatehouse data</dt>
              <dd>
                {probe.schema === 0
                  ? 'None yet: move this computer’s data there instead'
                  : `Schema ${probe.schema}, ${probe.accounts ?? 0} accounts`}
              </dd>
              <dt>Round trip</dt>
              <dd>{probe.latencyMs?.toFixed(1)} ms</dd>
            </dl>
          ) : null}
          <div className="inline-form">
            <button
              type="button"
              className="button small"
              disabled={!target || busy !== null}
              onClick={() => void check()}
            >
              {busy === 'check' ? 'Checking…' : mode === 'join' && !onPostgres ? 'Test connection' : 'Check (dry run)'}
            </button>
            <button
              type="button"
              className="button primary small"
              disabled={!target || busy !== null}
              onClick={() => setConfirming(mode === 'join' && !onPostgres ? 'join' : 'move')}
            >
              {onPostgres ? 'Move back to this computer…' : mode === 'join' ? 'Join…' : 'Move to PostgreSQL…'}
            </button>
            {onPostgres ? (
              <button
                type="button"
                className="button small"
                disabled={busy !== null}
                onClick={() => setConfirming('local')}
              >
                Use this computer&apos;s own file…
              </button>
            ) : null}
          </div>
          {confirming ? (
            <ConfirmBox
              onCancel={() => setConfirming(null)}
              label={confirming === 'move' ? 'Move the data?' : 'Change where this computer keeps its data?'}
            >
              <p>
                {confirming === 'move'
                  ? `Copy everything to ${onPostgres ? 'a new SQLite file in this data folder' : target} and use it from the next start? The current store is left as it was and takes no more changes.`
                  : confirming === 'join'
                    ? `Use ${target} from the next start? Nothing is copied; what this computer's file holds stays there.`
                    : "Use this computer's own SQLite file again from the next start? The shared database keeps everything it has."}
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
                    ? 'Moving…'
                    : busy === 'join'
                      ? 'Switching…'
                      : confirming === 'move'
                        ? 'Move it'
                        : 'Switch'}
                </button>
                <button type="button" className="button small" onClick={() => setConfirming(null)} data-autofocus>
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
          <option value="">— none —</option>
          {options.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label} ({a.id})
            </option>
          ))}
        </select>
        <input
          type="search"
          value={search}
          placeholder="Type to narrow"
          aria-label={`Find a ${PROVIDER_LABEL[provider]} account`}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {rows.length >= WHERE_LIMIT ? (
        <span className="muted small">
          The first {WHERE_LIMIT.toLocaleString()} by name are listed: type to narrow.
        </span>
      ) : text && rows.length === 0 ? (
        <span className="muted small">
          No {label.toLowerCase()} matches “{text}”.
        </span>
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
