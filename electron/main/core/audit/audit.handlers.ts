import type { AuditEntry, AuditFilter } from '../../../../shared/domain';
import type { AuditFilter as StoreFilter } from '../store/audit';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { verificationWords } from './audit';
import { toCsv } from '../../../../shared/csv';

/** At most this many entries in one export (a filter narrows a larger log). */
const EXPORT_CAP = 100_000;
const EXPORT_PAGE = 1000;

/** Handlers of the audit domain. */
export function auditHandlers(
  s: Services,
): Pick<Handlers, 'audit:list' | 'audit:verify' | 'audit:actions' | 'audit:export'> {
  return {
    'audit:list': (input) => s.audit.list(storeFilter(input ?? {}), input?.limit ?? 200, input?.beforeSeq),
    'audit:actions': () => s.store.read.audit.actions(),
    'audit:export': async (input) => {
      const filter = storeFilter(input);
      // Newest first page by page, then turned around: an export reads oldest first.
      const entries: AuditEntry[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await s.audit.list(filter, EXPORT_PAGE, before);
        entries.push(...page);
        if (page.length < EXPORT_PAGE || entries.length >= EXPORT_CAP) break;
        before = page[page.length - 1]?.seq;
      }
      const capped = entries.length > EXPORT_CAP;
      const kept = entries.slice(0, EXPORT_CAP).reverse();
      return { text: input.format === 'csv' ? auditCsv(kept) : toJsonLines(kept), entries: kept.length, capped };
    },
    'audit:verify': async () => {
      const v = await s.audit.verify();
      return { ...v, say: verificationWords(v) };
    },
  };
}

function storeFilter(input: AuditFilter): StoreFilter {
  return {
    ...(input.actor ? { actor: input.actor } : {}),
    ...(input.action ? { action: input.action } : {}),
    ...(input.target ? { target: input.target } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(input.from ? { from: Date.parse(input.from) } : {}),
    ...(input.to ? { to: Date.parse(input.to) } : {}),
  };
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'actor',
  'role',
  'device',
  'action',
  'target',
  'outcome',
  'detail',
  'signed',
] as const;

/** The audit entries as CSV through the project's one formula-safe writer (shared/csv.ts). */
export function auditCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) => CSV_COLUMNS.map((c) => (e[c] === null ? '' : String(e[c]))));
  return `${toCsv([[...CSV_COLUMNS], ...rows])}\r\n`;
}

export function toJsonLines(entries: AuditEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length > 0 ? '\n' : '');
}
