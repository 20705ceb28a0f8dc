import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Schema } from './schema';

type Build<P extends unknown[], R> = (q: Kysely<Schema>, ...params: P) => { compile(): CompiledQuery<R> };

/**
 * A hot query built and compiled once per connection kind, then run with new parameters: the
 * keep-alive runs the same few statements thousands of times, and building them was a measurable
 * share of a refresh (B3). `build` must take its parameters, in order, from the values it is given,
 * and put no value of its own into the statement (a constant would be replaced by a parameter).
 */
function compiledOnce<P extends unknown[], R>(
  build: Build<P, R>,
): (q: Kysely<Schema>, ...params: P) => Promise<QueryResult<R>> {
  const compiled = new WeakMap<object, CompiledQuery<R>>();
  return (q, ...params) => {
    // One compiled form per executor (the Kysely instance or a transaction share the dialect).
    const key = q.getExecutor().adapter as object;
    let c = compiled.get(key);
    if (!c) {
      c = build(q, ...params).compile();
      compiled.set(key, c);
    }
    return q.executeQuery<R>({ ...c, parameters: params });
  };
}

/** A hot read (see `compiledOnce`): its rows. */
export function prepared<P extends unknown[], R>(
  build: Build<P, R>,
): (q: Kysely<Schema>, ...params: P) => Promise<R[]> {
  const run = compiledOnce(build);
  return async (q, ...params) => (await run(q, ...params)).rows;
}

/** A hot write (see `compiledOnce`): how many rows it changed. */
export function preparedWrite<P extends unknown[]>(
  build: Build<P, unknown>,
): (q: Kysely<Schema>, ...params: P) => Promise<number> {
  const run = compiledOnce(build);
  return async (q, ...params) => Number((await run(q, ...params)).numAffectedRows ?? 0);
}
