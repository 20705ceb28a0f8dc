import { neutralise } from '../../shared/text';
import type { Account, AuditEntry, HealthReport } from '../../shared/domain';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

/** The doctor report as lines a person reads in a terminal. */
export function formatHealth(report: HealthReport): string {
  const width = Math.max(...report.checks.map((c) => c.label.length));
  const lines = [`Gatehouse doctor — ${report.dataDir}`];
  for (const c of report.checks) {
    lines.push(`  [${MARK[c.status]}] ${c.label.padEnd(width)}  ${c.detail}`);
    if (c.remedy && c.status !== 'ok') lines.push(`         ${' '.repeat(width)}  → ${c.remedy}`);
  }
  lines.push(
    report.ok
      ? 'All checks passed.'
      : `Broken: ${report.checks
          .filter((c) => c.status === 'fail')
          .map((c) => c.label)
          .join(', ')}.`,
  );
  return lines.join('\n');
}

/** A plain table: columns padded to their widest cell. */
export function table(header: string[], rawRows: string[][]): string {
  if (rawRows.length === 0) return '';
  // A cell never breaks its row or drives the terminal, whatever a label or a provider said.
  const rows = rawRows.map((r) => r.map((cell) => neutralise(cell)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Accounts as a table, or a hint when there are none. */
export function formatAccounts(accounts: Account[]): string {
  if (accounts.length === 0) return 'No accounts yet. Add one with `gatehouse accounts add` or from the Enroll screen.';
  return table(
    ['ID', 'PROVIDER', 'LABEL', 'SIGNED IN AS', 'HEALTH', 'EXPIRY', 'REFRESH EXPIRES', 'LAST ERROR'],
    accounts.map((a) => [
      a.id,
      a.provider,
      a.label,
      a.identity ?? '-',
      a.health.label,
      a.expiryLevel,
      a.refreshExpiresAt ?? '-',
      a.lastError ?? '',
    ]),
  );
}

/** Audit entries as a table. */
/**
 * Newest entries first; a full page (`page` entries) says how to ask for the older ones.
 */
export function formatAudit(entries: AuditEntry[], page: number): string {
  if (entries.length === 0) return 'No audit entries match.';
  return olderHint(
    entries.length,
    page,
    entries.at(-1)?.seq,
    table(
      ['SEQ', 'AT', 'ACTOR', 'ROLE', 'ACTION', 'TARGET', 'OUTCOME'],
      entries.map((e) => [
        String(e.seq),
        e.at,
        e.actor,
        e.role,
        e.action,
        e.target ?? '',
        e.detail ? `${e.outcome} ${e.detail}` : e.outcome,
      ]),
    ),
  );
}

/** A listing, and when it filled its page, the option that shows the next (older) one. */
export function olderHint(shown: number, page: number, last: number | string | undefined, listing: string): string {
  return shown >= page && last !== undefined ? `${listing}\nOlder: --before ${last}` : listing;
}
