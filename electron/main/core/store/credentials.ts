import { sql, type Kysely, type OnConflictBuilder, type RawBuilder } from 'kysely';
import { prepared, preparedWrite } from './prepared';
import type { Schema } from './schema';
import type { Engine } from './store';

/** One sealed secret: ciphertext only, never a plaintext. */
export interface CredentialRow {
  owner: string;
  kind: string;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

const COLUMNS = ['owner', 'kind', 'key_version', 'nonce', 'ciphertext'] as const;

const GET = prepared((q, owner: string, kind: string) =>
  q.selectFrom('credentials').select(COLUMNS).where('owner', '=', owner).where('kind', '=', kind),
);
const HAS = prepared((q, owner: string, kind: string) =>
  q.selectFrom('credentials').select('kind').where('owner', '=', owner).where('kind', '=', kind),
);

/** A secret already stored is replaced by its new sealing. */
const replaceSealing = (oc: OnConflictBuilder<Schema, 'credentials'>) =>
  oc.columns(['owner', 'kind']).doUpdateSet((eb) => ({
    key_version: eb.ref('excluded.key_version'),
    nonce: eb.ref('excluded.nonce'),
    ciphertext: eb.ref('excluded.ciphertext'),
    updated_at: eb.ref('excluded.updated_at'),
  }));
/** Inserts one sealed secret (see `replaceSealing`). */
const UPSERT = preparedWrite(
  (q, owner: string, kind: string, key_version: number, nonce: Buffer, ciphertext: Buffer, updated_at: number) =>
    q
      .insertInto('credentials')
      .values({ owner, kind, key_version, nonce, ciphertext, updated_at })
      .onConflict(replaceSealing),
);
/**
 * One or two rows inserted or replaced only while `meta`'s `key` holds `value`: the check and the
 * write in one statement. PostgreSQL types a VALUES list by its first row, so that row says what its
 * parameters are (SQLite takes them as they come and has no BYTEA). Both engines name a VALUES
 * list's columns column1, column2…
 */
function guardedUpsert(engine: Engine, rows: 1 | 2) {
  const cast = (type: string) =>
    engine === 'postgres'
      ? (p: RawBuilder<unknown>) => sql`CAST(${p} AS ${sql.raw(type)})`
      : (p: RawBuilder<unknown>) => p;
  return preparedWrite((q, ...v: (string | number | Buffer)[]) => {
    const value = (i: number) => sql`${v[i]}`;
    const first = sql.join([
      cast('text')(value(0)),
      cast('text')(value(1)),
      cast('integer')(value(2)),
      cast('bytea')(value(3)),
      cast('bytea')(value(4)),
      cast('bigint')(value(5)),
    ]);
    const second = rows === 2 ? sql`, (${sql.join([6, 7, 8, 9, 10, 11].map(value))})` : sql``;
    const [key, held] = [value(rows * 6), value(rows * 6 + 1)];
    return q
      .insertInto('credentials')
      .columns(['owner', 'kind', 'key_version', 'nonce', 'ciphertext', 'updated_at'])
      .expression(
        sql`SELECT column1, column2, column3, column4, column5, column6 FROM (VALUES (${first})${second}) AS v
          WHERE EXISTS (SELECT 1 FROM meta WHERE key = ${key} AND value = ${held})`,
      )
      .onConflict(replaceSealing);
  });
}
const GUARDED = {
  sqlite: [guardedUpsert('sqlite', 1), guardedUpsert('sqlite', 2)],
  postgres: [guardedUpsert('postgres', 1), guardedUpsert('postgres', 2)],
} as const;

const REMOVE_ONE = preparedWrite((q, owner: string, kind: string) =>
  q.deleteFrom('credentials').where('owner', '=', owner).where('kind', '=', kind),
);

/** Every statement about the `credentials` table (written only through the vault, which seals). */
export class CredentialsRepository {
  constructor(
    private readonly q: Kysely<Schema>,
    private readonly engine: Engine,
  ) {}

  async upsert(row: CredentialRow, now: number): Promise<void> {
    await UPSERT(this.q, row.owner, row.kind, row.key_version, row.nonce, row.ciphertext, now);
  }

  /**
   * Stores `rows` (as `upsert` does, a pair in one statement) only while `meta`'s `guard.key` still holds `guard.value`,
   * each pair checked and written in one statement: the vault's "is my key still the current one?"
   * costs no round trip of its own. Returns false, having written nothing of that pair, when it no
   * longer holds.
   */
  async upsertManyWhile(
    rows: readonly CredentialRow[],
    now: number,
    guard: { key: string; value: string },
  ): Promise<boolean> {
    for (let i = 0; i < rows.length; i += 2) {
      const pair = rows.slice(i, i + 2);
      const values = pair.flatMap((r) => [r.owner, r.kind, r.key_version, r.nonce, r.ciphertext, now]);
      const written = await GUARDED[this.engine][pair.length - 1]!(this.q, ...values, guard.key, guard.value);
      if (written === 0) return false;
    }
    return true;
  }

  async get(owner: string, kind: string): Promise<CredentialRow | undefined> {
    const [row] = await GET(this.q, owner, kind);
    return sealedRow(row);
  }

  async ofOwner(owner: string): Promise<CredentialRow[]> {
    const rows = await this.q.selectFrom('credentials').select(COLUMNS).where('owner', '=', owner).execute();
    return rows.map((r) => sealedRow(r));
  }

  async all(): Promise<CredentialRow[]> {
    const rows = await this.q.selectFrom('credentials').select(COLUMNS).orderBy('owner').orderBy('kind').execute();
    return rows.map((r) => sealedRow(r));
  }

  async has(owner: string, kind: string): Promise<boolean> {
    return (await HAS(this.q, owner, kind)).length > 0;
  }

  /** Deletes one secret, or every secret of an owner; returns how many. */
  async remove(owner: string, kind?: string): Promise<number> {
    if (kind !== undefined) return REMOVE_ONE(this.q, owner, kind);
    const result = await this.q.deleteFrom('credentials').where('owner', '=', owner).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** When each secret of an owner was last written, by kind. */
  listKinds(owner: string): Promise<{ kind: string; updatedAt: number }[]> {
    return this.q
      .selectFrom('credentials')
      .select(['kind', 'updated_at as updatedAt'])
      .where('owner', '=', owner)
      .orderBy('kind')
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.q
      .selectFrom('credentials')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The key versions some secret is sealed under. */
  async keyVersions(): Promise<number[]> {
    const rows = await this.q.selectFrom('credentials').select('key_version').distinct().execute();
    return rows.map((r) => r.key_version);
  }

  /** Owners with a secret sealed under one key version. */
  async ownersUnder(version: number): Promise<string[]> {
    const rows = await this.q
      .selectFrom('credentials')
      .select('owner')
      .distinct()
      .where('key_version', '=', version)
      .execute();
    return rows.map((r) => r.owner);
  }

  /** Replaces one secret's ciphertext (a key rotation), keeping when it was written. */
  async reseal(
    owner: string,
    kind: string,
    sealed: { key_version: number; nonce: Buffer; ciphertext: Buffer },
  ): Promise<void> {
    await this.q.updateTable('credentials').set(sealed).where('owner', '=', owner).where('kind', '=', kind).execute();
  }
}

/** PostgreSQL's BYTEA and SQLite's BLOB both arrive as Buffers; keep exactly that shape. */
export function sealedRow<T extends { nonce: Buffer; ciphertext: Buffer } | undefined>(row: T): T {
  if (!row) return row;
  return { ...row, nonce: Buffer.from(row.nonce), ciphertext: Buffer.from(row.ciphertext) };
}
