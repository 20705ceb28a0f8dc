/**
 * Statements of one transaction issued together: on PostgreSQL they leave on its connection at once
 * and wait for one round trip (see `pipelinedTransaction`); SQLite runs them one after another. Unlike
 * `Promise.all`, it waits until every one has settled before it answers, so no branch is still
 * running (and issuing statements) when the transaction's callback returns and the transaction ends:
 * a branch that went on would find the transaction gone, and `store.read` outside any. Throws the
 * first error to arrive (the later ones are usually PostgreSQL's "current transaction is aborted").
 */
export async function together<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  let first: { error: unknown } | null = null;
  const settled = await Promise.allSettled(
    promises.map((p: Promise<unknown>) =>
      p.catch((error: unknown) => {
        first ??= { error };
        throw error;
      }),
    ),
  );
  if (first) throw (first as { error: unknown }).error;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
