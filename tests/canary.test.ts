import { describe, expect, it } from 'vitest';
import { admin, openCore } from './helpers/core';
import { cli } from './helpers/children';
import { q } from './helpers/sql';
import { dumpDatabase, ENGINE } from './helpers/store';
import { fileSources, findCanaries } from './helpers/scan';
import { tempDir } from './helpers/temp';

/**
 * K4: unique canaries stand in for every kind of secret. After every path that handles secrets today
 * (sealing through the router and the CLI, re-sealing, failures, key mismatch), the database, its
 * -wal and -shm, the logs, the preferences, the audit log, every reply, every event and the CLI's
 * output must not contain one of them.
 */
describe('canary scan', () => {
  it('finds no canary anywhere after sealing, rotating and failing', async () => {
    const canaries = {
      webhook: 'https://hooks.slack.com/services/TCANARY/BCANARY/canary-webhook-5d1e',
      apiKey: 'canary-api-key-0b7c44',
      accessToken: 'canary-access-token-e29f',
      refreshToken: 'canary-refresh-token-a8c3',
      clientSecret: 'canary-client-secret-71d0',
      cliKey: 'canary-cli-key-3f88',
      rejected: 'canary-rejected-value-c4d2',
    };
    const all = Object.values(canaries);
    const dataDir = tempDir();
    const replies: string[] = [];
    const events: string[] = [];
    // This core stays open through the whole test, so the WAL is never checkpointed away.
    const core = await openCore({ dataDir });
    core.events.subscribe((event, payload) => events.push(JSON.stringify([event, payload])));
    const invoke = async (channel: string, input?: unknown) => {
      const result = await core.invoke(channel, input, admin);
      replies.push(JSON.stringify(result));
      return result;
    };
    await core.start();

    await invoke('secrets:set', { name: 'slack-webhook-url', value: canaries.webhook });
    await invoke('secrets:set', { name: 'customer-service-api-key', value: canaries.apiKey });
    await q(core)
      .exec`INSERT INTO accounts(id, provider, kind, label, status, created_at, updated_at) VALUES ('acct-c', 'microsoft', 'mailbox', 'c@example.com', 'connected', 0, 0)`;
    await core.internals.store.transaction(async () => {
      await core.internals.vault.put('acct-c', 'access_token', canaries.accessToken);
      await core.internals.vault.put('acct-c', 'refresh_token', canaries.refreshToken);
      await core.internals.vault.put('acct-c', 'client_secret', canaries.clientSecret);
    });

    // Failures carrying secrets in their input.
    await invoke('secrets:set', { name: 'not-a-secret', value: canaries.rejected });
    await invoke('secrets:set', { name: 'slack-webhook-url', value: `${canaries.rejected}${'x'.repeat(9000)}` });
    await invoke('settings:update', { expiryWarningDays: canaries.rejected });
    await invoke('settings:update', { [canaries.rejected]: 1 });
    await invoke('nope:channel', { value: canaries.rejected });

    await invoke('vault:rotateKey');
    await invoke('vault:status');
    await invoke('secrets:list');
    await invoke('accounts:list');
    await invoke('health:check');

    // A tampered row: the error names the account, never the secret.
    await q(core)
      .exec`UPDATE credentials SET ciphertext = ${Buffer.alloc(40)} WHERE owner = 'acct-c' AND kind = 'access_token'`;
    const mismatch = await core.internals.vault.get('acct-c', 'access_token').catch((e: Error) => e.message);
    replies.push(String(mismatch));
    await invoke('accounts:list');

    // The CLI path: stdin in, nothing out.
    const cliRun = await cli(['secrets', 'set', 'customer-service-api-key', '--data-dir', dataDir], {
      input: canaries.cliKey,
    });
    const cliBad = await cli(['settings', 'set', `expiryWarningDays=${canaries.rejected}`, '--data-dir', dataDir]);
    const cliList = await cli(['--json', 'secrets', 'list', '--data-dir', dataDir]);
    const audit = await invoke('audit:list', { limit: 1000 });
    expect(audit.ok).toBe(true);

    const hits = findCanaries(all, [
      ...fileSources(dataDir),
      // On PostgreSQL the secrets live in the server: everything in it, as pg_dump sees it.
      ...(ENGINE === 'postgres' ? [{ name: 'pg_dump', bytes: await dumpDatabase(dataDir) }] : []),
      { name: 'router replies', bytes: replies.join('\n') },
      { name: 'pushed events', bytes: events.join('\n') },
      ...[cliRun, cliBad, cliList].map((r, i) => ({ name: `cli run ${i}`, bytes: r.stdout + r.stderr })),
    ]);
    expect(hits).toEqual([]);
    // The scan would have seen them: the files it read include the database and its WAL.
    expect(fileSources(dataDir).map((f) => f.name.split('/').pop())).toEqual(
      expect.arrayContaining(
        ENGINE === 'sqlite' ? ['gatehouse.db', 'gatehouse.db-wal', 'gatehouse.log'] : ['gatehouse.log'],
      ),
    );
    // And the values are really there, sealed.
    expect(await core.internals.vault.get('acct-c', 'refresh_token')).toBe(canaries.refreshToken);
    await core.close();
  });
});
