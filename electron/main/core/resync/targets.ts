import type { ResyncResult, ResyncTarget, ResyncTargetState, ResyncUser, Settings } from '../../../../shared/domain';
import type { AccountRow } from '../accounts/accounts.model';
import { CoreError } from '../errors';
import type { EndpointOverrides } from '../providers/endpoints';
import { requireSecureUrl } from '../providers/endpoints';
import { providerFetch, type ProviderResponse } from '../providers/http';
import { bigcommerceApi, cafe24Api } from '../providers/providers';
import { readConfig } from '../accounts/accounts.model';
import type { Services } from '../services';
import { waitFromHeaders } from '../tokens/classify';
import type { Refresher } from '../tokens/refresher';
import { SETTINGS_OWNER } from '../vault/vault';

export const TARGET_LABEL: Record<ResyncTarget, string> = {
  'customer-service': 'Customer Service',
  bigcommerce: 'BigCommerce customer',
  cafe24: 'Cafe24 customer',
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
  const credential =
    settings.customerServiceAuth === 'api-key'
      ? (await s.vault.has(SETTINGS_OWNER, 'customer-service-api-key'))
        ? null
        : 'Not ready: no Customer Service API key is stored; set it in Settings → Integration secrets.'
      : settings.customerServiceIdentityAccountId &&
          (await s.store.read.accounts.exists(settings.customerServiceIdentityAccountId))
        ? null
        : 'Not ready: choose the identity-provider account whose token the Customer Service accepts, in Settings → Re-sync targets.';
  return [
    {
      target: 'customer-service',
      label: TARGET_LABEL['customer-service'],
      configured: settings.customerServiceUrl !== '' && credential === null,
      detail: !settings.customerServiceUrl
        ? 'Not configured: set the Customer Service URL in Settings → Re-sync targets.'
        : (credential ??
          `POST ${settings.customerServiceUrl.replace(/\/$/, '')}/land/api/v1/users/sync, ${settings.customerServiceAuth === 'api-key' ? 'with the sealed API key' : 'with the identity-provider account’s token'}`),
    },
    {
      target: 'bigcommerce',
      label: TARGET_LABEL.bigcommerce,
      configured: bc !== null,
      detail: bc
        ? `Get-or-create by email in ${bc.label}`
        : 'Not configured: choose an enrolled BigCommerce store in Settings → Re-sync targets.',
    },
    {
      target: 'cafe24',
      label: TARGET_LABEL.cafe24,
      configured: c24 !== null,
      detail: c24
        ? `Lookup by email in ${c24.label} (needs the mall.read_privacy scope)`
        : 'Not configured: choose an enrolled Cafe24 mall in Settings → Re-sync targets.',
    },
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

function result(
  target: ResyncTarget,
  outcome: ResyncResult['outcome'],
  message: string,
  extra: { customerId?: string | null; httpStatus?: number | null } = {},
): ResyncResult {
  return { target, outcome, message, customerId: extra.customerId ?? null, httpStatus: extra.httpStatus ?? null };
}

function failure(target: ResyncTarget, response: ProviderResponse, what: Record<number, string> = {}): ResyncResult {
  const status = response.status;
  const name = TARGET_LABEL[target];
  const because =
    what[status] ??
    (status === 429
      ? 'kept rate-limiting after three waits; try again in a few minutes'
      : status === 401 || status === 403
        ? 'refused Gatehouse’s credentials; check them in Settings (or re-authorize the store)'
        : status >= 500
          ? 'had a server problem; retry later'
          : !response.isJson
            ? 'answered with something that is not JSON (a proxy or maintenance page?)'
            : 'answered unexpectedly');
  return result(target, 'failed', `${name} ${because} (HTTP ${status}).`, { httpStatus: status });
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
  if (!settings.customerServiceUrl)
    return result(t, 'skipped', 'The Customer Service is not configured; set its URL in Settings → Re-sync targets.');
  if (!user.auth0Id)
    return result(t, 'skipped', 'The Customer Service needs the user’s Auth0 id (auth0Id); add it and run again.');
  let token: string | null;
  if (settings.customerServiceAuth === 'api-key') {
    token = await ctx.s.vault.get(SETTINGS_OWNER, 'customer-service-api-key');
    if (!token)
      return result(t, 'failed', 'No Customer Service API key is stored; set it in Settings → Integration secrets.');
  } else {
    if (!settings.customerServiceIdentityAccountId)
      return result(t, 'failed', 'No identity-provider account is chosen for the Customer Service in Settings.');
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
    return result(t, 'synced', `The Customer Service accepted the sync${id ? ` (user ${id})` : ''}.`, {
      customerId: id,
      httpStatus: response.status,
    });
  }
  return failure(t, response, {
    400: 'rejected the user data; check the Auth0 id, names and user type',
    422: 'rejected the user data; check the Auth0 id, names and user type',
    404: 'has no /land/api/v1/users/sync at this URL; check the Customer Service URL in Settings',
  });
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
  if (!row)
    return result(
      t,
      'skipped',
      'No BigCommerce store is chosen for re-sync; choose one in Settings → Re-sync targets.',
    );
  const { token } = await ctx.refresher.accessToken(row.id);
  const api = bigcommerceApi(readConfig(row).storeHash as string, ctx.endpoints);
  const email = ctx.user.email;
  const find = () => findBigCommerceCustomer(ctx, row);
  const found = await find();
  if (found.response.status !== 200) return failure(t, found.response);
  if (found.id)
    return result(
      t,
      'existing',
      `BigCommerce customer ${found.id} already exists in ${row.label}; nothing was created.`,
      {
        customerId: found.id,
        httpStatus: 200,
      },
    );
  if (!ctx.user.firstName || !ctx.user.lastName)
    return result(
      t,
      'skipped',
      `No BigCommerce customer has this email in ${row.label}; a first and a last name are needed to create one.`,
    );
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
    return result(t, 'created', `Created BigCommerce customer ${newId ?? '(id not returned)'} in ${row.label}.`, {
      customerId: newId,
      httpStatus: created.status,
    });
  }
  if (created.status === 422 || created.status === 409) {
    // Someone created it meanwhile (another run, another process): look again instead of failing.
    const again = await find();
    if (again.id)
      return result(
        t,
        'existing',
        `BigCommerce customer ${again.id} was created meanwhile in ${row.label}; nothing more was created.`,
        {
          customerId: again.id,
          httpStatus: 200,
        },
      );
    return failure(t, created, {
      422: 'refused the new customer: the email is already used (perhaps on another channel) or a field is invalid; check the names and email in the control panel',
    });
  }
  return failure(t, created, { 413: 'refused the request as too large' });
}

interface Cafe24Member {
  member_id?: unknown;
  email?: unknown;
}

/** Cafe24 customer lookup by email (`customersprivacy`, scope mall.read_privacy). */
export async function lookupCafe24(ctx: TargetContext): Promise<ResyncResult> {
  const t = 'cafe24' as const;
  const row = await targetAccount(ctx.s, ctx.settings.resyncCafe24AccountId, 'cafe24');
  if (!row)
    return result(t, 'skipped', 'No Cafe24 mall is chosen for re-sync; choose one in Settings → Re-sync targets.');
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
  if (response.status !== 200)
    return failure(t, response, {
      403: 'refused the lookup: the app lacks the mall.read_privacy scope or was removed from the mall; add the scope and re-authorize',
    });
  const list = (response.json as { customersprivacy?: unknown } | null)?.customersprivacy;
  if (!Array.isArray(list))
    return failure(t, { ...response, status: 200 }, { 200: 'answered without a customer list' });
  const match = (list as Cafe24Member[]).find(
    (m) => typeof m.email === 'string' && m.email.toLowerCase() === ctx.user.email.toLowerCase(),
  );
  const memberId = match ? idOf(match.member_id) : null;
  return memberId
    ? result(t, 'present', `Cafe24 member ${memberId} has this email in ${row.label}.`, {
        customerId: memberId,
        httpStatus: 200,
      })
    : result(t, 'absent', `No Cafe24 member has this email in ${row.label}.`, { httpStatus: 200 });
}

/** Runs one target, turning any error into a result that names the target and says what to do. */
export async function runTarget(target: ResyncTarget, ctx: TargetContext): Promise<ResyncResult> {
  try {
    if (target === 'customer-service') return await syncCustomerService(ctx);
    if (target === 'bigcommerce') return await syncBigCommerce(ctx);
    return await lookupCafe24(ctx);
  } catch (error) {
    if (error instanceof CoreError) return result(target, 'failed', `${TARGET_LABEL[target]}: ${error.message}`);
    ctx.s.log.error('resync.target_failed', { target, error });
    return result(target, 'failed', `${TARGET_LABEL[target]}: an unexpected error; the local log has details.`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
