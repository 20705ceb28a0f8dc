import { createHash } from 'node:crypto';
import type { AuditEntry, Role } from '../../../../shared/domain';
import type { Db } from '../db/database';
import { neutralise as neutraliseText } from '../../../../shared/text';

export interface AuditInput {
  actor: string;
  role: Role;
  action: string;
  target: string | null;
  outcome: 'ok' | 'error';
  detail: string | null;
}

interface AuditRow extends AuditInput {
  seq: number;
  at: number;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);
const MAX_FIELD = 500;

/**
 * Appends one entry to the hash-chained audit log. Free text is neutralised against log injection
 * (control characters escaped, length capped). Callers must never pass a secret.
 */
export function appendAudit(db: Db, entry: AuditInput, at: number): number {
  const clean: AuditInput = {
    ...entry,
    actor: neutralise(entry.actor),
    action: neutralise(entry.action),
    target: entry.target === null ? null : neutralise(entry.target),
    detail: entry.detail === null ? null : neutralise(entry.detail),
  };
  return db
    .transaction(() => {
      const last = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        { hash: string } | undefined;
      const prev = last?.hash ?? GENESIS;
      const hash = chainHash(prev, at, clean);
      const result = db
        .prepare(
          `INSERT INTO audit_log(at, actor, role, action, target, outcome, detail, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(at, clean.actor, clean.role, clean.action, clean.target, clean.outcome, clean.detail, prev, hash);
      return Number(result.lastInsertRowid);
    })
    .immediate();
}

/**
 * Throws when an entry could not be appended now (the table is gone or damaged): writes a probe row
 * inside a savepoint and rolls it back, so nothing is kept.
 */
export function probeAudit(db: Db): void {
  db.exec('SAVEPOINT audit_probe');
  try {
    db.prepare(
      `INSERT INTO audit_log(at, actor, role, action, target, outcome, detail, prev_hash, hash)
       VALUES (0, 'probe', 'viewer', 'probe', NULL, 'ok', NULL, '', '')`,
    ).run();
  } finally {
    db.exec('ROLLBACK TO audit_probe');
    db.exec('RELEASE audit_probe');
  }
}

/** Newest first, paged by `beforeSeq`. */
export function listAudit(db: Db, limit: number, beforeSeq?: number): AuditEntry[] {
  const rows = db
    .prepare(
      `SELECT seq, at, actor, role, action, target, outcome, detail FROM audit_log
       WHERE seq < ? ORDER BY seq DESC LIMIT ?`,
    )
    .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[];
  return rows.map((r) => ({
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    detail: r.detail,
  }));
}

/** Recomputes the chain; reports the first entry whose hash does not follow. */
export function verifyAudit(db: Db): { ok: boolean; entries: number; brokenAtSeq: number | null } {
  let prev = GENESIS;
  let entries = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    entries += 1;
    if (row.prev_hash !== prev || chainHash(prev, row.at, row) !== row.hash) {
      return { ok: false, entries, brokenAtSeq: row.seq };
    }
    prev = row.hash;
  }
  return { ok: true, entries, brokenAtSeq: null };
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
