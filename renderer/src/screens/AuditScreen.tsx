import { EmptyState, ErrorBanner, Loading, PageHeader, RelativeTime, StatusPill } from '../components/ui';
import { t } from '../i18n';
import { useAudit, useAuditChain } from '../stores/stores';

/** Audit: who did what, newest first, and whether the hash chain is intact. */
export function AuditScreen() {
  const { status, data, error, load } = useAudit();
  const chain = useAuditChain();
  return (
    <div className="screen">
      <PageHeader
        title={t('nav.audit')}
        subtitle={t('audit.subtitle')}
        actions={
          chain.data ? (
            chain.data.ok ? (
              <StatusPill status="ok" label={t('audit.intact', { count: chain.data.entries })} />
            ) : (
              <StatusPill status="fail" label={t('audit.broken', { seq: chain.data.brokenAtSeq })} />
            )
          ) : null
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {status === 'loading' || status === 'idle' ? <Loading label={t('audit.loading')} /> : null}
      {status === 'ready' && data?.length === 0 ? (
        <EmptyState icon="☰" title={t('audit.emptyTitle')}>
          <p>{t('audit.emptyBody')}</p>
        </EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <table className="simple-table" aria-label={t('audit.log')}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('incidents.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.target')}</th>
              <th>{t('audit.outcome')}</th>
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
                  {e.actor} <span className="muted">({t(`roles.${e.role}`)})</span>
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.target ?? '—'}</td>
                <td>
                  <StatusPill
                    status={e.outcome === 'ok' ? 'ok' : 'fail'}
                    label={
                      e.detail ? `${t(`audit.result.${e.outcome}`)} · ${e.detail}` : t(`audit.result.${e.outcome}`)
                    }
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
