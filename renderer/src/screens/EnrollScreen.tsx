import { useState } from 'react';
import type { Provider } from '../../../shared/domain';
import { call, ClientError, fieldMessage, messageOf } from '../api/client';
import { ErrorBanner, PageHeader } from '../components/ui';
import { RoleGate } from '../components/RoleGate';
import { YamlImport } from '../components/YamlImport';
import { t } from '../i18n';
import { useAccountsView } from '../stores/accountsView';

interface Field {
  key: string;
  /** The field's name: a key of `enroll.field`. */
  label: FieldName;
  placeholder?: string;
  secret?: boolean;
  optional?: boolean;
  /** A hint under the field: a key of `enroll.help`. */
  help?: HelpName;
}

type FieldName =
  | 'mailbox'
  | 'tenant'
  | 'appClientId'
  | 'redirect'
  | 'desktopClientId'
  | 'clientSecret'
  | 'storeName'
  | 'mallId'
  | 'clientId'
  | 'relay'
  | 'storeHash'
  | 'accessToken'
  | 'account'
  | 'issuer';
type HelpName = 'redirectEmpty' | 'relay' | 'storeHash';

/** Each provider's card; `name` is a product name, or null for a generic one the catalogue says. */
const PROVIDERS: { id: Provider; name: string | null; fields: Field[] }[] = [
  {
    id: 'microsoft',
    name: 'Microsoft 365',
    fields: [
      { key: 'label', label: 'mailbox', placeholder: 'user@contoso.com' },
      { key: 'tenant', label: 'tenant', placeholder: 'contoso.onmicrosoft.com / GUID' },
      { key: 'clientId', label: 'appClientId' },
      {
        key: 'redirectUri',
        label: 'redirect',
        placeholder: 'http://localhost:5000/auth/callback',
        optional: true,
        help: 'redirectEmpty',
      },
    ],
  },
  {
    id: 'google',
    name: 'Gmail',
    fields: [
      { key: 'label', label: 'mailbox', placeholder: 'user@example.com' },
      { key: 'clientId', label: 'desktopClientId' },
      { key: 'clientSecret', label: 'clientSecret', secret: true, optional: true },
    ],
  },
  {
    id: 'cafe24',
    name: 'Cafe24',
    fields: [
      { key: 'label', label: 'storeName' },
      { key: 'mallId', label: 'mallId', placeholder: 'mymall' },
      { key: 'clientId', label: 'clientId' },
      { key: 'clientSecret', label: 'clientSecret', secret: true },
      {
        key: 'redirectUri',
        label: 'redirect',
        placeholder: 'http://localhost:5000/auth/callback',
        optional: true,
      },
      {
        key: 'relayUrl',
        label: 'relay',
        placeholder: 'https://it.example.com/gatehouse/relay.html',
        optional: true,
        help: 'relay',
      },
    ],
  },
  {
    id: 'bigcommerce',
    name: 'BigCommerce',
    fields: [
      { key: 'label', label: 'storeName' },
      { key: 'storeHash', label: 'storeHash', placeholder: 'abc123', help: 'storeHash' },
      { key: 'apiToken', label: 'accessToken', secret: true },
    ],
  },
  {
    id: 'oidc',
    name: null,
    fields: [
      { key: 'label', label: 'account', placeholder: 'operator@example.com' },
      { key: 'issuer', label: 'issuer', placeholder: 'https://login.example.com' },
      { key: 'clientId', label: 'clientId' },
      { key: 'clientSecret', label: 'clientSecret', secret: true, optional: true },
    ],
  },
];

/** Enroll: pick a provider, fill in what it needs, then sign in (or, for BigCommerce, done). */
export function EnrollScreen({ onSignInStarted }: { onSignInStarted: () => void }) {
  const [provider, setProvider] = useState<Provider | null>(null);
  const chosen = PROVIDERS.find((p) => p.id === provider) ?? null;
  return (
    <div className="screen">
      <PageHeader title={t('nav.enroll')} subtitle={t('enroll.subtitle')} />
      <RoleGate channel="accounts:add">
        <ul className="cards" aria-label={t('enroll.providers')}>
          {PROVIDERS.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={`card card-button${p.id === provider ? ' selected' : ''}`}
                aria-pressed={p.id === provider}
                onClick={() => setProvider(p.id)}
              >
                <h3>{p.name ?? t('enroll.oidcName')}</h3>
                <p>{t(`enroll.how.${p.id}`)}</p>
              </button>
            </li>
          ))}
        </ul>
        {chosen ? <EnrollForm key={chosen.id} provider={chosen} onSignInStarted={onSignInStarted} /> : null}
        <YamlImport onImported={() => void useAccountsView.getState().reload()} />
      </RoleGate>
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
        setFieldErrors(Object.fromEntries(known.map((f) => [f.field, fieldMessage(f)])));
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="enroll-form-title">
      <div className="panel-head">
        <h2 id="enroll-form-title">{t('enroll.newAccount', { provider: provider.name ?? t('enroll.oidcName') })}</h2>
      </div>
      {error ? <ErrorBanner message={error} /> : null}
      {added ? (
        <p className="banner banner-ok" role="status">
          ✔ {t('enroll.connected', { label: added.label, id: added.id })}
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
              {t(`enroll.field.${f.label}`)}
              {f.optional ? <span className="muted"> {t('enroll.optional')}</span> : null}
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
                {t('enroll.fieldProblem', { field: t(`enroll.field.${f.label}`), problem: fieldErrors[f.key] })}
              </span>
            ) : null}
            {f.help ? <span className="muted small">{t(`enroll.help.${f.help}`)}</span> : null}
          </label>
        ))}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy
              ? t('common.working')
              : provider.id === 'bigcommerce'
                ? t('enroll.checkAndAdd')
                : t('enroll.addAndSignIn')}
          </button>
        </div>
      </form>
    </section>
  );
}
