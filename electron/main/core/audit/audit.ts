import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditEntry } from '../../../../shared/domain';
import { SIGNING_KEY, untilHeadStill, type AuditFilter, type AuditInsert, type AuditRow } from '../store/audit';
import type { TransactionEnd } from '../store/postgres';
import type { Store } from '../store/store';
import type { KeyStore } from '../vault/key-store';
import type { Vault } from '../vault/vault';
import { neutralise as neutraliseText } from '../../../../shared/text';
import type { Say } from '../../../../shared/result';
import { said } from '../said';
import { isoTime } from '../iso';

/** What a caller says of an entry; the time, sequence, hashes, device and MAC are the log's own. */
export type AuditInput = Pick<AuditRow, 'actor' | 'role' | 'action' | 'target' | 'outcome' | 'detail'>;

const GENESIS = '0'.repeat(64);
const MAX_FIELD = 500;
/** The audit key's secrets live beside the others, sealed under the data key. */
export const AUDIT_OWNER = '_audit';
const ANCHOR_DELAY_MS = 300;

/** Where the verification found the chain broken, and how. */
export type AuditBreak = 'changed' | 'forged' | 'missing';

export interface AuditVerification {
  ok: boolean;
  entries: number;
  brokenAtSeq: number | null;
  /** changed: an entry's content or order; forged: a MAC that the audit key did not make; missing: entries this device saw are gone. */
  reason: AuditBreak | null;
  /** Entries after the last signed one (written while no key was reachable): not vouched for yet. */
  unsigned: number;
  /** Signed entries whose key this device cannot open (locked keychain): their MAC was not checked. */
  unchecked: number;
  /** The newest entry this device had seen (its anchor in the OS keychain), or null if none. */
  anchoredSeq: number | null;
}

/**
 * The head of the chain as this device last saw it, kept in its OS keychain (outside the database):
 * deleting the newest entries, or rewinding the log to an older copy, no longer passes unseen.
 */
export class AuditAnchor {
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly keyStore: KeyStore,
    private readonly name: string,
    private readonly head: () => Promise<{ seq: number; hash: string } | null>,
    private readonly onError: (error: unknown) => void,
  ) {}

  async read(): Promise<{ seq: number; hash: string } | null> {
    const text = await this.keyStore.get(this.name);
    if (text === null) return null;
    try {
      const value = JSON.parse(text) as { seq?: unknown; hash?: unknown };
      return typeof value.seq === 'number' && typeof value.hash === 'string'
        ? { seq: value.seq, hash: value.hash }
        : null;
    } catch {
      return null;
    }
  }

  /** Moves the anchor up to `head` (never down). */
  async raise(head: { seq: number; hash: string }): Promise<void> {
    const current = await this.read();
    if (current && current.seq >= head.seq) return;
    await this.keyStore.set(this.name, JSON.stringify(head));
  }

  /** An entry was appended: the committed head is anchored shortly after (a burst costs one write). */
  touch(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flushNow());
    }, ANCHOR_DELAY_MS);
    this.timer.unref?.();
  }

  /** Anchors what is pending now (at close). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flushNow());
    }
    await this.flushing;
  }

  private async flushNow(): Promise<void> {
    try {
      const head = await this.head();
      if (head) await this.raise(head);
    } catch (error) {
      this.onError(error);
    }
  }
}

/**
 * The audit log: a hash chain whose every entry also carries an HMAC under the audit key (a random
 * key sealed in the vault like any secret, so every member of a team holds it and nobody without a
 * keychain does), and whose head each device anchors in its own keychain. Someone who can write the
 * database but open no keychain cannot edit, delete, reorder, truncate or recompute it unseen.
 */
export class AuditLog {
  private readonly keys = new Map<number, Buffer>();

  constructor(
    private readonly store: Store,
    /** Null where no keychain is reached (the doctor without a core): signatures are not checked. */
    private readonly vault: Vault | null,
    private readonly device: string,
    readonly anchor: AuditAnchor | null,
  ) {}

  /**
   * Appends one entry (inside the caller's transaction when there is one). Free text is neutralised
   * against log injection (control characters escaped, length capped). Never pass a secret.
   */
  async append(
    entry: AuditInput,
    at: number,
    store: Store = this.store,
    /** The caller's transaction's end, when this entry is the last thing it writes (see `AuditRepository.append`). */
    end: TransactionEnd | null = null,
  ): Promise<number> {
    const clean: AuditInput = {
      ...entry,
      actor: neutralise(entry.actor),
      action: neutralise(entry.action),
      target: entry.target === null ? null : neutralise(entry.target),
      detail: entry.detail === null ? null : neutralise(entry.detail),
    };
    const make = async (last: string | null, stored: string | null): Promise<AuditInsert> => {
      // Another store (the target of a move or a connect) has its own audit key: its entry is left
      // unsigned, and the next signed entry there vouches for it.
      const signing = store === this.store ? await this.signingKey(store, stored) : null;
      const prev = last ?? GENESIS;
      const hash = chainHash(prev, at, clean, this.device);
      return {
        at,
        ...clean,
        device: this.device,
        prev_hash: prev,
        hash,
        mac: signing ? mac(signing.key, hash) : null,
        mac_key: signing?.version ?? null,
      };
    };
    // Alone in its transaction, the entry takes the COMMIT with it. Should the head have moved
    // meanwhile (only a writer that skips the lock could), nothing was written: made again when the
    // transaction is its own; a caller's transaction is the caller's to run again.
    const write = () => store.transaction((tx, own) => tx.audit.append(make, own ?? end));
    const seq = await (store.inTransaction ? write() : untilHeadStill(write));
    if (store === this.store) this.anchor?.touch();
    return seq;
  }

  /** Newest first, filtered and paged by `beforeSeq`. */
  async list(filter: AuditFilter, limit: number, beforeSeq?: number): Promise<AuditEntry[]> {
    const rows = await this.store.read.audit.list(filter, limit, beforeSeq);
    return rows.map(toEntry);
  }

  /**
   * Walks the whole chain page by page: each entry must follow its predecessor, each MAC must be the
   * audit key's, and the entry this device anchored must still be there, unchanged. Says where it breaks.
   */
  async verify(): Promise<AuditVerification> {
    const anchor = this.anchor ? await this.anchor.read().catch(() => null) : null;
    let prev = GENESIS;
    let entries = 0;
    let after = 0;
    let unsigned = 0;
    let unchecked = 0;
    let anchorFound = false;
    let head: { seq: number; hash: string } | null = null;
    const broken = (seq: number, reason: AuditBreak): AuditVerification => ({
      ok: false,
      entries,
      brokenAtSeq: seq,
      reason,
      unsigned,
      unchecked,
      anchoredSeq: anchor?.seq ?? null,
    });
    for (;;) {
      const page: AuditRow[] = await this.store.read.audit.page(after, 1000);
      if (page.length === 0) break;
      for (const row of page) {
        const seq = Number(row.seq);
        entries += 1;
        if (row.prev_hash !== prev || chainHash(prev, Number(row.at), row, row.device) !== row.hash)
          return broken(seq, 'changed');
        if (row.mac === null) unsigned += 1;
        else {
          const key = await this.key(Number(row.mac_key)).catch(() => null);
          if (key === null) unchecked += 1;
          else if (!sameMac(mac(key, row.hash), row.mac)) return broken(seq, 'forged');
          else unsigned = 0;
        }
        if (anchor && seq === anchor.seq) {
          if (row.hash !== anchor.hash) return broken(seq, 'changed');
          anchorFound = true;
        }
        prev = row.hash;
        head = { seq, hash: row.hash };
      }
      after = Number(page[page.length - 1]?.seq);
    }
    // Reported at the last entry still there: everything after it that this device saw is gone.
    if (anchor && !anchorFound) return broken(head?.seq ?? 0, 'missing');
    if (head && this.anchor) await this.anchor.raise(head).catch(() => undefined);
    return {
      ok: true,
      entries,
      brokenAtSeq: null,
      reason: null,
      unsigned,
      unchecked,
      anchoredSeq: anchor?.seq ?? null,
    };
  }

  /**
   * The key entries are signed with now (`stored`, the version the append read under the audit
   * lock), made on first use, and made anew when the one in use no longer opens (its keychain item
   * was lost: older entries stay unchecked until it comes back). Runs inside the append's
   * transaction, under its lock: no other writer makes one meanwhile. Null while the vault is locked.
   */
  private async signingKey(store: Store, stored: string | null): Promise<{ version: number; key: Buffer } | null> {
    if (!this.vault || this.vault.health().state === 'locked') return null;
    try {
      if (stored !== null) {
        const key = await this.key(Number(stored)).catch(() => null);
        if (key) return { version: Number(stored), key };
      }
      const version = stored === null ? 1 : Number(stored) + 1;
      const key = randomBytes(32);
      await this.vault.put(AUDIT_OWNER, auditKeyKind(version), key.toString('base64'));
      await store.read.meta.set(SIGNING_KEY, String(version));
      this.keys.set(version, key);
      return { version, key };
    } catch {
      return null;
    }
  }

  private async key(version: number): Promise<Buffer | null> {
    const cached = this.keys.get(version);
    if (cached) return cached;
    if (!this.vault) return null;
    const text = await this.vault.get(AUDIT_OWNER, auditKeyKind(version));
    if (text === null) return null;
    const key = Buffer.from(text, 'base64');
    this.keys.set(version, key);
    return key;
  }
}

/** What a verification found, in words every face can say (the CLI, the badge, the doctor). */
export function verificationWords(v: AuditVerification): Say {
  const words = v.ok
    ? v.unsigned > 0
      ? said('audit.verify.intactUnsigned', { count: v.entries, unsigned: v.unsigned })
      : said('audit.verify.intact', { count: v.entries })
    : said(`audit.verify.${v.reason ?? 'changed'}`, { seq: v.brokenAtSeq ?? 0, anchored: v.anchoredSeq ?? 0 });
  return words.say;
}

/** The vault kind of audit key `version`. */
export function auditKeyKind(version: number): string {
  return `audit-key-v${version}`;
}

/** A new audit key, for a rotation that must leave a removed member unable to sign. */
export function newAuditKey(): string {
  return randomBytes(32).toString('base64');
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: Number(r.seq),
    at: isoTime(Number(r.at)),
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    detail: r.detail,
    device: r.device,
    signed: r.mac !== null,
  };
}

function chainHash(prev: string, at: number, e: AuditInput, device: string | null): string {
  const fields: unknown[] = [at, e.actor, e.role, e.action, e.target, e.outcome, e.detail];
  // Entries from before migration 73 have no device; theirs hash as they always did.
  if (device !== null) fields.push(device);
  return createHash('sha256').update(prev).update(JSON.stringify(fields)).digest('hex');
}

function mac(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(`gatehouse-audit\u0000${hash}`).digest('hex');
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Escapes control, separator, zero-width and bidi characters (shared/text.ts) and caps the length. */
export function neutralise(text: string): string {
  const escaped = neutraliseText(text);
  return escaped.length > MAX_FIELD ? `${escaped.slice(0, MAX_FIELD)}…` : escaped;
}
