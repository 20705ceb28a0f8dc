import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Account, NewAccount } from '../../../../shared/domain';
import { inEnglish } from '../../../../shared/i18n';
import { CoreError } from '../errors';
import { said, type Said } from '../said';
import { requireSecureUrl, type EndpointOverrides } from '../providers/endpoints';
import { PROVIDER_TIMEOUT_MS } from '../providers/http';
import { bigcommerceApi, splitNewAccount, TEMPLATES, type AccountConfig } from '../providers/providers';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import { clientConfiguration } from '../signin/oauth-client';
import type { Repos } from '../store/store';
import { readConfig, toAccount, type AccountRow } from './accounts.model';
import type { ParsedEnrollment } from './enrollment-yaml';

/** Adds an account. BigCommerce tokens are checked against the store before anything is stored. */
export async function addAccount(s: Services, endpoints: EndpointOverrides, input: NewAccount): Promise<Account> {
  const { config, secrets } = splitNewAccount(input);
  await refuseDuplicate(s.store.read, input.provider, input.label, config);
  if (input.provider === 'oidc') requireSecureUrl(input.issuer, 'issuer');
  if ('relayUrl' in input && input.relayUrl) {
    requireSecureUrl(input.relayUrl, 'relayUrl');
    if (input.redirectUri) throw CoreError.say('INVALID_INPUT', 'errors.relayAndRedirect');
  }
  if (input.provider === 'bigcommerce') await checkBigCommerceToken(input.storeHash, input.apiToken, endpoints);
  await s.vault.unlock();
  const id = `${input.provider}-${randomBytes(5).toString('hex')}`;
  const now = s.clock.now();
  await s.store.transaction(async (tx) => {
    // Checked again inside the write transaction: two parallel adds of one store must not both pass.
    await tx.lock('accounts:add');
    await refuseDuplicate(tx, input.provider, input.label, config);
    await tx.accounts.insert({
      id,
      provider: input.provider,
      kind: TEMPLATES[input.provider].kind,
      label: input.label,
      config,
      status: input.provider === 'bigcommerce' ? 'connected' : 'not_connected',
      now,
    });
    if (input.provider === 'bigcommerce') await tx.accounts.touchRefresh(id, now);
    for (const [kind, value] of Object.entries(secrets)) if (value !== undefined) await s.vault.put(id, kind, value);
  });
  s.events.emit('accounts:changed', { ids: [id] });
  const row = await s.store.read.accounts.get(id);
  if (!row) throw CoreError.say('INTERNAL', 'errors.readBack');
  return toAccount(row, now, readSettings(s.prefs).settings);
}

/** A BigCommerce store's new API token: checked against the store, sealed, and the account connected again. */
export async function replaceStoreToken(
  s: Services,
  endpoints: EndpointOverrides,
  id: string,
  apiToken: string,
): Promise<Account> {
  const row = await s.store.read.accounts.get(id);
  if (!row) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id });
  if (TEMPLATES[row.provider].signIn)
    throw CoreError.say('INVALID_INPUT', 'errors.noPastedToken', {
      label: row.label,
      provider: TEMPLATES[row.provider].name,
    });
  await checkBigCommerceToken(readConfig(row).storeHash as string, apiToken, endpoints);
  await s.vault.unlock();
  const now = s.clock.now();
  await s.store.transaction(async (tx) => {
    await s.vault.put(id, 'api_token', apiToken);
    await tx.accounts.restoreStatus(id, now, TEMPLATES[row.provider].signIn);
    await tx.accounts.touchRefresh(id, now);
  });
  s.events.emit('accounts:changed', { ids: [id] });
  return accountView(s, id);
}

/** Disables an account (no keep-alive, no use) or enables it again; its tokens and settings are kept. */
export async function setAccountEnabled(s: Services, id: string, enabled: boolean): Promise<Account> {
  const row = await s.store.read.accounts.get(id);
  if (!row) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id });
  const now = s.clock.now();
  if (!enabled) await s.store.read.accounts.setDisabled(id, now);
  else if (row.status === 'disabled')
    await s.store.read.accounts.restoreStatus(id, now, TEMPLATES[row.provider].signIn);
  s.events.emit('accounts:changed', { ids: [id] });
  return accountView(s, id);
}

/** One account as the faces see it; NOT_FOUND names the id. */
export async function accountView(s: Services, id: string): Promise<Account> {
  const row = await s.store.read.accounts.get(id);
  if (!row) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id });
  return toAccount(row, s.clock.now(), readSettings(s.prefs).settings);
}

/**
 * Removes an account: revokes its refresh (or access) token where the provider has a revocation
 * endpoint, then wipes its secrets and its row even if revoking failed (O17).
 */
export async function removeAccount(
  s: Services,
  endpoints: EndpointOverrides,
  id: string,
): Promise<{ id: string; revoked: boolean; wiped: number }> {
  const row = await s.store.read.accounts.get(id);
  if (!row) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id });
  let revoked = false;
  try {
    revoked = await revoke(s, endpoints, row.provider, readConfig(row), id);
  } catch (error) {
    s.log.warn('accounts.revoke_failed', { account: id, error });
  }
  const wiped = await s.store.transaction(async (tx) => {
    const n = await s.vault.remove(id);
    await tx.accounts.delete(id);
    return n;
  });
  s.events.emit('accounts:changed', { ids: [id] });
  return { id, revoked, wiped };
}

async function revoke(
  s: Services,
  endpoints: EndpointOverrides,
  provider: Account['provider'],
  config: AccountConfig,
  id: string,
): Promise<boolean> {
  if (!TEMPLATES[provider].signIn) return false;
  await s.vault.unlock();
  const token = (await s.vault.get(id, 'refresh_token')) ?? (await s.vault.get(id, 'access_token'));
  if (!token) return false;
  const configuration = await clientConfiguration(
    provider,
    config,
    await s.vault.get(id, 'client_secret'),
    endpoints,
    15,
  );
  if (!configuration.serverMetadata().revocation_endpoint) return false;
  await oidc.tokenRevocation(configuration, token);
  return true;
}

/** All or nothing: any problem refuses the whole import, naming the first ten (each in its words). */
function refuseImport(problems: Said[]): void {
  if (problems.length === 0) return;
  const first = problems.slice(0, 10);
  throw CoreError.say(
    'INVALID_INPUT',
    'errors.nothingImported',
    {
      list: first.map((p) => p.message).join(' '),
      more: problems.length > 10 ? inEnglish('errors.andMore', { count: problems.length - 10 }) : '',
    },
    first.map((p) => ({ field: '', message: p.message, say: p.say })),
  );
}

async function refuseDuplicate(
  repos: Repos,
  provider: Account['provider'],
  label: string,
  config: AccountConfig,
): Promise<void> {
  const duplicate = (await repos.accounts.list()).find((row) => sameAccount(row, provider, label, config))?.id;
  if (duplicate)
    throw CoreError.say('CONFLICT', 'errors.alreadyEnrolled', { provider: TEMPLATES[provider].name, duplicate });
}

/**
 * The settings that say where an account's tokens go or whom they belong to. Changing one on an
 * account that holds tokens would send those tokens to another server or client (a new issuer gets
 * the real refresh token at the next refresh), so it is refused; new scopes need new consent.
 */
export function routingChanges(before: AccountConfig, after: AccountConfig): string[] {
  const fields: (keyof AccountConfig)[] = [
    'issuer',
    'clientId',
    'tenant',
    'mallId',
    'storeHash',
    'redirectUri',
    'relayUrl',
  ];
  const changed: string[] = fields.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
  const had = new Set(before.scopes);
  if (after.scopes.some((scope) => !had.has(scope))) changed.push('scopes');
  return changed;
}

/** Every field whose value differs, for the audit entry. */
function changedFields(row: AccountRow, label: string, after: AccountConfig): string[] {
  const before = readConfig(row);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof AccountConfig>;
  const fields = [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
  return row.label === label ? fields : ['label', ...fields];
}

/** True when an account holds any token (a sign-in completed, or a store API token was pasted). */
async function holdsTokens(s: Services, row: AccountRow): Promise<boolean> {
  if (row.status !== 'not_connected') return true;
  for (const kind of ['access_token', 'refresh_token', 'api_token', 'pending_refresh_token'])
    if (await s.vault.has(row.id, kind)) return true;
  return false;
}

/**
 * Whether a stored row is the account being added or imported: a store by its store hash (or mall
 * and client), a mailbox or identity by its label. Adding and importing use the same rule.
 */
function sameAccount(row: AccountRow, provider: Account['provider'], label: string, config: AccountConfig): boolean {
  if (row.provider !== provider) return false;
  const stored = readConfig(row);
  if (provider === 'bigcommerce') return stored.storeHash === config.storeHash;
  if (provider === 'cafe24') return stored.mallId === config.mallId && stored.clientId === config.clientId;
  return row.label.toLowerCase() === label.toLowerCase();
}

/** GET /v2/store with the token (providers.md 2.3); 401/403 mean the token or its scopes are wrong. */
async function checkBigCommerceToken(storeHash: string, token: string, endpoints: EndpointOverrides): Promise<void> {
  const url = `${bigcommerceApi(storeHash, endpoints)}/v2/store`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'X-Auth-Token': token, Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch {
    throw CoreError.say('INVALID_INPUT', 'errors.bcUnreachable', { storeHash });
  }
  if (response.status === 401 || response.status === 403) {
    throw CoreError.say('INVALID_INPUT', 'errors.bcRejected', { storeHash, status: response.status });
  }
  if (response.status === 404) throw CoreError.say('INVALID_INPUT', 'errors.bcNoStore', { storeHash });
  if (!response.ok) throw CoreError.say('INVALID_INPUT', 'errors.bcStatus', { storeHash, status: response.status });
  const body: unknown = await response.json().catch(() => null);
  if (body === null || typeof body !== 'object')
    throw CoreError.say('INVALID_INPUT', 'errors.bcNotStore', { storeHash });
}

export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  warnings: Said[];
  items: {
    file: string;
    provider: Account['provider'];
    label: string;
    change: 'created' | 'updated' | 'unchanged';
    id: string | null;
    /** For an update: the fields it changes (for the preview and the audit entry). */
    fields?: string[];
  }[];
}

/**
 * Imports enrollment files all-or-nothing: every file is parsed and checked before one transaction
 * writes them. An account is matched by provider and label, so importing the same files twice
 * changes nothing.
 */
export async function importAccounts(
  s: Services,
  endpoints: EndpointOverrides,
  files: { name: string; content: string }[],
  dryRun = false,
): Promise<ImportResult> {
  const problems: Said[] = [];
  const parsed: ParsedEnrollment[] = [];
  // Loaded on the first import: the YAML parser is a tenth of the CLI's bundle, and no other
  // command needs it (each command starts by reading the whole bundle).
  const { parseEnrollmentFile } = await import('./enrollment-yaml');
  for (const file of files) {
    try {
      parsed.push(parseEnrollmentFile(file.name, file.content));
    } catch (error) {
      problems.push(
        error instanceof CoreError && error.say
          ? { message: error.message, say: error.say }
          : said('errors.yaml.unreadable', { file: file.name }),
      );
    }
  }
  const seen = new Map<string, string>();
  for (const p of parsed) {
    const key = `${p.account.provider}\u0000${p.account.label.toLowerCase()}`;
    const other = seen.get(key);
    if (other)
      problems.push(
        said('errors.yaml.same', { file: p.file, provider: p.account.provider, label: p.account.label, other }),
      );
    seen.set(key, p.file);
  }
  refuseImport(problems);
  const existing = await s.store.read.accounts.list();
  await s.vault.unlock();
  const plan: {
    p: ParsedEnrollment;
    row: AccountRow | undefined;
    config: AccountConfig;
    secrets: Partial<Record<string, string>>;
    change: 'created' | 'updated' | 'unchanged';
    fields: string[];
  }[] = [];
  for (const p of parsed) {
    const { config, secrets } = splitNewAccount(p.account);
    if (p.account.provider === 'oidc') requireSecureUrl(p.account.issuer, `${p.file}: issuer`);
    const row = existing.find((r) => sameAccount(r, p.account.provider, p.account.label, config));
    let change: 'created' | 'updated' | 'unchanged' = row ? 'unchanged' : 'created';
    if (row && (row.config !== JSON.stringify(config) || row.label !== p.account.label)) change = 'updated';
    const fields = row && change === 'updated' ? changedFields(row, p.account.label, config) : [];
    if (row && change === 'updated') {
      const routing = routingChanges(readConfig(row), config);
      if (routing.length > 0 && (await holdsTokens(s, row))) {
        problems.push(
          said('errors.yaml.routing', {
            file: p.file,
            fields: routing.join(', '),
            label: row.label,
            id: row.id,
            count: routing.length,
          }),
        );
        continue;
      }
    }
    if (row && change === 'unchanged') {
      for (const [kind, value] of Object.entries(secrets))
        if ((await s.vault.get(row.id, kind)) !== value) change = 'updated';
    }
    if (p.account.provider === 'bigcommerce' && change !== 'unchanged')
      await checkBigCommerceToken(p.account.storeHash, p.account.apiToken, endpoints);
    plan.push({ p, row, config, secrets, change, fields });
  }
  refuseImport(problems);
  const result: ImportResult = { created: [], updated: [], unchanged: [], warnings: [], items: [] };
  for (const item of plan) {
    result.items.push({
      file: item.p.file,
      provider: item.p.account.provider,
      label: item.p.account.label,
      change: item.change,
      id: item.row?.id ?? null,
      ...(item.change === 'updated' ? { fields: item.fields } : {}),
    });
    if (item.p.holdsSecret) {
      result.warnings.push(said('import.plainSecret', { file: item.p.file }));
    }
  }
  if (dryRun) return result;
  const now = s.clock.now();
  await s.store.transaction(async (tx) => {
    await tx.lock('accounts:add');
    for (const item of plan) {
      const id = item.row?.id ?? `${item.p.account.provider}-${randomBytes(5).toString('hex')}`;
      if (item.change === 'created') {
        await tx.accounts.insert({
          id,
          provider: item.p.account.provider,
          kind: TEMPLATES[item.p.account.provider].kind,
          label: item.p.account.label,
          config: item.config,
          status: item.p.account.provider === 'bigcommerce' ? 'connected' : 'not_connected',
          now,
        });
      } else if (item.change === 'updated') {
        await tx.accounts.updateLabelAndConfig(id, item.p.account.label, item.config, now);
      }
      if (item.change !== 'unchanged')
        for (const [kind, value] of Object.entries(item.secrets))
          if (value !== undefined) await s.vault.put(id, kind, value);
      result[item.change].push(id);
      const listed = result.items.find((i) => i.file === item.p.file);
      if (listed) listed.id = id;
    }
  });
  const changed = [...result.created, ...result.updated];
  void s.store.analyzeAfter('accounts', result.created.length);
  if (changed.length > 0) s.events.emit('accounts:changed', { ids: changed });
  return result;
}
