import { EmptyState, ErrorBanner, Loading, PageHeader, RelativeTime } from '../components/ui';
import { useIncidents } from '../stores/stores';
import { PROVIDER_LABEL } from './AccountsScreen';

/** Every failure Gatehouse saw: when, which account, the provider's code, and what was done. */
export function IncidentsScreen() {
  const { status, data, error, load } = useIncidents();
  const incidents = data ?? [];
  return (
    <div className="screen">
      <PageHeader
        title="Incidents"
        subtitle="Every failure, with the provider's code and what Gatehouse did about it"
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {status === 'loading' || status === 'idle' ? <Loading label="Loading incidents…" /> : null}
      {status === 'ready' && incidents.length === 0 ? (
        <EmptyState icon="✔" title="No incidents">
          <p>Refresh failures, provider outages, expiring tokens and failed alerts appear here as they happen.</p>
          <p className="muted">
            From a terminal: <code>gatehouse incidents list</code>
          </p>
        </EmptyState>
      ) : null}
      {incidents.length > 0 ? (
        <table className="simple-table" aria-label="Incidents">
          <thead>
            <tr>
              <th>When</th>
              <th>Account</th>
              <th>Code</th>
              <th>What happened</th>
              <th>What was done</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id} data-incident={i.id}>
                <td>
                  <RelativeTime iso={i.at} />
                </td>
                <td>
                  {i.accountLabel ?? '—'}
                  {i.provider ? <div className="muted small">{PROVIDER_LABEL[i.provider]}</div> : null}
                </td>
                <td>
                  <code>{i.errorCode}</code>
                </td>
                <td>{i.message}</td>
                <td className="muted">{i.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
