import { useEffect, useState } from 'react';
import {
  EMAIL,
  type ResyncBatch,
  type ResyncResult,
  type ResyncTarget,
  type ResyncTargetState,
  type ResyncUser,
  type SyncRun,
} from '../../../shared/domain';
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

const OUTCOME: Record<ResyncResult['outcome'], { icon: string; tone: 'ok' | 'warn' | 'fail'; text: string }> = {
  synced: { icon: '✔', tone: 'ok', text: 'Synced' },
  created: { icon: '✚', tone: 'ok', text: 'Created' },
  existing: { icon: '✔', tone: 'ok', text: 'Already there' },
  present: { icon: '✔', tone: 'ok', text: 'Present' },
  absent: { icon: '○', tone: 'ok', text: 'Absent' },
  skipped: { icon: '▲', tone: 'warn', text: 'Skipped' },
  failed: { icon: '✖', tone: 'fail', text: 'Failed' },
};

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
  const configured = (targets ?? []).filter((t) => t.configured);
  return (
    <div className="screen">
      <PageHeader
        title="Re-sync"
        subtitle="Force a customer re-sync for one user, or for a list of users"
        actions={
          configured.length > 0 ? (
            <TabList
              label="Re-sync mode"
              tabs={[
                { id: 'one', label: 'One user' },
                { id: 'list', label: 'A list' },
              ]}
              value={mode}
              onChange={setMode}
            />
          ) : null
        }
      />
      {error ? <ErrorBanner message={error} /> : null}
      {targets === null && !error ? <Loading label="Reading the re-sync targets…" /> : null}
      {targets !== null && configured.length === 0 ? (
        <EmptyState
          icon="↻"
          title="No re-sync targets yet"
          action={
            <button type="button" className="button primary" onClick={onSettings}>
              Configure targets in Settings
            </button>
          }
        >
          <p>
            Re-sync tells the Customer Service and your BigCommerce and Cafe24 stores about one user and shows each
            result at once. Configure the Customer Service in Settings and enrol a store to start.
          </p>
          <p className="muted">
            From a terminal: <code>gatehouse resync --email user@example.com</code>
          </p>
        </EmptyState>
      ) : null}
      {targets && configured.length > 0 ? (
        mode === 'one' ? (
          <OneUser targets={targets} />
        ) : (
          <ListOfUsers targets={targets} />
        )
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
  onChange: (t: ResyncTarget[]) => void;
}) {
  return (
    <fieldset className="targets">
      <legend>Targets</legend>
      {targets.map((t) => (
        <label key={t.target} className={`target${t.configured ? '' : ' muted'}`} title={t.detail}>
          <input
            type="checkbox"
            disabled={!t.configured}
            checked={chosen.includes(t.target)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, t.target] : chosen.filter((x) => x !== t.target))}
          />
          <span>
            <strong>{t.label}</strong>
            <span className="muted small"> — {t.detail}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function OneUser({ targets }: { targets: ResyncTargetState[] }) {
  const [user, setUser] = useState<ResyncUser>(EMPTY_USER);
  const [chosen, setChosen] = useState<ResyncTarget[]>(targets.filter((t) => t.configured).map((t) => t.target));
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
  const names = targets.filter((t) => chosen.includes(t.target)).map((t) => t.label);
  return (
    <>
      <section className="panel" aria-labelledby="user-title">
        <div className="panel-head">
          <h2 id="user-title">User</h2>
        </div>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid && chosen.length > 0) setConfirming(true);
          }}
        >
          <label className="field">
            <span>Email</span>
            <input
              type="email"
              value={user.email}
              onChange={(e) => set('email', e.target.value)}
              aria-label="Email"
              aria-describedby="email-problem"
              aria-invalid={user.email !== '' && !valid}
              placeholder="jane.doe@example.com"
              autoComplete="off"
            />
            {user.email !== '' && !valid ? (
              <span id="email-problem" className="error-text small">
                Not a valid email address.
              </span>
            ) : null}
          </label>
          <label className="field">
            <span>Auth0 id (Customer Service)</span>
            <input value={user.auth0Id ?? ''} onChange={(e) => set('auth0Id', e.target.value)} placeholder="auth0|…" />
          </label>
          <label className="field">
            <span>First name</span>
            <input value={user.firstName ?? ''} onChange={(e) => set('firstName', e.target.value)} />
          </label>
          <label className="field">
            <span>Last name</span>
            <input value={user.lastName ?? ''} onChange={(e) => set('lastName', e.target.value)} />
          </label>
          <label className="field">
            <span>Company id</span>
            <input value={user.companyId ?? ''} onChange={(e) => set('companyId', e.target.value)} />
          </label>
          <label className="field">
            <span>User type</span>
            <input value={user.userType ?? ''} onChange={(e) => set('userType', e.target.value)} placeholder="user" />
          </label>
          <div className="span-all">
            <TargetPicker targets={targets} chosen={chosen} onChange={setChosen} />
          </div>
          <div className="span-all inline-form">
            <button type="button" className="button" disabled={!valid} onClick={() => void check()}>
              Check current state
            </button>
            <button type="submit" className="button primary" disabled={!valid || chosen.length === 0 || running}>
              {running ? 'Re-syncing…' : 'Force re-sync'}
            </button>
          </div>
        </form>
        {confirming ? (
          <ConfirmBox label="Confirm re-sync" onCancel={() => setConfirming(false)}>
            <p>
              Re-sync <strong>{email}</strong> with <strong>{names.join(', ')}</strong>? This sends the user to each
              target and may create a BigCommerce customer. It is recorded in the audit log under your name.
            </p>
            <div className="inline-form">
              <button type="button" className="button primary" onClick={() => void force()}>
                Re-sync {email}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
                Cancel
              </button>
            </div>
          </ConfirmBox>
        ) : null}
        {problem ? <ErrorBanner message={problem} /> : null}
      </section>
      {state && state.email === email && !(run && run.email === email) ? (
        <Results title={`Current state of ${state.email}`} results={state.results} />
      ) : null}
      {running ? <Loading label={`Re-syncing ${email} with ${names.join(', ')}…`} /> : null}
      {run && run.email === email ? (
        <Results
          title={`Result · ${run.status === 'succeeded' ? 'every target succeeded' : 'not every target succeeded'}`}
          results={run.results}
        />
      ) : null}
      {valid && history.length > 0 && history.every((h) => h.email.toLowerCase() === email.toLowerCase()) ? (
        <section className="panel" aria-labelledby="history-title">
          <div className="panel-head">
            <h2 id="history-title">History of {email}</h2>
          </div>
          <table className="simple-table" aria-label="Re-sync history">
            <thead>
              <tr>
                <th>When</th>
                <th>By</th>
                <th>Status</th>
                <th>Results</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>
                    <RelativeTime iso={h.startedAt} />
                  </td>
                  <td>{h.requestedBy}</td>
                  <td>{h.status}</td>
                  <td>
                    {h.results
                      .map((r) => `${r.target}: ${r.outcome}${r.customerId ? ` (${r.customerId})` : ''}`)
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
                <span aria-hidden="true">{look.icon}</span> {look.text}
              </span>
              <span>{r.message}</span>
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
    errors: { line: number; message: string }[];
    duplicates: number;
  } | null>(null);
  const [chosen, setChosen] = useState<ResyncTarget[]>(targets.filter((t) => t.configured).map((t) => t.target));
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
          <h2 id="list-title">Users</h2>
          <label className="button small">
            Choose a CSV file…
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
          aria-label="Users to re-sync"
          rows={6}
          placeholder={
            'Paste one email per line, or a CSV with a header:\nemail,auth0Id,firstName,lastName\njane.doe@example.com,auth0|42,Jane,Doe'
          }
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => text.trim() && void read(text)}
        />
        <div className="inline-form">
          <button type="button" className="button" disabled={!text.trim()} onClick={() => void read(text)}>
            Read the list
          </button>
          <label className="inline-field">
            at most
            <select
              value={maxConcurrent}
              onChange={(e) => setMaxConcurrent(Number(e.target.value))}
              aria-label="Users at a time"
            >
              {[1, 2, 4, 8, 16].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            users at a time
          </label>
        </div>
        <TargetPicker targets={targets} chosen={chosen} onChange={setChosen} />
        {parsed ? (
          <div className="preview" aria-label="List preview">
            <p>
              <strong>{users.length}</strong> user(s) ready
              {parsed.duplicates ? ` · ${parsed.duplicates} repeated email(s) sent once` : ''}
              {parsed.errors.length ? ` · ${parsed.errors.length} line(s) skipped` : ''}
            </p>
            {parsed.errors.length > 0 ? (
              <ul className="errors">
                {parsed.errors.slice(0, 20).map((e) => (
                  <li key={`${e.line}-${e.message}`} className="error-text small">
                    Line {e.line}: {e.message}
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
              Re-sync {users.length} user(s)
            </button>
          </div>
        ) : null}
        {confirming ? (
          <ConfirmBox label="Confirm re-sync" onCancel={() => setConfirming(false)}>
            <p>
              Re-sync <strong>{users.length} user(s)</strong> with{' '}
              <strong>
                {targets
                  .filter((t) => chosen.includes(t.target))
                  .map((t) => t.label)
                  .join(', ')}
              </strong>
              , {maxConcurrent} at a time? Each run is recorded in the audit log under your name.
            </p>
            <div className="inline-form">
              <button type="button" className="button primary" onClick={() => void start(users)}>
                Start
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
                Cancel
              </button>
            </div>
          </ConfirmBox>
        ) : null}
        {problem ? <ErrorBanner message={problem} /> : null}
      </section>
      {batch ? (
        <section className="panel" aria-label="List progress" data-batch={batch.id}>
          <div className="panel-head">
            <h2>
              {batch.finished ? (batch.cancelled ? 'Stopped' : 'Done') : 'Re-syncing'} · {batch.done} of {batch.total}
            </h2>
            {!batch.finished ? (
              <button
                type="button"
                className="button small danger"
                onClick={() => void call('resync:cancel', { id: batch.id })}
              >
                Stop
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
          <p className="muted small">
            {batch.succeeded} succeeded · {batch.failed} failed
          </p>
          {batch.finished && batch.failed > 0 ? (
            <button
              type="button"
              className="button small"
              onClick={() => void start(users.filter((u) => batch.failedEmails.includes(u.email)))}
            >
              Retry the {batch.failed} failed
            </button>
          ) : null}
          {runs.length > 0 ? (
            <>
              <table className="simple-table" aria-label="Re-sync summary">
                <thead>
                  <tr>
                    <th>Email</th>
                    <th>Status</th>
                    {chosen.map((t) => (
                      <th key={t}>{targets.find((x) => x.target === t)?.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {runs.slice(0, 500).map((r) => (
                    <tr key={r.id}>
                      <td>{r.email}</td>
                      <td className={r.status === 'succeeded' ? 'ok-text' : 'error-text'}>{r.status}</td>
                      {chosen.map((t) => {
                        const x = r.results.find((y) => y.target === t);
                        return (
                          <td key={t} title={x?.message}>
                            {x
                              ? `${OUTCOME[x.outcome].icon} ${OUTCOME[x.outcome].text}${x.customerId ? ` (${x.customerId})` : ''}`
                              : '—'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <CopyButton text={resyncSummaryCsv(runs, chosen)} label="Copy the summary as CSV" />
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
