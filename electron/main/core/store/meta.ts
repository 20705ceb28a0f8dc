import type { Kysely } from 'kysely';
import { prepared } from './prepared';
import type { Schema } from './schema';

const GET = prepared((q, key: string) => q.selectFrom('meta').select('value').where('key', '=', key));

/** Every statement about the `meta` table: install id, key version and key state. */
export class MetaRepository {
  constructor(private readonly q: Kysely<Schema>) {}

  async get(key: string): Promise<string | null> {
    const [row] = await GET(this.q, key);
    return row?.value ?? null;
  }

  /** Several keys in one statement (one snapshot of them): the values held, by key. */
  async getMany(keys: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.q
      .selectFrom('meta')
      .select(['key', 'value'])
      .where('key', 'in', [...keys])
      .execute();
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  async set(key: string, value: string): Promise<void> {
    await this.q
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }

  /** Writes the value only when the key has none yet; returns the value that holds. */
  async setOnce(key: string, value: string): Promise<string> {
    // Read first: every start asks, and only the first ever writes (a write takes the store's lock).
    const held = await this.get(key);
    if (held !== null) return held;
    await this.q
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.get(key)) as string;
  }

  async delete(key: string): Promise<void> {
    await this.q.deleteFrom('meta').where('key', '=', key).execute();
  }
}
