import { describe, expect, it } from 'vitest';
import { bundled, run } from './helpers/children';
import { openCore } from './helpers/core';
import { q } from './helpers/sql';
import { ENGINE, storeUrlFor } from './helpers/store';
import { tempDir } from './helpers/temp';

const SECRETS = 20;

/** SECURITY.md 4.1 for key rotation (K3): kill -9 at every step, then check nothing was lost. */
describe('kill -9 during key rotation', () => {
  it.each(['keychain-set', 'row:0', 'row:10', `row:${SECRETS - 1}`, 'committed'])(
    'crash at %s leaves a consistent vault whose every secret opens',
    async (crashAt) => {
      const dataDir = tempDir();
      const seed = await openCore({ dataDir });
      await seed.start();
      await seed.internals.store.transaction(async () => {
        for (let i = 0; i < SECRETS; i++) await seed.internals.vault.put(`acct-${i}`, 'refresh_token', `rt-${i}`);
      });
      await seed.close();
      const storeUrl = await storeUrlFor(dataDir);

      const child = await run(process.execPath, [await bundled('tests/fixtures/rotate-child.ts'), dataDir], {
        env: { ...process.env, CRASH_AT: crashAt, ...(storeUrl ? { GATEHOUSE_STORE_URL: storeUrl } : {}) },
      });
      // A child that ended some other way says why on stderr (a keychain that timed out under load, ...).
      expect(child.signal, `exit ${child.code}: ${child.stderr.slice(-2000)}`).toBe('SIGKILL');

      const after = await openCore({ dataDir });
      await after.start();
      const { store, vault } = after.internals;
      if (ENGINE === 'sqlite') expect(store.sqlite?.pragma('integrity_check', { simple: true })).toBe('ok');
      const versions = (await q(after).all<{ v: number }>`SELECT DISTINCT key_version AS v FROM credentials`).map(
        (r) => r.v,
      );
      // All or nothing: every row under the old key (rolled back) or every row under the new one.
      expect(versions).toEqual([crashAt === 'committed' ? 2 : 1]);
      expect(vault.health()).toMatchObject({ state: 'ready', unreadableOwners: [] });
      for (let i = 0; i < SECRETS; i++) expect(await vault.get(`acct-${i}`, 'refresh_token')).toBe(`rt-${i}`);
      // And the next rotation goes through.
      const next = await vault.rotate();
      expect(next.resealed).toBe(SECRETS);
      await after.close();
    },
  );
});
