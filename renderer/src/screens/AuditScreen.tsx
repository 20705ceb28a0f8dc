import { useEffect, useState } from 'react';
import type { AuditFilter } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import {
  EmptyState,
  ErrorBanner,
  Loading,
  OlderPages,
  PageHeader,
  RelativeTime,
  StatusPill,
  formatNumber,
} from '../components/ui';
import { spoken, t } from '../i18n';
import { useAuditView } from '../stores/auditView';
import { useAuditActions, useAuditChain } from '../stores/stores';

const NO_ACTIONS: string[] = [];

/** A day picked in the local calendar, as the instant it starts (or the next day's start, for "until"). */
function dayStart(date: string, next = false): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** Saves text as a file through the browser's download (Electron asks where). */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Audit: who did what, on which device, filtered and paged through all of it; export; chain check. */
export function AuditScreen() {
  const view = useAuditView();
  const actions = useAuditActions((st) => st.data ?? NO_ACTIONS);
  const chain = useAuditChain();
  const [text, setText] = useState({ actor: view.filter.actor ?? '', target: view.filter.target ?? '' });
  const [days, setDays] = useState({ from: '', to: '' });
  const [exported, setExported] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  // Typing narrows the log a moment after the last key, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((view.filter.actor ?? '') !== text.actor || (view.filter.target ?? '') !== text.target)
        view.setFilter({ actor: text.actor, target: text.target });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text.actor, text.target]);

  const exportAs = async (format: 'csv' | 'jsonl') => {
    setExported(null);
    setExportError(null);
    try {
      const out = await call('audit:export', { format, ...view.filter });
      const stamp = new Date().toISOString().slice(0, 10);
      download(
        `gatehouse-audit-${stamp}.${format === 'csv' ? 'csv' : 'jsonl'}`,
        out.text,
        format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      );
      setExported(t('audit.exported', { count: out.entries }));
    } catch (error) {
      setExportError(messageOf(error));
    }
  };

  const filtered = Object.keys(view.filter).length > 0;
  const entries = view.entries;
  return (
    <div className="screen">
      <PageHeader
        title={t('nav.audit')}
        subtitle={t('audit.subtitle')}
        actions={
          chain.data ? (
            <span title={spoken('', chain.data.say)}>
              {chain.data.ok ? (
                <StatusPill
                  status={chain.data.unsigned > 0 ? 'warn' : 'ok'}
                  label={t('audit.intact', { count: chain.data.entries })}
                />
              ) : (
                <StatusPill status="fail" label={t('audit.broken', { seq: chain.data.brokenAtSeq })} />
              )}
            </span>
          ) : null
        }
      />
      {chain.data && !chain.data.ok ? (
        <div className="banner banner-error" role="alert">
          <span className="banner-text">
            {spoken(t('audit.broken', { seq: chain.data.brokenAtSeq }), chain.data.say)}
          </span>
        </div>
      ) : null}
      <div className="toolbar audit-filters" role="search" aria-label={t('audit.filters')}>
        <label className="field">
          <span>{t('audit.who')}</span>
          <input
            type="search"
            value={text.actor}
            placeholder={t('audit.whoHint')}
            onChange={(e) => setText({ ...text, actor: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('audit.action')}</span>
          <select value={view.filter.action ?? ''} onChange={(e) => view.setFilter({ action: e.target.value })}>
            <option value="">{t('audit.any')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.target')}</span>
          <input
            type="search"
            value={text.target}
            placeholder={t('audit.targetHint')}
            onChange={(e) => setText({ ...text, target: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('audit.outcome')}</span>
          <select
            value={view.filter.outcome ?? ''}
            onChange={(e) => view.setFilter({ outcome: (e.target.value || undefined) as AuditFilter['outcome'] })}
          >
            <option value="">{t('audit.any')}</option>
            <option value="ok">{t('audit.result.ok')}</option>
            <option value="error">{t('audit.result.error')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('audit.from')}</span>
          <input
            type="date"
            value={days.from}
            onChange={(e) => {
              setDays({ ...days, from: e.target.value });
              view.setFilter({ from: dayStart(e.target.value) });
            }}
          />
        </label>
        <label className="field">
          <span>{t('audit.until')}</span>
          <input
            type="date"
            value={days.to}
            onChange={(e) => {
              setDays({ ...days, to: e.target.value });
              view.setFilter({ to: dayStart(e.target.value, true) });
            }}
          />
        </label>
        <div className="toolbar-actions">
          {filtered ? (
            <button
              type="button"
              className="button small"
              onClick={() => {
                setText({ actor: '', target: '' });
                setDays({ from: '', to: '' });
                view.clear();
              }}
            >
              {t('audit.clear')}
            </button>
          ) : null}
          <button type="button" className="button small" onClick={() => void exportAs('csv')}>
            {t('audit.exportCsv')}
          </button>
          <button type="button" className="button small" onClick={() => void exportAs('jsonl')}>
            {t('audit.exportJsonl')}
          </button>
        </div>
      </div>
      {exported ? (
        <p className="muted small" role="status">
          {exported}
        </p>
      ) : null}
      {exportError ? <ErrorBanner message={exportError} /> : null}
      {view.error ? <ErrorBanner message={view.error} onRetry={() => void view.reload()} /> : null}
      {view.status === 'loading' || view.status === 'idle' ? <Loading label={t('audit.loading')} /> : null}
      {view.status === 'ready' && entries.length === 0 ? (
        filtered ? (
          <EmptyState icon="☰" title={t('audit.noMatch')}>
            <p>{t('audit.noMatchBody')}</p>
          </EmptyState>
        ) : (
          <EmptyState icon="☰" title={t('audit.emptyTitle')}>
            <p>{t('audit.emptyBody')}</p>
          </EmptyState>
        )
      ) : null}
      {entries.length > 0 ? (
        <>
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
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="muted">
                    {e.seq}
                    {e.signed ? null : (
                      <span className="muted" title={t('audit.unsigned')} aria-label={t('audit.unsigned')}>
                        {' '}
                        ○
                      </span>
                    )}
                  </td>
                  <td>
                    <RelativeTime iso={e.at} />
                  </td>
                  <td>
                    {e.actor} <span className="muted">({t(`roles.${e.role}`)})</span>
                    {e.device ? (
                      <div className="muted small" title={t('audit.device')}>
                        {t('audit.onDevice', { device: e.device.slice(0, 8) })}
                      </div>
                    ) : null}
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
          <OlderPages
            view={view}
            shown={t('audit.shown', { count: entries.length, shown: formatNumber(entries.length) })}
            loadLabel={t('audit.loadOlder')}
            allLabel={t('audit.allShown')}
          />
        </>
      ) : null}
    </div>
  );
}
