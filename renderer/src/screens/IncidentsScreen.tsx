import type { Incident } from '../../../shared/domain';
import { incidentSeverity } from '../../../shared/levels';
import { EmptyState, ErrorBanner, formatNumber, Loading, OlderPages, PageHeader, RelativeTime } from '../components/ui';
import { spoken, t } from '../i18n';
import { useIncidents } from '../stores/stores';
import { PROVIDER_LABEL } from './AccountsScreen';

interface Group {
  accountId: string | null;
  label: string;
  incidents: Incident[];
  severity: 'fail' | 'warn';
}

/** Incidents by account, the account with the latest one first (they arrive newest first). */
function groupByAccount(incidents: readonly Incident[]): Group[] {
  const groups = new Map<string, Group>();
  for (const i of incidents) {
    const key = i.accountId ?? '';
    let g = groups.get(key);
    if (!g) {
      g = {
        accountId: i.accountId,
        label: i.accountLabel ?? t('incidents.gatehouse'),
        incidents: [],
        severity: 'warn',
      };
      groups.set(key, g);
    }
    g.incidents.push(i);
    if (incidentSeverity(i.errorCode) === 'fail') g.severity = 'fail';
  }
  return [...groups.values()];
}

/** Every failure Gatehouse saw, by account: when, the provider's code, and what was done. */
export function IncidentsScreen() {
  const view = useIncidents();
  const { status, error, entries: incidents } = view;
  const groups = groupByAccount(incidents);
  return (
    <div className="screen">
      <PageHeader title={t('nav.incidents')} subtitle={t('incidents.subtitle')} />
      {error ? <ErrorBanner message={error} onRetry={() => void view.reload()} /> : null}
      {status === 'loading' || status === 'idle' ? <Loading label={t('incidents.loading')} /> : null}
      {status === 'ready' && incidents.length === 0 ? (
        <EmptyState icon="✔" title={t('incidents.emptyTitle')}>
          <p>{t('incidents.emptyBody')}</p>
          <p className="muted">
            {t('common.fromTerminal')} <code>gatehouse incidents list</code>
          </p>
        </EmptyState>
      ) : null}
      {groups.map((g) => (
        <section
          key={g.accountId ?? 'gatehouse'}
          className={`panel incident-group incident-${g.severity}`}
          aria-labelledby={`incidents-${g.accountId ?? 'gatehouse'}`}
        >
          <div className="panel-head">
            <h2 id={`incidents-${g.accountId ?? 'gatehouse'}`}>
              <span aria-hidden="true">{g.severity === 'fail' ? '✖' : '▲'}</span> {g.label}{' '}
              <span className="muted small">
                {g.severity === 'fail' ? t('incidents.needsSomeone') : t('incidents.coping')} ·{' '}
                {t('incidents.count', { count: g.incidents.length })} · {t('incidents.latest')}{' '}
                <RelativeTime iso={g.incidents[0]?.at ?? null} />
              </span>
            </h2>
            {g.accountId ? (
              <a className="button small" href={`#/accounts/${encodeURIComponent(g.accountId)}`}>
                {t('incidents.openAccount')}
              </a>
            ) : null}
          </div>
          <table className="simple-table" aria-label={t('incidents.of', { label: g.label })}>
            <thead>
              <tr>
                <th>{t('incidents.when')}</th>
                <th>{t('incidents.code')}</th>
                <th>{t('incidents.what')}</th>
                <th>{t('incidents.done')}</th>
              </tr>
            </thead>
            <tbody>
              {g.incidents.map((i) => (
                <tr key={i.id} data-incident={i.id}>
                  <td>
                    <RelativeTime iso={i.at} />
                    {i.provider ? <div className="muted small">{PROVIDER_LABEL[i.provider]}</div> : null}
                  </td>
                  <td>
                    <code>{i.errorCode}</code>
                  </td>
                  <td>{spoken(i.message, i.say?.message)}</td>
                  <td className="muted">{spoken(i.action, i.say?.action ?? undefined)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {incidents.length > 0 ? (
        <OlderPages
          view={view}
          shown={t('incidents.shown', { count: incidents.length, shown: formatNumber(incidents.length) })}
          loadLabel={t('incidents.loadOlder')}
          allLabel={t('incidents.allShown')}
        />
      ) : null}
    </div>
  );
}
