import type { SyncRun } from './domain';

/**
 * One CSV cell that a spreadsheet shows as text: a value that begins with `=`, `+`, `-`, `@`, a tab
 * or a CR would be read as a formula (OWASP "CSV injection"), so it is prefixed with `'`; a cell with
 * a comma, quote or line break is quoted.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV text (CRLF line ends, as RFC 4180 and spreadsheets expect). */
export function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n');
}

/** The summary of a re-sync list: one row per user, one column per target's outcome. */
export function resyncSummaryCsv(runs: SyncRun[], targets: string[]): string {
  return toCsv([
    ['email', 'status', ...targets],
    ...runs.map((r) => [
      r.email,
      r.status,
      ...targets.map((t) => r.results.find((x) => x.target === t)?.outcome ?? ''),
    ]),
  ]);
}
