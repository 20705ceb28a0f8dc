import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Account } from '../shared/domain';
import { parseEnrollmentFile } from '../electron/main/core/accounts/enrollment-yaml';
import { cli } from './helpers/children';
import { admin, must, testCore } from './helpers/core';
import { tempDir } from './helpers/temp';

/** Seed 002's file, as written there. */
const SEED = `oauth:
  redirect_uri: http://localhost:5000/auth/callback
  auth_type: "Authorization Code Flow"
  delegated_permissions:
    - Mail.ReadWrite
    - Mail.Send
    - offline_access
client_id: 11111111-2222-3333-4444-555555555555
tenant: contoso.onmicrosoft.com
`;

describe('enrollment YAML', () => {
  it('reads seed 002’s file: a Microsoft mailbox named after the file, with its redirect and permissions', () => {
    const { account, holdsSecret } = parseEnrollmentFile('enrollment/user@company.com.yaml', SEED);
    expect(account).toEqual({
      provider: 'microsoft',
      label: 'user@company.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      tenant: 'contoso.onmicrosoft.com',
      redirectUri: 'http://localhost:5000/auth/callback',
      scopes: ['Mail.ReadWrite', 'Mail.Send', 'offline_access'],
    });
    expect(holdsSecret).toBe(false);
  });

  it.each([
    ['empty', '', /is empty/],
    ['comments only', '# nothing\n', /mapping|is empty/],
    ['two documents', `${SEED}---\n${SEED}`, /2 YAML documents/],
    ['billion laughs', 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n', /anchors or aliases/],
    ['merge key', 'base: &b {client_id: x}\n<<: *b\n', /anchors or aliases|unknown field/],
    [
      'duplicate keys',
      `client_id: a\nclient_id: b\n${SEED.replace(/client_id.*\n/, '')}`,
      /:2:\d+: .*[Mm]ap keys must be unique/,
    ],
    ['__proto__ key', `__proto__: {polluted: true}\n${SEED}`, /unknown field\(s\) "__proto__"/],
    ['custom tag', `client_id: !!js/function "return 1"\ntenant: contoso.com\n`, /js\/function|tag/i],
    [
      'numeric id with leading zero',
      'provider: cafe24\nclient_id: 0123\nclient_secret: s\nmall_id: shop\n',
      /:2:\d+: client_id: Invalid input: expected string/,
    ],
    [
      'mall id that would redirect the code',
      'provider: cafe24\nclient_id: c\nclient_secret: s\nmall_id: "evil.com#"\n',
      /:4:\d+: mall_id: mall id must be/,
    ],
    ['tenant with a path', 'client_id: c\ntenant: "evil.com/x"\n', /:2:\d+: tenant:/],
    [
      'http redirect to another host',
      `client_id: c\ntenant: contoso.com\noauth:\n  redirect_uri: http://evil.example:5000/cb\n`,
      /:4:\d+: oauth.redirect_uri:/,
    ],
    [
      'implicit flow',
      `client_id: c\ntenant: contoso.com\noauth:\n  auth_type: Implicit\n`,
      /auth_type: only "Authorization Code Flow"/,
    ],
    [
      'a field the provider does not use',
      'provider: google\nclient_id: c\nmall_id: shop\n',
      /mall_id: not used by google accounts/,
    ],
    ['a list at the top', '- a\n- b\n', /mapping/],
    ['tabs and bad indentation', 'oauth:\n\tredirect_uri: x\n', /:2:\d+/],
  ])('refuses %s with the file and where', (_name, text, message) => {
    expect(() => parseEnrollmentFile('enrollment/x.yaml', text)).toThrow(message);
  });

  it('refuses a file over the size cap before parsing it', () => {
    expect(() => parseEnrollmentFile('big.yaml', `label: ${'x'.repeat(300 * 1024)}\n`)).toThrow(/larger than 256 KB/);
  });

  it('imports all or nothing, and a second import of the same files changes nothing', async () => {
    const core = await testCore();
    await core.start();
    const files = [
      { name: 'enrollment/a@company.com.yaml', content: SEED },
      { name: 'enrollment/b@company.com.yaml', content: SEED },
      {
        name: 'enrollment/shop.yaml',
        content: 'provider: cafe24\nlabel: My shop\nclient_id: c1\nclient_secret: cafe-secret-1\nmall_id: myshop\n',
      },
    ];
    const broken = [...files, { name: 'enrollment/bad.yaml', content: 'provider: cafe24\nmall_id: "x/y"\n' }];
    const refused = await core.invoke('accounts:import', { files: broken }, admin);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^Nothing was imported\. enrollment\/bad\.yaml: client_id: is required/),
      },
    });
    expect(await must<Account[]>(core, 'accounts:list')).toEqual([]);

    const first = await must<{ created: string[]; unchanged: string[]; warnings: { message: string }[] }>(
      core,
      'accounts:import',
      {
        files,
      },
    );
    expect(first.created).toHaveLength(3);
    expect(first.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('enrollment/shop.yaml holds a secret in plain text'),
    ]);
    const second = await must<{ created: string[]; updated: string[]; unchanged: string[] }>(core, 'accounts:import', {
      files,
    });
    expect(second).toMatchObject({ created: [], updated: [], unchanged: first.created });
    const accounts = await must<Account[]>(core, 'accounts:list');
    expect(accounts.map((a) => a.label)).toEqual(['a@company.com', 'b@company.com', 'My shop']);
    const shop = accounts.find((a) => a.provider === 'cafe24')!;
    expect(await core.internals.vault.get(shop.id, 'client_secret')).toBe('cafe-secret-1');

    const changed = [
      {
        name: 'enrollment/shop.yaml',
        content: 'provider: cafe24\nlabel: My shop\nclient_id: c1\nclient_secret: cafe-secret-2\nmall_id: myshop\n',
      },
    ];
    expect(await must(core, 'accounts:import', { files: changed })).toMatchObject({ updated: [shop.id] });
    expect(await core.internals.vault.get(shop.id, 'client_secret')).toBe('cafe-secret-2');

    const twice = await core.invoke(
      'accounts:import',
      { files: [files[0]!, { ...files[0]!, name: 'other/a@company.com.yaml' }] },
      admin,
    );
    expect(twice).toMatchObject({ ok: false, error: { message: expect.stringContaining('same microsoft account') } });
  });

  it('the CLI imports a folder, reads only regular files, and never prints a secret', async () => {
    const dataDir = tempDir();
    const folder = join(tempDir(), 'enrollment');
    mkdirSync(folder);
    writeFileSync(join(folder, 'user@company.com.yaml'), SEED);
    writeFileSync(
      join(folder, 'shop.yml'),
      'provider: cafe24\nclient_id: c\nclient_secret: yaml-canary-secret-4471\nmall_id: shop1\n',
    );
    writeFileSync(join(folder, 'notes.txt'), 'ignored');
    const ok = await cli(['accounts', 'import', folder, '--data-dir', dataDir]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Imported 2 file\(s\): 2 created, 0 updated, 0 unchanged/);
    expect(ok.stdout).toMatch(/warning: .*shop\.yml holds a secret/);
    expect(ok.stdout).not.toContain('yaml-canary-secret-4471');
    const again = await cli(['accounts', 'import', folder, '--data-dir', dataDir]);
    expect(again.stdout).toMatch(/0 created, 0 updated, 2 unchanged/);

    const link = join(tempDir(), 'link.yaml');
    symlinkSync(join(folder, 'shop.yml'), link);
    const viaLink = await cli(['accounts', 'import', link, '--data-dir', dataDir]);
    expect(viaLink.code).toBe(1);
    expect(viaLink.stderr).toMatch(/not a regular file/);
    const fifo = join(tempDir(), 'pipe.yaml');
    mkfifoSync(fifo);
    expect((await cli(['accounts', 'import', fifo, '--data-dir', dataDir])).stderr).toMatch(/not a regular file/);
  });
});

// node:fs has no mkfifo; use the system's.
function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
