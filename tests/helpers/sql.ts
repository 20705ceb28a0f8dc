import { sql } from 'kysely';
import type { Core } from '../../electron/main/core/core';

type Tag<R> = (strings: TemplateStringsArray, ...values: unknown[]) => Promise<R>;

/**
 * Raw SQL from outside the store, on whichever engine the core runs: tests inspect and damage the
 * tables the way an outsider with the database would. Values are bound parameters on both engines.
 *
 *     await q(core).exec`UPDATE accounts SET next_refresh_at = 0 WHERE id = ${id}`;
 *     const n = await q(core).one<number>`SELECT count(*) FROM credentials`;
 */
export function q(core: Core): {
  all: <T = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]) => Promise<T[]>;
  one: <T = unknown>(strings: TemplateStringsArray, ...values: unknown[]) => Promise<T>;
  exec: Tag<number>;
} {
  const db = core.internals.store.db;
  const all = async <T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> =>
    (await sql<T>(strings, ...values).execute(db)).rows;
  return {
    all,
    one: async <T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T> => {
      const [row] = await all<Record<string, unknown>>(strings, ...values);
      return (row === undefined ? undefined : Object.values(row)[0]) as T;
    },
    exec: async (strings, ...values) => Number((await sql(strings, ...values).execute(db)).numAffectedRows ?? 0),
  };
}
