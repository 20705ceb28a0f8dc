import { EmptyState, PageHeader } from '../components/ui';

const PROVIDERS = [
  {
    name: 'Microsoft 365',
    how: 'Sign in through the system browser (loopback redirect, PKCE). Needs the tenant and the app’s client id.',
  },
  {
    name: 'Gmail',
    how: 'Sign in through the system browser on 127.0.0.1 (PKCE). Apps in “Testing” get 7-day refresh tokens.',
  },
  { name: 'Cafe24', how: 'Sign in for a mall id, on the registered fixed redirect or the https relay page.' },
  {
    name: 'BigCommerce',
    how: 'Paste the store hash and a store-level API token; it is checked against the store, then sealed.',
  },
  { name: 'OpenID provider', how: 'Any issuer with discovery; also the operator’s own identity provider.' },
];

/** Enroll: the providers Gatehouse signs in to, and what each needs. */
export function EnrollScreen() {
  return (
    <div className="screen">
      <PageHeader title="Enroll" subtitle="Add a mailbox or store account, or import enrollment YAML" />
      <EmptyState icon="+" title="Choose what to enrol">
        <p>
          Each provider is enrolled its own way. The sign-in runs in your system browser and returns to Gatehouse on
          this computer; tokens are sealed under a key in the OS keychain.
        </p>
      </EmptyState>
      <ul className="cards">
        {PROVIDERS.map((p) => (
          <li key={p.name} className="card">
            <h3>{p.name}</h3>
            <p>{p.how}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Sessions: sign-ins in flight, live. */
export function SessionsScreen() {
  return (
    <div className="screen">
      <PageHeader title="Sessions" subtitle="Sign-ins in flight, live" />
      <EmptyState icon="⇄" title="No sign-ins in flight">
        <p>
          When you enrol or re-authorize an account, its sign-in appears here with the time left, the current step, and
          Cancel, Retry and Copy URL.
        </p>
        <p className="muted">
          From a terminal: <code>gatehouse sessions list</code>
        </p>
      </EmptyState>
    </div>
  );
}

/** Re-sync: force a customer re-sync for one user or a list. */
export function ResyncScreen() {
  return (
    <div className="screen">
      <PageHeader title="Re-sync" subtitle="Force a customer re-sync for one user, or for a list of users" />
      <EmptyState icon="↻" title="No re-sync targets yet">
        <p>
          Re-sync tells the Customer Service and your BigCommerce and Cafe24 stores about one user and shows each result
          at once. Configure the Customer Service in Settings and enrol a store to start.
        </p>
      </EmptyState>
    </div>
  );
}
