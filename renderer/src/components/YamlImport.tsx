import { useState, type DragEvent } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { importLimitProblem } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
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
    if (chosen.length === 0) return setError('Drop .yaml or .yml enrollment files.');
    const tooMuch = importLimitProblem(chosen);
    if (tooMuch) return setError(tooMuch);
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
        `${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged.`,
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
        <h2 id="import-title">Import enrollment YAML</h2>
        <span className="muted small">
          Seed format: oauth.redirect_uri, oauth.delegated_permissions, provider fields
        </span>
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
          aria-label="Enrollment files"
          onChange={(e) => void take(e.target.files)}
        />
        <span>Drop enrollment files here, or click to choose them.</span>
      </label>
      {error ? <ErrorBanner message={error} /> : null}
      {done ? (
        <p className="banner banner-ok" role="status">
          ✔ Imported: {done}
        </p>
      ) : null}
      {plan ? (
        <>
          <table className="simple-table" aria-label="Import preview">
            <thead>
              <tr>
                <th>File</th>
                <th>Provider</th>
                <th>Account</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((i) => (
                <tr key={i.file}>
                  <td>{i.file}</td>
                  <td>{i.provider}</td>
                  <td>{i.label}</td>
                  <td>{i.change === 'created' ? '+ new' : i.change === 'updated' ? '↻ update' : '= unchanged'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.warnings.map((w) => (
            <p key={w} className="banner banner-warn" role="note">
              ▲ {w}
            </p>
          ))}
          <div className="form-actions">
            <button type="button" className="button primary" disabled={changes === 0} onClick={() => void commit()}>
              {changes === 0 ? 'Nothing to change' : `Import ${changes} account${changes === 1 ? '' : 's'}`}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
