import { useState, type DragEvent } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { importLimit } from '../../../shared/basics';
import { call, messageOf } from '../api/client';
import { spoken, t } from '../i18n';
import { ErrorBanner } from './ui';

type Plan = ChannelOutput<'accounts:import'>;

/**
 * Import enrollment YAML by drag-and-drop (or the file picker): the core parses and checks every file
 * and returns a preview; nothing is written until the admin confirms, and then all or nothing.
 */
export function YamlImport({ onImported }: { onImported: () => void }) {
  const [files, setFiles] = useState<{ name: string; content: string }[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const take = async (list: FileList | null) => {
    setError(null);
    setDone(null);
    setPlan(null);
    const chosen = [...(list ?? [])].filter((f) => /\.ya?ml$/i.test(f.name));
    if (chosen.length === 0) return setError(t('import.onlyYaml'));
    const tooMuch = importLimit(chosen);
    if (tooMuch) return setError(spoken('', tooMuch));
    const read = await Promise.all(chosen.map(async (f) => ({ name: f.name, content: await f.text() })));
    setFiles(read);
    try {
      setPlan(await call('accounts:import', { files: read, dryRun: true }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const commit = async () => {
    try {
      const result = await call('accounts:import', { files });
      setDone(
        t('import.done', {
          created: result.created.length,
          updated: result.updated.length,
          unchanged: result.unchanged.length,
        }),
      );
      setPlan(null);
      setFiles([]);
      onImported();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files);
  };
  const changes = plan ? plan.items.filter((i) => i.change !== 'unchanged').length : 0;
  return (
    <section className="panel" aria-labelledby="import-title">
      <div className="panel-head">
        <h2 id="import-title">{t('import.title')}</h2>
        <span className="muted small">{t('import.format')}</span>
      </div>
      <label
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          type="file"
          accept=".yaml,.yml"
          multiple
          aria-label={t('import.files')}
          onChange={(e) => void take(e.target.files)}
        />
        <span>{t('import.drop')}</span>
      </label>
      {error ? <ErrorBanner message={error} /> : null}
      {done ? (
        <p className="banner banner-ok" role="status">
          ✔ {t('import.imported', { done })}
        </p>
      ) : null}
      {plan ? (
        <>
          <table className="simple-table" aria-label={t('import.preview')}>
            <thead>
              <tr>
                <th>{t('import.file')}</th>
                <th>{t('accounts.col.provider')}</th>
                <th>{t('accounts.col.account')}</th>
                <th>{t('import.change')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((i) => (
                <tr key={i.file}>
                  <td>{i.file}</td>
                  <td>{i.provider}</td>
                  <td>{i.label}</td>
                  <td>
                    {i.change === 'created'
                      ? `+ ${t('import.created')}`
                      : i.change === 'updated'
                        ? `↻ ${t('import.updated')}`
                        : `= ${t('import.unchanged')}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.warnings.map((w) => (
            <p key={w.message} className="banner banner-warn" role="note">
              ▲ {spoken(w.message, w.say)}
            </p>
          ))}
          <div className="form-actions">
            <button type="button" className="button primary" disabled={changes === 0} onClick={() => void commit()}>
              {changes === 0 ? t('import.nothing') : t('import.importN', { count: changes })}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
