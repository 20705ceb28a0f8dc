import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { CoreError } from '../errors';
import type { Schema } from './schema';
import { Store as StoreClass, type Store } from './store';

/** The tables a move copies, parents first, each with the columns that order it. */
const TABLES: { name: keyof Schema; order: string[] }[] = [
  { name: 'meta', order: ['key'] },
  { name: 'accounts', order: ['id'] },
  { name: 'credentials', order: ['owner', 'kind'] },
  { name: 'audit_log', order: ['seq'] },
  { name: 'auth_sessions', order: ['id'] },
  { name: 'incidents', order: ['id'] },
  { name: 'sync_runs', order: ['id'] },
  { name: 'members', order: ['id'] },
  { name: 'member_keys', order: ['member_id', 'key_version'] },
];
/** A refresh lease names a process of the old store's machines: it is never copied. */
const PAGE = 500;

export interface TableMove {
  table: string;
  rows: number;
  /** SHA-256 over every row (ciphertext included, as bytes), independent of order: equal on both sides. */
  digest: string;
}

export interface MoveReport {
  from: string;
  to: string;
  dryRun: boolean;
  tables: TableMove[];
  /** After a real move: the target's tables, read back. */
  verified: boolean;
}

/**
 * Copies everything a store holds into an empty one: the same rows, ids, audit hashes and sealed
 * ciphertext (so the keychain items that open them are the same), in one transaction on the
 * target, then reads the target back and compares each table's digest. The source is not changed.
 * A dry run says what would move and changes nothing.
 */
export async function moveStore(from: Store, to: Store | { location: string }, dryRun: boolean): Promise<MoveReport> {
  if (from.location === to.location) throw CoreError.say('INVALID_INPUT', 'errors.moveSame');
  const target = to instanceof StoreClass ? to : null;
  const occupied = target ? await nonEmpty(target.db) : [];
  if (occupied.length > 0)
    throw CoreError.say('CONFLICT', 'errors.moveOccupied', { to: to.location, tables: occupied.join(', ') });
  const tables: TableMove[] = [];
  for (const t of TABLES) tables.push({ table: t.name, ...(await digest(from.db, t)) });
  const report: MoveReport = { from: from.location, to: to.location, dryRun, tables, verified: false };
  if (dryRun) return report;
  if (!target) throw new CoreError('INTERNAL', 'A move needs an open target store.');
  await target.db.transaction().execute(async (trx) => {
    for (const t of TABLES) {
      for (let offset = 0; ; offset += PAGE) {
        const rows = await page(from.db, t, offset);
        if (rows.length === 0) break;
        await trx.insertInto(t.name).values(rows).execute();
      }
    }
    if (target.engine === 'postgres') {
      // Identity columns continue after the copied ids.
      for (const [table, column] of [
        ['audit_log', 'seq'],
        ['incidents', 'id'],
      ] as const)
        await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), COALESCE((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
          trx,
        );
    }
  });
  for (const t of tables) {
    const after = await digest(
      target.db,
      TABLES.find((x) => x.name === t.table)!,
    );
    if (after.rows !== t.rows || after.digest !== t.digest)
      throw CoreError.say('INTERNAL', 'errors.moveDiffers', {
        table: t.table,
        to: to.location,
        rows: after.rows,
        expected: t.rows,
      });
  }
  // A moved store is read at once: its planner statistics come with it, not a minute later.
  for (const t of tables) await target.analyzeAfter(t.table as keyof Schema, t.rows);
  report.verified = true;
  return report;
}

async function nonEmpty(db: Kysely<Schema>): Promise<string[]> {
  const found: string[] = [];
  for (const t of TABLES) {
    const row = await db
      .selectFrom(t.name)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) found.push(`${Number(row.n)} ${t.name}`);
  }
  return found;
}

function page(db: Kysely<Schema>, t: (typeof TABLES)[number], offset: number): Promise<Record<string, unknown>[]> {
  let query = db.selectFrom(t.name).selectAll();
  for (const column of t.order) query = query.orderBy(sql.ref(column));
  return query.limit(PAGE).offset(offset).execute();
}

async function digest(db: Kysely<Schema>, t: (typeof TABLES)[number]): Promise<{ rows: number; digest: string }> {
  // Each row hashed on its own and the hashes sorted: the engines may order text differently.
  const rowHashes: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const batch = await page(db, t, offset);
    if (batch.length === 0) break;
    for (const row of batch) {
      const keys = Object.keys(row).sort();
      const text = JSON.stringify(keys.map((k) => [k, canonical(row[k])]));
      rowHashes.push(createHash('sha256').update(text).digest('hex'));
    }
  }
  rowHashes.sort();
  const hash = createHash('sha256');
  for (const h of rowHashes) hash.update(h);
  return { rows: rowHashes.length, digest: hash.digest('hex') };
}

/** One value as both engines give it: bytes as hex, every number as a number. */
function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return Number(value);
  return value;
}
