import type { ResyncResult, ResyncTarget, ResyncTargetState, ResyncUser, Settings } from '../../../../shared/domain';
import type { AccountRow } from '../accounts/accounts.model';
import { CoreError } from '../errors';
import { said, type Said } from '../said';
import type { EndpointOverrides } from '../providers/endpoints';
import { requireSecureUrl } from '../providers/endpoints';
import { providerFetch, type ProviderResponse } from '../providers/http';
import { bigcommerceApi, cafe24Api } from '../providers/providers';
import { readConfig } from '../accounts/accounts.model';
import type { Services } from '../services';
import { waitFromHeaders } from '../tokens/classify';
import type { Refresher } from '../tokens/refresher';
import { SETTINGS_OWNER } from '../vault/vault';

/** A target's name as the screens label it, in English (the CLI). */
export function targetName(target: ResyncTarget): string {
  return said(`resync.target.${target === 'customer-service' ? 'customerService' : target}`).message;
}

/** Each target's proper name, inside messages (its label on screen is `resync.target.<target>`). */
export const TARGET_LABEL: Record<ResyncTarget, string> = {
  'customer-service': 'Customer Service',
  bigcommerce: 'BigCommerce',
  cafe24: 'Cafe24',
};

/** The longest a re-sync waits on one rate limit before it gives up and says so. */
const MAX_RATE_WAIT_MS = 60_000;
const MAX_RATE_RETRIES = 3;

export interface TargetContext {
  s: Services;
  refresher: Refresher;
  endpoints: EndpointOverrides;
  settings: Settings;
  user: ResyncUser;
  requestedBy: string;
  /** Per-target gate: bounded concurrency and a shared pause after a 429. */
  gate: Gate;
}

/**
 * Bounded concurrency for one target, and a pause that every caller honours once the provider said
 * "slow down" (429), so a list of users never hammers a rate-limited API.
 */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      return await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}

/** The enrolled account a target uses, when it is set and of the right provider. */
export async function targetAccount(
  s: Services,
  id: string,
  provider: 'bigcommerce' | 'cafe24' | 'oidc',
): Promise<AccountRow | null> {
  if (!id) return null;
  const row = await s.store.read.accounts.get(id);
  return row && row.provider === provider ? row : null;
}

/** Which targets are configured, and with what. */
export async function targetStates(s: Services, settings: Settings): Promise<ResyncTargetState[]> {
  const bc = await targetAccount(s, settings.resyncBigcommerceAccountId, 'bigcommerce');
  const c24 = await targetAccount(s, settings.resyncCafe24AccountId, 'cafe24');
  // Ready means it can be sent to: a URL and a credential (a wiped API key makes it not ready).
  const credential: Said | null =
    settings.customerServiceAuth === 'api-key'
      ? (await s.vault.has(SETTINGS_OWNER, 'customer-service-api-key'))
        ? null
        : said('resync.target.notReadyKey')
      : settings.customerServiceIdentityAccountId &&
          (await s.store.read.accounts.exists(settings.customerServiceIdentityAccountId))
        ? null
        : said('resync.target.notReadyIdp');
  const state = (target: ResyncTarget, configured: boolean, detail: Said): ResyncTargetState => {
    const label = said(`resync.target.${target === 'customer-service' ? 'customerService' : target}`);
    return {
      target,
      label: label.message,
      configured,
      detail: detail.message,
      say: { label: label.say, detail: detail.say },
    };
  };
  const endpoint = `POST ${settings.customerServiceUrl.replace(/\/$/, '')}/land/api/v1/users/sync`;
  return [
    state(
      'customer-service',
      settings.customerServiceUrl !== '' && credential === null,
      !settings.customerServiceUrl
        ? said('resync.target.csNotConfigured')
        : (credential ??
            said(settings.customerServiceAuth === 'api-key' ? 'resync.target.csWithKey' : 'resync.target.csWithIdp', {
              endpoint,
            })),
    ),
    state(
      'bigcommerce',
      bc !== null,
      bc ? said('resync.target.bcReady', { label: bc.label }) : said('resync.target.bcNotConfigured'),
    ),
    state(
      'cafe24',
      c24 !== null,
      c24 ? said('resync.target.c24Ready', { label: c24.label }) : said('resync.target.c24NotConfigured'),
    ),
  ];
}

type Attempt = () => Promise<ProviderResponse>;

/**
 * Sends a request through the target's gate; a 429 pauses the gate for as long as the provider asked
 * (its own headers) and tries again, at most three times. A 429 means "not processed", so even a
 * POST is safe to repeat; nothing else is retried.
 */
async function limited(gate: Gate, attempt: Attempt): Promise<ProviderResponse> {
  for (let i = 0; ; i++) {
    const response = await gate.run(attempt);
    if (response.status !== 429 || i >= MAX_RATE_RETRIES) return response;
    const wait = Math.min(MAX_RATE_WAIT_MS, waitFromHeaders(response.headers, Date.now()) ?? 2_000 * 2 ** i);
    gate.pause(wait);
  }
}

export function result(
  target: ResyncTarget,
  outcome: ResyncResult['outcome'],
  words: Said,
  extra: { customerId?: string | null; httpStatus?: number | null } = {},
): ResyncResult {
  return {
    target,
    outcome,
    message: words.message,
    say: words.say,
    customerId: extra.customerId ?? null,
    httpStatus: extra.httpStatus ?? null,
  };
}

/** Why a target failed, by status; a target's own reasons first (`resync.because.<reason>`). */
type Because = 'csData' | 'csNotFound' | 'bcRefusedNew' | 'tooLarge' | 'c24Scope' | 'c24NoList';

function failure(target: ResyncTarget, response: ProviderResponse, own: Record<number, Because> = {}): ResyncResult {
  const status = response.status;
  const because =
    own[status] ??
    (status === 429
      ? 'rateLimited'
      : status === 401 || status === 403
        ? 'credentials'
        : status >= 500
          ? 'server'
          : !response.isJson
            ? 'notJson'
            : 'unexpected');
  return result(target, 'failed', said(`resync.because.${because}`, { name: TARGET_LABEL[target], status }), {
    httpStatus: status,
  });
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0 && value.length <= 100) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Customer Service `POST /land/api/v1/users/sync` with seed 001's `UserSyncData`. */
export async function syncCustomerService(ctx: TargetContext): Promise<ResyncResult> {
  const t = 'customer-service' as const;
  const { settings, user } = ctx;
  if (!settings.customerServiceUrl) return result(t, 'skipped', said('resync.says.csNotConfigured'));
  if (!user.auth0Id) return result(t, 'skipped', said('resync.says.csNeedsAuth0'));
  let token: string | null;
  if (settings.customerServiceAuth === 'api-key') {
    token = await ctx.s.vault.get(SETTINGS_OWNER, 'customer-service-api-key');
    if (!token) return result(t, 'failed', said('resync.says.csNoKey'));
  } else {
    if (!settings.customerServiceIdentityAccountId) return result(t, 'failed', said('resync.says.csNoIdp'));
    token = (await ctx.refresher.accessToken(settings.customerServiceIdentityAccountId)).token;
  }
  const base = requireSecureUrl(settings.customerServiceUrl, 'customerServiceUrl').href.replace(/\/$/, '');
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || (user.email.split('@')[0] as string);
  const body = {
    auth0Id: user.auth0Id,
    email: user.email,
    name,
    ...(user.firstName ? { firstName: user.firstName } : {}),
    ...(user.lastName ? { lastName: user.lastName } : {}),
    ...(user.companyId ? { companyId: user.companyId } : {}),
    userType: user.userType ?? 'user',
    metadata: { source: 'gatehouse', requestedBy: ctx.requestedBy },
  };
  const response = await limited(ctx.gate, () =>
    providerFetch(`${base}/land/api/v1/users/sync`, {
      method: 'POST',
      headers: { 'X-Service-Name': 'gatehouse', Authorization: `Bearer ${token}` },
      body,
    }),
  );
  if (response.status >= 200 && response.status < 300) {
    const json = response.json as { userId?: unknown; id?: unknown; data?: { id?: unknown } } | null;
    const id = idOf(json?.userId) ?? idOf(json?.id) ?? idOf(json?.data?.id);
    return result(t, 'synced', id ? said('resync.says.csSyncedId', { id }) : said('resync.says.csSynced'), {
      customerId: id,
      httpStatus: response.status,
    });
  }
  return failure(t, response, { 400: 'csData', 422: 'csData', 404: 'csNotFound' });
}

interface BcCustomer {
  id?: unknown;
  email?: unknown;
}

/**
 * Looks a customer up by email in a BigCommerce store (`GET /v3/customers?email:in=`): the id when
 * one has exactly this email (case-insensitive), with the response for its status.
 */
export async function findBigCommerceCustomer(
  ctx: TargetContext,
  row: AccountRow,
): Promise<{ id: string | null; response: ProviderResponse }> {
  const { token } = await ctx.refresher.accessToken(row.id);
  const api = bigcommerceApi(readConfig(row).storeHash as string, ctx.endpoints);
  const email = ctx.user.email;
  const response = await limited(ctx.gate, () =>
    providerFetch(`${api}/v3/customers?${new URLSearchParams({ 'email:in': email }).toString()}`, {
      headers: { 'X-Auth-Token': token },
    }),
  );
  if (response.status !== 200) return { id: null, response };
  const data = (response.json as { data?: unknown } | null)?.data;
  const match = Array.isArray(data)
    ? (data as BcCustomer[]).find((c) => typeof c.email === 'string' && c.email.toLowerCase() === email.toLowerCase())
    : undefined;
  return { id: match ? idOf(match.id) : null, response };
}

/** BigCommerce Customers v3 get-or-create by email (providers.md 2.4, seed 000). */
export async function syncBigCommerce(ctx: TargetContext): Promise<ResyncResult> {
  const t = 'bigcommerce' as const;
  const row = await targetAccount(ctx.s, ctx.settings.resyncBigcommerceAccountId, 'bigcommerce');
  if (!row) return result(t, 'skipped', said('resync.says.bcNotChosen'));
  const { token } = await ctx.refresher.accessToken(row.id);
  const api = bigcommerceApi(readConfig(row).storeHash as string, ctx.endpoints);
  const email = ctx.user.email;
  const find = () => findBigCommerceCustomer(ctx, row);
  const found = await find();
  if (found.response.status !== 200) return failure(t, found.response);
  if (found.id)
    return result(t, 'existing', said('resync.says.bcExists', { id: found.id, label: row.label }), {
      customerId: found.id,
      httpStatus: 200,
    });
  if (!ctx.user.firstName || !ctx.user.lastName)
    return result(t, 'skipped', said('resync.says.bcNeedsNames', { label: row.label }));
  const created = await limited(ctx.gate, () =>
    providerFetch(`${api}/v3/customers`, {
      method: 'POST',
      headers: { 'X-Auth-Token': token },
      body: [{ email, first_name: ctx.user.firstName, last_name: ctx.user.lastName }],
    }),
  );
  if (created.status === 200 || created.status === 201) {
    const data = (created.json as { data?: unknown } | null)?.data;
    const newId = Array.isArray(data) ? idOf((data[0] as BcCustomer | undefined)?.id) : null;
    return result(
      t,
      'created',
      newId
        ? said('resync.says.bcCreated', { id: newId, label: row.label })
        : said('resync.says.bcCreatedNoId', { label: row.label }),
      { customerId: newId, httpStatus: created.status },
    );
  }
  if (created.status === 422 || created.status === 409) {
    // Someone created it meanwhile (another run, another process): look again instead of failing.
    const again = await find();
    if (again.id)
      return result(t, 'existing', said('resync.says.bcMeanwhile', { id: again.id, label: row.label }), {
        customerId: again.id,
        httpStatus: 200,
      });
    return failure(t, created, { 422: 'bcRefusedNew' });
  }
  return failure(t, created, { 413: 'tooLarge' });
}

interface Cafe24Member {
  member_id?: unknown;
  email?: unknown;
}

/** Cafe24 customer lookup by email (`customersprivacy`, scope mall.read_privacy). */
export async function lookupCafe24(ctx: TargetContext): Promise<ResyncResult> {
  const t = 'cafe24' as const;
  const row = await targetAccount(ctx.s, ctx.settings.resyncCafe24AccountId, 'cafe24');
  if (!row) return result(t, 'skipped', said('resync.says.c24NotChosen'));
  const url = `${cafe24Api(readConfig(row).mallId as string, ctx.endpoints)}/customersprivacy?${new URLSearchParams({ search_field: 'mail', keyword: ctx.user.email }).toString()}`;
  const first = await ctx.refresher.accessToken(row.id);
  let response = await limited(ctx.gate, () =>
    providerFetch(url, { headers: { Authorization: `Bearer ${first.token}` } }),
  );
  if (response.status === 401) {
    const second = await ctx.refresher.accessToken(row.id, first.generation);
    response = await limited(ctx.gate, () =>
      providerFetch(url, { headers: { Authorization: `Bearer ${second.token}` } }),
    );
  }
  if (response.status !== 200) return failure(t, response, { 403: 'c24Scope' });
  const list = (response.json as { customersprivacy?: unknown } | null)?.customersprivacy;
  if (!Array.isArray(list)) return failure(t, { ...response, status: 200 }, { 200: 'c24NoList' });
  const match = (list as Cafe24Member[]).find(
    (m) => typeof m.email === 'string' && m.email.toLowerCase() === ctx.user.email.toLowerCase(),
  );
  const memberId = match ? idOf(match.member_id) : null;
  return memberId
    ? result(t, 'present', said('resync.says.c24Present', { id: memberId, label: row.label }), {
        customerId: memberId,
        httpStatus: 200,
      })
    : result(t, 'absent', said('resync.says.c24Absent', { label: row.label }), { httpStatus: 200 });
}

/** Runs one target, turning any error into a result that names the target and says what to do. */
export async function runTarget(target: ResyncTarget, ctx: TargetContext): Promise<ResyncResult> {
  try {
    if (target === 'customer-service') return await syncCustomerService(ctx);
    if (target === 'bigcommerce') return await syncBigCommerce(ctx);
    return await lookupCafe24(ctx);
  } catch (error) {
    if (error instanceof CoreError)
      return result(target, 'failed', {
        message: `${TARGET_LABEL[target]}: ${error.message}`,
        say: error.say ?? { key: 'failure.plain', params: { text: error.message } },
      });
    ctx.s.log.error('resync.target_failed', { target, error });
    return result(target, 'failed', said('resync.says.unexpected', { name: TARGET_LABEL[target] }));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
