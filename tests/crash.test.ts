import { describe, expect, it } from 'vitest';
import { createCore } from '../electron/main/core/core';
import { bundled, run } from './helpers/children';
import { realKeyStore } from './helpers/core';
import { tempDir } from './helpers/temp';

const SECRETS = 20;

/** SECURITY.md 4.1 for key rotation (K3): kill -9 at every step, then check nothing was lost. */
describe('kill -9 during key rotation', () => {
  it.each(['keychain-set', 'row:0', 'row:10', `row:${SECRETS - 1}`, 'committed'])(
    'crash at %s leaves a consistent vault whose every secret opens',
    async (crashAt) => {
      const dataDir = tempDir();
      const seed = createCore({ dataDir, keyStore: realKeyStore() });
      await seed.start();
      seed.internals.db.transaction(() => {
        for (let i = 0; i < SECRETS; i++) seed.internals.vault.put(`acct-${i}`, 'refresh_token', `rt-${i}`);
      })();
      seed.close();

      const child = await run(process.execPath, [await bundled('tests/fixtures/rotate-child.ts'), dataDir], {
        env: { ...process.env, CRASH_AT: crashAt },
      });
      expect(child.signal).toBe('SIGKILL');

      const after = createCore({ dataDir, keyStore: realKeyStore() });
      await after.start();
      const { db, vault } = after.internals;
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const versions = db.prepare('SELECT DISTINCT key_version FROM credentials').pluck().all();
      // All or nothing: every row under the old key (rolled back) or every row under the new one.
      expect(versions).toEqual([crashAt === 'committed' ? 2 : 1]);
      expect(vault.health()).toMatchObject({ state: 'ready', unreadableOwners: [] });
      for (let i = 0; i < SECRETS; i++) expect(await vault.get(`acct-${i}`, 'refresh_token')).toBe(`rt-${i}`);
      // And the next rotation goes through.
      const next = await vault.rotate();
      expect(next.resealed).toBe(SECRETS);
      after.close();
    },
  );
});
