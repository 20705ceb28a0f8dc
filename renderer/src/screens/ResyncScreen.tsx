import { useEffect, useState } from 'react';
import { EMAIL } from '../../../shared/basics';
import type {
  ResyncBatch,
  ResyncResult,
  ResyncTarget,
  ResyncTargetState,
  ResyncUser,
  SyncRun,
} from '../../../shared/domain';
import { RoleGate } from '../components/RoleGate';
import { call, messageOf, subscribe } from '../api/client';
import {
  ConfirmBox,
  CopyButton,
  EmptyState,
  ErrorBanner,
  Loading,
  PageHeader,
  RelativeTime,
  TabList,
} from '../components/ui';
import { resyncSummaryCsv } from '../../../shared/csv';
import { spoken, t } from '../i18n';

// The words of each outcome are `resync.outcome.<outcome>`.
const OUTCOME: Record<ResyncResult['outcome'], { icon: string; tone: 'ok' | 'warn' | 'fail' }> = {
  synced: { icon: '✔', tone: 'ok' },
  created: { icon: '✚', tone: 'ok' },
  existing: { icon: '✔', tone: 'ok' },
  present: { icon: '✔', tone: 'ok' },
  absent: { icon: '○', tone: 'ok' },
  skipped: { icon: '▲', tone: 'warn' },
  failed: { icon: '✖', tone: 'fail' },
};
const outcomeText = (outcome: ResyncResult['outcome']) => t(`resync.outcome.${outcome}`);
/** A target's name and state in the screens' language. */
const targetLabel = (x: ResyncTargetState) => spoken(x.label, x.say.label);
const targetDetail = (x: ResyncTargetState) => spoken(x.detail, x.say.detail);
const runStatus = (status: SyncRun['status']) => t(`resync.status.${status}`);

const EMPTY_USER: ResyncUser = { email: '' };

/** Re-sync: force a customer re-sync for one user (with a confirmation) or for a list. */
export function ResyncScreen({ onSettings }: { onSettings: () => void }) {
  const [targets, setTargets] = useState<ResyncTargetState[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'one' | 'list'>('one');
  useEffect(() => {
    call('resync:targets')
      .then(setTargets)
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  const configured = (targets ?? []).filter((x) => x.configured);
  return (
    <div className="screen">
      <PageHeader
        title={t('nav.resync')}
        subtitle={t('resync.subtitle')}
        actions={
          configured.length > 0 ? (
            <TabList
              label={t('resync.mode')}
              tabs={[
                { id: 'one', label: t('resync.oneUser') },
                { id: 'list', label: t('resync.aList') },
              ]}
              value={mode}
              onChange={setMode}
            />
          ) : null
        }
      />
      {error ? <ErrorBanner message={error} /> : null}
      {targets === null && !error ? <Loading label={t('resync.loading')} /> : null}
      {targets !== null && configured.length === 0 ? (
        <EmptyState
          icon="↻"
          title={t('resync.emptyTitle')}
          action={
            <button type="button" className="button primary" onClick={onSettings}>
              {t('resync.configure')}
            </button>
          }
        >
          <p>{t('resync.emptyBody')}</p>
          <p className="muted">
            {t('common.fromTerminal')} <code>gatehouse resync --email user@example.com</code>
          </p>
        </EmptyState>
      ) : null}
      {targets && configured.length > 0 ? (
        <RoleGate channel="resync:run">
          {mode === 'one' ? <OneUser targets={targets} /> : <ListOfUsers targets={targets} />}
        </RoleGate>
      ) : null}
    </div>
  );
}

function TargetPicker({
  targets,
  chosen,
  onChange,
}: {
  targets: ResyncTargetState[];
  chosen: ResyncTarget[];
  onChange: (targets: ResyncTarget[]) => void;
}) {
  return (
    <fieldset className="targets">
      <legend>{t('resync.targets')}</legend>
      {targets.map((x) => (
        <label key={x.target} className={`target${x.configured ? '' : ' muted'}`} title={targetDetail(x)}>
          <input
            type="checkbox"
            disabled={!x.configured}
            checked={chosen.includes(x.target)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, x.target] : chosen.filter((y) => y !== x.target))}
          />
          <span>
            <strong>{targetLabel(x)}</strong>
            <span className="muted small"> — {targetDetail(x)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function OneUser({ targets }: { targets: ResyncTargetState[] }) {
  const [user, setUser] = useState<ResyncUser>(EMPTY_USER);
  const [chosen, setChosen] = useState<ResyncTarget[]>(targets.filter((x) => x.configured).map((x) => x.target));
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<SyncRun | null>(null);
  // Each answer is kept with the email it is about: typing another email never shows the last one's.
  const [state, setState] = useState<{ email: string; results: ResyncResult[] } | null>(null);
  const [history, setHistory] = useState<SyncRun[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const email = user.email.trim();
  const valid = EMAIL.test(email);
  const set = (key: keyof ResyncUser, value: string) => setUser({ ...user, [key]: value });
  useEffect(() => {
    if (!EMAIL.test(email)) return;
    let live = true;
    call('resync:history', { email, limit: 20 })
      .then((h) => live && setHistory(h))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [email, run]);
  const clean = (): ResyncUser => {
    const out: ResyncUser = { email };
    for (const key of ['auth0Id', 'firstName', 'lastName', 'companyId', 'userType'] as const) {
      const value = user[key]?.trim();
      if (value) out[key] = value;
    }
    return out;
  };
  const check = async () => {
    setProblem(null);
    try {
      setState({ email, results: await call('resync:check', { email }) });
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  const force = async () => {
    setConfirming(false);
    setRunning(true);
    setProblem(null);
    setRun(null);
    try {
      setRun(await call('resync:run', { user: clean(), targets: chosen }));
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setRunning(false);
    }
  };
  const names = targets.filter((x) => chosen.includes(x.target)).map(targetLabel);
  return (
    <>
      <section className="panel" aria-labelledby="user-title">
        <div className="panel-head">
          <h2 id="user-title">{t('resync.user')}</h2>
        </div>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid && chosen.length > 0) setConfirming(true);
          }}
        >
          <label className="field">
            <span>{t('resync.email')}</span>
            <input
              type="email"
              value={user.email}
              onChange={(e) => set('email', e.target.value)}
              aria-label={t('resync.email')}
              aria-describedby="email-problem"
              aria-invalid={user.email !== '' && !valid}
              placeholder="jane.doe@example.com"
              autoComplete="off"
            />
            {user.email !== '' && !valid ? (
              <span id="email-problem" className="error-text small">
                {t('resync.badEmail')}
              </span>
            ) : null}
          </label>
          <label className="field">
            <span>{t('resync.auth0Id')}</span>
            <input value={user.auth0Id ?? ''} onChange={(e) => set('auth0Id', e.target.value)} placeholder="auth0|…" />
          </label>
          <label className="field">
            <span>{t('resync.firstName')}</span>
            <input value={user.firstName ?? ''} onChange={(e) => set('firstName', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('resync.lastName')}</span>
            <input value={user.lastName ?? ''} onChange={(e) => set('lastName', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('resync.companyId')}</span>
            <input value={user.companyId ?? ''} onChange={(e) => set('companyId', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('resync.userType')}</span>
            <input value={user.userType ?? ''} onChange={(e) => set('userType', e.target.value)} placeholder="user" />
          </label>
          <div className="span-all">
            <TargetPicker targets={targets} chosen={chosen} onChange={setChosen} />
          </div>
          <div className="span-all inline-form">
            <button type="button" className="button" disabled={!valid} onClick={() => void check()}>
              {t('resync.check')}
            </button>
            <button type="submit" className="button primary" disabled={!valid || chosen.length === 0 || running}>
              {running ? t('resync.running') : t('resync.force')}
            </button>
          </div>
        </form>
        {confirming ? (
          <ConfirmBox label={t('resync.confirm')} onCancel={() => setConfirming(false)}>
            <p>{t('resync.confirmOne', { email, targets: names.join(', ') })}</p>
            <div className="inline-form">
              <button type="button" className="button primary" onClick={() => void force()}>
                {t('resync.runOne', { email })}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </ConfirmBox>
        ) : null}
        {problem ? <ErrorBanner message={problem} /> : null}
      </section>
      {state && state.email === email && !(run && run.email === email) ? (
        <Results title={t('resync.currentState', { email: state.email })} results={state.results} />
      ) : null}
      {running ? <Loading label={t('resync.runningWith', { email, targets: names.join(', ') })} /> : null}
      {run && run.email === email ? (
        <Results
          title={t('resync.result', {
            verdict: run.status === 'succeeded' ? t('resync.allSucceeded') : t('resync.notAllSucceeded'),
          })}
          results={run.results}
        />
      ) : null}
      {valid && history.length > 0 && history.every((h) => h.email.toLowerCase() === email.toLowerCase()) ? (
        <section className="panel" aria-labelledby="history-title">
          <div className="panel-head">
            <h2 id="history-title">{t('resync.historyOf', { email })}</h2>
          </div>
          <table className="simple-table" aria-label={t('resync.history')}>
            <thead>
              <tr>
                <th>{t('incidents.when')}</th>
                <th>{t('resync.by')}</th>
                <th>{t('resync.statusCol')}</th>
                <th>{t('resync.results')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>
                    <RelativeTime iso={h.startedAt} />
                  </td>
                  <td>{h.requestedBy}</td>
                  <td>{runStatus(h.status)}</td>
                  <td>
                    {h.results
                      .map((r) => `${r.target}: ${outcomeText(r.outcome)}${r.customerId ? ` (${r.customerId})` : ''}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

function Results({ title, results }: { title: string; results: ResyncResult[] }) {
  return (
    <section className="panel" aria-label={title}>
      <div className="panel-head">
        <h2>{title}</h2>
      </div>
      <ul className="results">
        {results.map((r) => {
          const look = OUTCOME[r.outcome];
          return (
            <li key={r.target} className={`result tone-${look.tone}`} data-target={r.target} data-outcome={r.outcome}>
              <span className={`pill pill-${look.tone}`}>
                <span aria-hidden="true">{look.icon}</span> {outcomeText(r.outcome)}
              </span>
              <span>{spoken(r.message, r.say)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ListOfUsers({ targets }: { targets: ResyncTargetState[] }) {
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<{
    users: ResyncUser[];
    errors: { line: number; message: string; say: { key: string; params?: Record<string, string | number> } }[];
    duplicates: number;
  } | null>(null);
  const [chosen, setChosen] = useState<ResyncTarget[]>(targets.filter((x) => x.configured).map((x) => x.target));
  const [maxConcurrent, setMaxConcurrent] = useState(4);
  const [batch, setBatch] = useState<ResyncBatch | null>(null);
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(
    () =>
      subscribe('resync:batch', (b) => {
        setBatch((current) => (current && current.id === b.id ? b : current));
      }),
    [],
  );
  useEffect(() => {
    if (!batch?.finished) return;
    let live = true;
    call('resync:history', { batchId: batch.id, limit: 10_000 })
      .then((r) => live && setRuns(r))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [batch?.finished, batch?.id]);
  const read = async (content: string) => {
    setProblem(null);
    setBatch(null);
    setRuns([]);
    try {
      setParsed(await call('resync:parseCsv', { content }));
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  const start = async (users: ResyncUser[]) => {
    setConfirming(false);
    setProblem(null);
    setRuns([]);
    try {
      setBatch(await call('resync:batch', { users, targets: chosen, maxConcurrent }));
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  const users = parsed?.users ?? [];
  return (
    <>
      <section className="panel" aria-labelledby="list-title">
        <div className="panel-head">
          <h2 id="list-title">{t('resync.users')}</h2>
          <label className="button small">
            {t('resync.chooseCsv')}
            <input
              type="file"
              accept=".csv,.txt,text/csv,text/plain"
              className="visually-hidden"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file)
                  void file.text().then((content) => {
                    setText(content);
                    void read(content);
                  });
              }}
            />
          </label>
        </div>
        <textarea
          className="paste"
          aria-label={t('resync.usersToSync')}
          rows={6}
          placeholder={`${t('resync.pasteHint')}\nemail,auth0Id,firstName,lastName\njane.doe@example.com,auth0|42,Jane,Doe`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => text.trim() && void read(text)}
        />
        <div className="inline-form">
          <button type="button" className="button" disabled={!text.trim()} onClick={() => void read(text)}>
            {t('resync.readList')}
          </button>
          <label className="inline-field">
            {t('accounts.atMost')}
            <select
              value={maxConcurrent}
              onChange={(e) => setMaxConcurrent(Number(e.target.value))}
              aria-label={t('resync.usersAtATimeLabel')}
            >
              {[1, 2, 4, 8, 16].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            {t('resync.usersAtATime')}
          </label>
        </div>
        <TargetPicker targets={targets} chosen={chosen} onChange={setChosen} />
        {parsed ? (
          <div className="preview" aria-label={t('resync.preview')}>
            <p>
              {t('resync.ready', { count: users.length })}
              {parsed.duplicates ? ` · ${t('resync.duplicates', { count: parsed.duplicates })}` : ''}
              {parsed.errors.length ? ` · ${t('resync.skippedLines', { count: parsed.errors.length })}` : ''}
            </p>
            {parsed.errors.length > 0 ? (
              <ul className="errors">
                {parsed.errors.slice(0, 20).map((e) => (
                  <li key={`${e.line}-${e.message}`} className="error-text small">
                    {t('resync.line', { line: e.line, message: spoken(e.message, e.say) })}
                  </li>
                ))}
              </ul>
            ) : null}
            <button
              type="button"
              className="button primary"
              disabled={users.length === 0 || chosen.length === 0 || (batch !== null && !batch.finished)}
              onClick={() => setConfirming(true)}
            >
              {t('resync.runMany', { count: users.length })}
            </button>
          </div>
        ) : null}
        {confirming ? (
          <ConfirmBox label={t('resync.confirm')} onCancel={() => setConfirming(false)}>
            <p>
              {t('resync.confirmMany', {
                count: users.length,
                targets: targets
                  .filter((x) => chosen.includes(x.target))
                  .map(targetLabel)
                  .join(', '),
                max: maxConcurrent,
              })}
            </p>
            <div className="inline-form">
              <button type="button" className="button primary" onClick={() => void start(users)}>
                {t('resync.start')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </ConfirmBox>
        ) : null}
        {problem ? <ErrorBanner message={problem} /> : null}
      </section>
      {batch ? (
        <section className="panel" aria-label={t('resync.progress')} data-batch={batch.id}>
          <div className="panel-head">
            <h2>
              {batch.finished ? (batch.cancelled ? t('resync.stopped') : t('resync.done')) : t('resync.running')} ·{' '}
              {t('resync.ofTotal', { done: batch.done, total: batch.total })}
            </h2>
            {!batch.finished ? (
              <button
                type="button"
                className="button small danger"
                onClick={() => void call('resync:cancel', { id: batch.id })}
              >
                {t('bulk.stop')}
              </button>
            ) : null}
          </div>
          <div className="bulk-bar" aria-hidden="true">
            <span
              className="bulk-completed"
              style={{ width: `${(100 * batch.succeeded) / Math.max(1, batch.total)}%` }}
            />
            <span className="bulk-failed" style={{ width: `${(100 * batch.failed) / Math.max(1, batch.total)}%` }} />
          </div>
          <p className="muted small">{t('resync.tally', { succeeded: batch.succeeded, failed: batch.failed })}</p>
          {batch.finished && batch.failed > 0 ? (
            <button
              type="button"
              className="button small"
              onClick={() => void start(users.filter((u) => batch.failedEmails.includes(u.email)))}
            >
              {t('resync.retryFailed', { count: batch.failed })}
            </button>
          ) : null}
          {runs.length > 0 ? (
            <>
              <table className="simple-table" aria-label={t('resync.summary')}>
                <thead>
                  <tr>
                    <th>{t('resync.email')}</th>
                    <th>{t('resync.statusCol')}</th>
                    {chosen.map((c) => (
                      <th key={c}>{targetLabel(targets.find((x) => x.target === c)!)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {runs.slice(0, 500).map((r) => (
                    <tr key={r.id}>
                      <td>{r.email}</td>
                      <td className={r.status === 'succeeded' ? 'ok-text' : 'error-text'}>{runStatus(r.status)}</td>
                      {chosen.map((c) => {
                        const x = r.results.find((y) => y.target === c);
                        return (
                          <td key={c} title={x ? spoken(x.message, x.say) : undefined}>
                            {x
                              ? `${OUTCOME[x.outcome].icon} ${outcomeText(x.outcome)}${x.customerId ? ` (${x.customerId})` : ''}`
                              : '—'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <CopyButton text={resyncSummaryCsv(runs, chosen)} label={t('resync.copyCsv')} />
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
