import { it } from 'vitest';
import { sql } from 'kysely';
import { must, testCore } from './helpers/core';
import { seedAccounts } from './helpers/seed';

it('explain', async () => {
  const core = await testCore();
  const store = core.internals.store;
  await seedAccounts(store, 100_000, Date.now());
  await must(core, 'accounts:window', { limit: 1 });
  if (store.engine === 'postgres') await sql`VACUUM ANALYZE accounts`.execute(store.db);
  for (const search of ['user0004', 'shop12', 'us', 'invalid_grant', 'zzz']) {
    const ms: string[] = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const w = await must<{ matching: number }>(core, 'accounts:window', { search, sort: 'expiry', limit: 100, counts: false });
      n = w.matching;
      ms.push((performance.now() - t0).toFixed(1));
    }
    console.log('search', search, n, ms.join(' '));
  }
}, 180_000);
