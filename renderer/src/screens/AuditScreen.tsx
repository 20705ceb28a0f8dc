import { EmptyState, ErrorBanner, Loading, PageHeader, RelativeTime, StatusPill } from '../components/ui';
import { useAudit, useAuditChain } from '../stores/stores';

/** Audit: who did what, newest first, and whether the hash chain is intact. */
export function AuditScreen() {
  const { status, data, error, load } = useAudit();
  const chain = useAuditChain();
  return (
    <div className="screen">
      <PageHeader
        title="Audit"
        subtitle="Every change, by whom, and its outcome. Append-only and hash-chained."
        actions={
          chain.data ? (
            chain.data.ok ? (
              <StatusPill
                status="ok"
                label={`Chain intact · ${chain.data.entries} ${chain.data.entries === 1 ? 'entry' : 'entries'}`}
              />
            ) : (
              <StatusPill status="fail" label={`Chain broken at #${chain.data.brokenAtSeq}`} />
            )
          ) : null
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {status === 'loading' || status === 'idle' ? <Loading label="Loading the audit log…" /> : null}
      {status === 'ready' && data?.length === 0 ? (
        <EmptyState icon="☰" title="Nothing recorded yet">
          <p>
            Enrolments, removals, re-syncs, key rotations and settings changes are recorded here, with who made them and
            whether they worked. Secrets never are.
          </p>
        </EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <table className="simple-table" aria-label="Audit log">
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {data.map((e) => (
              <tr key={e.seq}>
                <td className="muted">{e.seq}</td>
                <td>
                  <RelativeTime iso={e.at} />
                </td>
                <td>
                  {e.actor} <span className="muted">({e.role})</span>
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.target ?? '—'}</td>
                <td>
                  <StatusPill
                    status={e.outcome === 'ok' ? 'ok' : 'fail'}
                    label={e.detail ? `${e.outcome} · ${e.detail}` : e.outcome}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
