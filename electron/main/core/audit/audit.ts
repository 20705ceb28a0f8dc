import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../../../shared/domain';
import type { AuditRow } from '../store/audit';
import type { Store } from '../store/store';
import { neutralise as neutraliseText } from '../../../../shared/text';

/** What a caller says of an entry; the time, sequence and hashes are the log's own. */
export type AuditInput = Pick<AuditRow, 'actor' | 'role' | 'action' | 'target' | 'outcome' | 'detail'>;

const GENESIS = '0'.repeat(64);
const MAX_FIELD = 500;

/**
 * Appends one entry to the hash-chained audit log. Free text is neutralised against log injection
 * (control characters escaped, length capped). Callers must never pass a secret.
 */
export function appendAudit(store: Store, entry: AuditInput, at: number): Promise<number> {
  const clean: AuditInput = {
    ...entry,
    actor: neutralise(entry.actor),
    action: neutralise(entry.action),
    target: entry.target === null ? null : neutralise(entry.target),
    detail: entry.detail === null ? null : neutralise(entry.detail),
  };
  return store.transaction((tx) =>
    tx.audit.append((last) => {
      const prev = last ?? GENESIS;
      return { at, ...clean, prev_hash: prev, hash: chainHash(prev, at, clean) };
    }),
  );
}

/** Newest first, paged by `beforeSeq`. */
export async function listAudit(store: Store, limit: number, beforeSeq?: number): Promise<AuditEntry[]> {
  const rows = await store.read.audit.list(limit, beforeSeq);
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    detail: r.detail,
  }));
}

/** Recomputes the chain page by page; reports the first entry whose hash does not follow. */
export async function verifyAudit(store: Store): Promise<{ ok: boolean; entries: number; brokenAtSeq: number | null }> {
  let prev = GENESIS;
  let entries = 0;
  let after = 0;
  for (;;) {
    const page: AuditRow[] = await store.read.audit.page(after, 1000);
    if (page.length === 0) return { ok: true, entries, brokenAtSeq: null };
    for (const row of page) {
      entries += 1;
      if (row.prev_hash !== prev || chainHash(prev, row.at, row) !== row.hash) {
        return { ok: false, entries, brokenAtSeq: Number(row.seq) };
      }
      prev = row.hash;
    }
    after = Number(page[page.length - 1]?.seq);
  }
}

function chainHash(prev: string, at: number, e: AuditInput): string {
  const canonical = JSON.stringify([at, e.actor, e.role, e.action, e.target, e.outcome, e.detail]);
  return createHash('sha256').update(prev).update(canonical).digest('hex');
}

/** Escapes control, separator, zero-width and bidi characters (shared/text.ts) and caps the length. */
export function neutralise(text: string): string {
  const escaped = neutraliseText(text);
  return escaped.length > MAX_FIELD ? `${escaped.slice(0, MAX_FIELD)}…` : escaped;
}
