import type { Kysely } from 'kysely';
import { prepared, preparedWrite } from './prepared';
import type { Schema } from './schema';

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
/** Up to three kinds of one owner in one statement (a refresh's preflight reads three). */
const GET_THREE = prepared((q, owner: string, a: string, b: string, c: string) =>
  q.selectFrom('credentials').select(COLUMNS).where('owner', '=', owner).where('kind', 'in', [a, b, c]),
);
const HAS = prepared((q, owner: string, kind: string) =>
  q.selectFrom('credentials').select('kind').where('owner', '=', owner).where('kind', '=', kind),
);

type Row = { owner: string; kind: string; key_version: number; nonce: Buffer; ciphertext: Buffer; updated_at: number };
/** Inserts `rows`; a secret already stored is replaced by its new sealing. */
const upsertRows = (q: Kysely<Schema>, rows: Row | Row[]) =>
  q
    .insertInto('credentials')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['owner', 'kind']).doUpdateSet((eb) => ({
        key_version: eb.ref('excluded.key_version'),
        nonce: eb.ref('excluded.nonce'),
        ciphertext: eb.ref('excluded.ciphertext'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    );
const UPSERT = preparedWrite(
  (q, owner: string, kind: string, key_version: number, nonce: Buffer, ciphertext: Buffer, updated_at: number) =>
    upsertRows(q, { owner, kind, key_version, nonce, ciphertext, updated_at }),
);
/** Two secrets in one statement (a token response's access and refresh tokens): one round trip. */
const UPSERT_TWO = preparedWrite(
  (q, ...v: [string, string, number, Buffer, Buffer, number, string, string, number, Buffer, Buffer, number]) => {
    const row = (i: number): Row => ({
      owner: v[i] as string,
      kind: v[i + 1] as string,
      key_version: v[i + 2] as number,
      nonce: v[i + 3] as Buffer,
      ciphertext: v[i + 4] as Buffer,
      updated_at: v[i + 5] as number,
    });
    return upsertRows(q, [row(0), row(6)]);
  },
);
const REMOVE_ONE = preparedWrite((q, owner: string, kind: string) =>
  q.deleteFrom('credentials').where('owner', '=', owner).where('kind', '=', kind),
);

/** Every statement about the `credentials` table (written only through the vault, which seals). */
export class CredentialsRepository {
  constructor(private readonly q: Kysely<Schema>) {}

  async upsert(row: CredentialRow, now: number): Promise<void> {
    await UPSERT(this.q, row.owner, row.kind, row.key_version, row.nonce, row.ciphertext, now);
  }

  /** Several sealed secrets, each as `upsert` would store it; two at a time in one statement. */
  async upsertMany(rows: readonly CredentialRow[], now: number): Promise<void> {
    for (let i = 0; i < rows.length; i += 2) {
      const a = rows[i] as CredentialRow;
      const b = rows[i + 1];
      if (!b) await this.upsert(a, now);
      else
        await UPSERT_TWO(
          this.q,
          ...[a.owner, a.kind, a.key_version, a.nonce, a.ciphertext, now],
          ...[b.owner, b.kind, b.key_version, b.nonce, b.ciphertext, now],
        );
    }
  }

  async get(owner: string, kind: string): Promise<CredentialRow | undefined> {
    const [row] = await GET(this.q, owner, kind);
    return normalise(row);
  }

  /** The rows of `kinds` (at most three) that exist, in no particular order. */
  async getKinds(owner: string, kinds: readonly string[]): Promise<CredentialRow[]> {
    if (kinds.length === 0) return [];
    if (kinds.length > 3) throw new Error('getKinds reads at most three kinds at once');
    // Padded with the last kind: one compiled statement serves one, two or three.
    const [a, b = a, c = b] = kinds as [string, string?, string?];
    const rows = await GET_THREE(this.q, owner, a, b, c);
    return rows.map((r) => normalise<CredentialRow>(r));
  }

  async ofOwner(owner: string): Promise<CredentialRow[]> {
    const rows = await this.q.selectFrom('credentials').select(COLUMNS).where('owner', '=', owner).execute();
    return rows.map((r) => normalise<CredentialRow>(r));
  }

  async all(): Promise<CredentialRow[]> {
    const rows = await this.q.selectFrom('credentials').select(COLUMNS).orderBy('owner').orderBy('kind').execute();
    return rows.map((r) => normalise<CredentialRow>(r));
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
function normalise<T extends { nonce: Buffer; ciphertext: Buffer } | undefined>(row: T): T {
  if (!row) return row;
  return { ...row, nonce: Buffer.from(row.nonce), ciphertext: Buffer.from(row.ciphertext) };
}
