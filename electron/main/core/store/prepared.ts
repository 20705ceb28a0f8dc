import type { CompiledQuery, Kysely } from 'kysely';
import type { Schema } from './schema';

/**
 * A hot query built and compiled once per connection kind, then run with new parameters: the
 * keep-alive runs the same few reads thousands of times, and building them was a measurable share of
 * a refresh (B3). `build` must take its parameters, in order, from the values it is given.
 */
export function prepared<P extends unknown[], R>(
  build: (q: Kysely<Schema>, ...params: P) => { compile(): CompiledQuery<R> },
): (q: Kysely<Schema>, ...params: P) => Promise<R[]> {
  const compiled = new WeakMap<object, CompiledQuery<R>>();
  return async (q, ...params) => {
    // One compiled form per executor (the Kysely instance or a transaction share the dialect).
    const key = q.getExecutor().adapter as object;
    let c = compiled.get(key);
    if (!c) {
      c = build(q, ...params).compile();
      compiled.set(key, c);
    }
    const result = await q.executeQuery<R>({ ...c, parameters: params });
    return result.rows;
  };
}
