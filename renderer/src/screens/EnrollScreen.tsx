import { useState } from 'react';
import type { Provider } from '../../../shared/domain';
import { call, ClientError, messageOf } from '../api/client';
import { ErrorBanner, PageHeader } from '../components/ui';
import { YamlImport } from '../components/YamlImport';
import { useAccountsView } from '../stores/accountsView';

interface Field {
  key: string;
  label: string;
  placeholder?: string;
  secret?: boolean;
  optional?: boolean;
  help?: string;
}

const PROVIDERS: { id: Provider; name: string; how: string; fields: Field[] }[] = [
  {
    id: 'microsoft',
    name: 'Microsoft 365',
    how: 'Sign in through the system browser (loopback redirect, PKCE). Register http://localhost under “Mobile and desktop applications”.',
    fields: [
      { key: 'label', label: 'Mailbox', placeholder: 'user@contoso.com' },
      { key: 'tenant', label: 'Tenant', placeholder: 'contoso.onmicrosoft.com or tenant GUID' },
      { key: 'clientId', label: 'Application (client) id' },
      {
        key: 'redirectUri',
        label: 'Registered redirect',
        placeholder: 'http://localhost:5000/auth/callback',
        optional: true,
        help: 'Leave empty to use http://127.0.0.1 with a free port.',
      },
    ],
  },
  {
    id: 'google',
    name: 'Gmail',
    how: 'Sign in through the system browser on 127.0.0.1 (PKCE). Apps in “Testing” get 7-day refresh tokens.',
    fields: [
      { key: 'label', label: 'Mailbox', placeholder: 'user@example.com' },
      { key: 'clientId', label: 'OAuth client id (Desktop app)' },
      { key: 'clientSecret', label: 'Client secret', secret: true, optional: true },
    ],
  },
  {
    id: 'cafe24',
    name: 'Cafe24',
    how: 'Sign in for a mall on the redirect registered in the Cafe24 Developer Center.',
    fields: [
      { key: 'label', label: 'Store name' },
      { key: 'mallId', label: 'Mall id', placeholder: 'mymall' },
      { key: 'clientId', label: 'Client id' },
      { key: 'clientSecret', label: 'Client secret', secret: true },
      {
        key: 'redirectUri',
        label: 'Registered redirect',
        placeholder: 'http://localhost:5000/auth/callback',
        optional: true,
      },
      {
        key: 'relayUrl',
        label: 'Relay page',
        placeholder: 'https://it.example.com/gatehouse/relay.html',
        optional: true,
        help: 'Instead of a loopback redirect, for providers that accept only https (see the README).',
      },
    ],
  },
  {
    id: 'bigcommerce',
    name: 'BigCommerce',
    how: 'Paste the store hash and the access token of a store-level API account; it is checked against the store, then sealed.',
    fields: [
      { key: 'label', label: 'Store name' },
      {
        key: 'storeHash',
        label: 'Store hash',
        placeholder: 'abc123',
        help: 'From the API path: https://api.bigcommerce.com/stores/{store hash}/v3/',
      },
      { key: 'apiToken', label: 'Access token', secret: true },
    ],
  },
  {
    id: 'oidc',
    name: 'OpenID provider',
    how: 'Any issuer with discovery, such as your organisation’s identity provider.',
    fields: [
      { key: 'label', label: 'Account', placeholder: 'operator@example.com' },
      { key: 'issuer', label: 'Issuer URL', placeholder: 'https://login.example.com' },
      { key: 'clientId', label: 'Client id' },
      { key: 'clientSecret', label: 'Client secret', secret: true, optional: true },
    ],
  },
];

/** Enroll: pick a provider, fill in what it needs, then sign in (or, for BigCommerce, done). */
export function EnrollScreen({ onSignInStarted }: { onSignInStarted: () => void }) {
  const [provider, setProvider] = useState<Provider | null>(null);
  const chosen = PROVIDERS.find((p) => p.id === provider) ?? null;
  return (
    <div className="screen">
      <PageHeader
        title="Enroll"
        subtitle="Add a mailbox or store account. Sign-ins run in your system browser and return to this computer."
      />
      <ul className="cards" aria-label="Providers">
        {PROVIDERS.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className={`card card-button${p.id === provider ? ' selected' : ''}`}
              aria-pressed={p.id === provider}
              onClick={() => setProvider(p.id)}
            >
              <h3>{p.name}</h3>
              <p>{p.how}</p>
            </button>
          </li>
        ))}
      </ul>
      {chosen ? <EnrollForm key={chosen.id} provider={chosen} onSignInStarted={onSignInStarted} /> : null}
      <YamlImport onImported={() => void useAccountsView.getState().reload()} />
    </div>
  );
}

function EnrollForm({
  provider,
  onSignInStarted,
}: {
  provider: (typeof PROVIDERS)[number];
  onSignInStarted: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<{ id: string; label: string } | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const input: Record<string, string> = { provider: provider.id };
      for (const f of provider.fields) if (values[f.key]?.trim()) input[f.key] = values[f.key]!.trim();
      const account = await call('accounts:add', input as never);
      setValues({});
      if (provider.id === 'bigcommerce') {
        setAdded({ id: account.id, label: account.label });
        return;
      }
      await call('sessions:start', { accountId: account.id, openBrowser: true });
      onSignInStarted();
    } catch (e) {
      // Field problems go beside their fields; anything else above the form.
      const fields = e instanceof ClientError ? (e.error.fields ?? []) : [];
      const known = fields.filter((f) => provider.fields.some((pf) => pf.key === f.field));
      if (known.length > 0 && known.length === fields.length)
        setFieldErrors(Object.fromEntries(known.map((f) => [f.field, f.message])));
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="enroll-form-title">
      <div className="panel-head">
        <h2 id="enroll-form-title">New {provider.name} account</h2>
      </div>
      {error ? <ErrorBanner message={error} /> : null}
      {added ? (
        <p className="banner banner-ok" role="status">
          ✔ {added.label} is connected ({added.id}).
        </p>
      ) : null}
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {provider.fields.map((f) => (
          <label key={f.key} className="field">
            <span>
              {f.label}
              {f.optional ? <span className="muted"> (optional)</span> : null}
            </span>
            <input
              type={f.secret ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              placeholder={f.placeholder}
              value={values[f.key] ?? ''}
              onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              aria-required={!f.optional}
              aria-invalid={fieldErrors[f.key] ? true : undefined}
              aria-describedby={fieldErrors[f.key] ? `${f.key}-problem` : undefined}
            />
            {fieldErrors[f.key] ? (
              <span id={`${f.key}-problem`} className="error-text small">
                {f.label} {fieldErrors[f.key]}.
              </span>
            ) : null}
            {f.help ? <span className="muted small">{f.help}</span> : null}
          </label>
        ))}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Working…' : provider.id === 'bigcommerce' ? 'Check and add' : 'Add and sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}
