import { randomUUID } from 'node:crypto';
import type { CredentialRow } from '../store/credentials';
import type { Repos, Store } from '../store/store';
import { together } from '../store/together';
import { CoreError } from '../errors';
import { crashPoint } from '../crash';
import type { KeyStore } from './key-store';
import { associatedData, newDataKey, open, seal, type Sealed } from './seal';

/** Secrets are owned by an account id, or by this owner for setting secrets (webhooks, API keys). */
export const SETTINGS_OWNER = 'settings';
const PROBE_OWNER = '_vault';
const PROBE_TEXT = 'gatehouse-key-check';
const CLAIM_STALE_MS = 30_000;
const CLAIM_WAIT_MS = 15_000;

export type VaultState = 'locked' | 'ready' | 'degraded';

export interface VaultHealth {
  state: VaultState;
  keyVersion: number | null;
  /** Owners (account ids or 'settings') whose sealed secrets this key set cannot open. */
  unreadableOwners: string[];
}

/**
 * Where a team's data keys come from: wrapped for this device's member in the database, opened with
 * the device's private key from its keychain. Alone, the keys are keychain items of their own.
 */
export interface TeamKeys {
  /** True when the store belongs to a team (read through `repos` when given: the caller's connection). */
  active(repos?: Pick<Repos, 'meta'>): Promise<boolean>;
  /** The data key of `version` opened for this device; null when none is wrapped for it. */
  key(version: number): Promise<Buffer | null>;
  /** Wraps a new data key for every active member, inside the caller's transaction. */
  wrapForMembers(version: number, key: Buffer): Promise<void>;
  /** Why this device holds no key: waiting for approval, removed, or not a member. */
  whyNoKey(): Promise<CoreError>;
  /** Forgets wrapped copies of versions no secret uses. */
  forgetVersionsExcept(keep: number[]): Promise<void>;
}

export interface VaultOptions {
  store: Store;
  keyStore: KeyStore;
  installId: string;
  now: () => number;
  /** In a team, the data keys are wrapped per member instead of kept as keychain items. */
  team?: TeamKeys;
  /**
   * This data folder's device id. On a shared PostgreSQL store without a team, the devices that have
   * held the key are remembered, so a new workstation is told to join instead of minting a key that
   * would lock everyone else out.
   */
  device?: string;
  /** Called with the owners whose secrets no longer open, so their accounts can be marked. */
  onUnreadable?: (owners: string[]) => Promise<void> | void;
  /** Fault-injection hook: called at each step of a rotation (inside the transaction for 'row'). */
  onRotateStep?: (step: 'keychain-set' | 'row' | 'committed', index?: number) => void;
}

/**
 * Seals every secret with AES-256-GCM under a data key kept in the OS keychain. The keychain holds
 * one item per key version, named after this data folder; SQLite holds only ciphertext. There is no
 * fallback: without a reachable keychain, nothing is sealed or opened.
 */
export class Vault {
  private readonly keys = new Map<number, Buffer>();
  private current: number | null = null;
  private unreadable: string[] = [];
  private state: VaultState = 'locked';
  private unlocking: Promise<void> | null = null;

  constructor(private readonly options: VaultOptions) {}

  get backend(): string {
    return this.options.keyStore.backend;
  }

  /** The keychain item name of one key version of this data folder. */
  keyName(version: number): string {
    return `${this.options.installId}/data-key/v${version}`;
  }

  /** Loads (or on first use creates) the data key. Safe to call often; concurrent calls share one. */
  async unlock(): Promise<void> {
    // Unlocked: still the current key? (A locked vault goes straight on: it reads the version below.)
    if (this.state !== 'locked' && this.current !== null && (await this.storedVersion()) === this.current) return;
    this.unlocking ??= this.doUnlock().finally(() => {
      this.unlocking = null;
    });
    return this.unlocking;
  }

  /**
   * Readies what a process's first `put` would otherwise do on its way: the key taken from the
   * keychain and the cipher's first use (a throwaway is sealed and dropped; nothing is stored).
   */
  async warm(): Promise<void> {
    await this.unlock();
    const version = this.requireCurrent();
    seal(this.keys.get(version) as Buffer, 'warm', associatedData('warm', 'warm', version));
  }

  health(): VaultHealth {
    return { state: this.state, keyVersion: this.current, unreadableOwners: [...this.unreadable] };
  }

  /**
   * Seals and stores a secret. Call inside the caller's transaction so the secret and its metadata
   * commit together. Throws when another process rotated the key since `unlock()`: call it again.
   */
  put(owner: string, kind: string, plaintext: string): Promise<void> {
    return this.putMany(owner, [[kind, plaintext]]);
  }

  /**
   * Seals and stores several secrets of one owner (a token response's access and refresh tokens),
   * checking once that the key is still the current one. Same rules as `put`.
   */
  async putMany(owner: string, entries: readonly (readonly [kind: string, plaintext: string])[]): Promise<void> {
    let version = this.requireCurrent();
    for (let attempt = 0; ; attempt++) {
      const key = this.keys.get(version) as Buffer;
      const rows = entries.map(([kind, plaintext]) => {
        const sealed = seal(key, plaintext, associatedData(owner, kind, version));
        return { owner, kind, key_version: version, nonce: sealed.nonce, ciphertext: sealed.ciphertext };
      });
      // Written only while the stored version is still this one (checked in the same statement).
      const current = { key: 'key_version', value: String(version) };
      if (await this.options.store.read.credentials.upsertManyWhile(rows, this.options.now(), current)) return;
      if (attempt > 0) throw CoreError.say('KEY_MISMATCH', 'errors.keyRotatedElsewhere');
      // Another process rotated the key since this one last looked: take up the new key, seal again.
      await this.unlock();
      version = this.requireCurrent();
    }
  }

  /** Opens a stored secret, or returns null when none is stored. Throws KEY_MISMATCH if it cannot be opened. */
  async get(owner: string, kind: string): Promise<string | null> {
    // Any stored version opens by its own key (keyFor reads it from the keychain when it is new), so
    // once unlocked, a read does not need to ask which version is current.
    if (this.state === 'locked' || this.current === null) await this.unlock();
    const row = await this.options.store.read.credentials.get(owner, kind);
    return row ? this.openRow(row) : null;
  }

  /**
   * Opens secrets of one owner that the caller read (a refresh reads up to three with the account,
   * in one statement): each kind maps to its plaintext, or null when `rows` hold none of it. Throws
   * as `get` does.
   */
  async openMany<K extends string>(
    owner: string,
    kinds: readonly K[],
    rows: readonly CredentialRow[],
  ): Promise<Record<K, string | null>> {
    if (this.state === 'locked' || this.current === null) await this.unlock();
    const found = Object.fromEntries(kinds.map((kind) => [kind, null])) as Record<K, string | null>;
    // In the order asked, so the first that cannot be opened is the one named.
    for (const kind of kinds) {
      const row = rows.find((r) => r.kind === kind);
      if (row) found[kind] = await this.openRow(row);
    }
    return found;
  }

  /** A stored row's plaintext. Throws KEY_MISMATCH (and marks the owner unreadable) if no key opens it. */
  private async openRow(row: CredentialRow): Promise<string> {
    const { owner, kind } = row;
    let key = await this.keyFor(row.key_version);
    if (!key && (await this.options.team?.active())) {
      // In a team, a key this device cannot open may be one it was never given (it was removed, or
      // the key was rotated since): asking again says so (NOT_A_MEMBER) instead of marking the
      // team's accounts as unreadable for everyone.
      this.state = 'locked';
      await this.unlock();
      key = await this.keyFor(row.key_version);
    }
    const plaintext = key ? open(key, row, associatedData(owner, kind, row.key_version)) : null;
    if (plaintext === null) {
      await this.markUnreadable([owner]);
      throw owner === SETTINGS_OWNER
        ? CoreError.say('KEY_MISMATCH', 'errors.cannotOpenSetting', { kind })
        : CoreError.say('KEY_MISMATCH', 'errors.cannotOpenAccount', { kind, id: owner });
    }
    return plaintext;
  }

  /**
   * The owners among `owners` whose every sealed secret opens again (the old keychain item was put
   * back). They are no longer counted as unreadable. The keychain is read afresh, not from cache.
   */
  async recover(owners: string[]): Promise<string[]> {
    await this.unlock();
    const recovered: string[] = [];
    for (const owner of owners) {
      const rows = await this.options.store.read.credentials.ofOwner(owner);
      let opens = true;
      for (const row of rows) {
        const aad = associatedData(owner, row.kind, row.key_version);
        const cached = this.keys.get(row.key_version);
        if (cached && open(cached, row, aad) !== null) continue;
        const key = await this.fetchKey(row.key_version);
        if (!key || open(key, row, aad) === null) {
          opens = false;
          break;
        }
        this.keys.set(row.key_version, key);
      }
      if (opens) recovered.push(owner);
    }
    this.unreadable = this.unreadable.filter((o) => !recovered.includes(o));
    if (this.state === 'degraded' && this.unreadable.length === 0) this.state = 'ready';
    return recovered;
  }

  /**
   * Every data key a secret is sealed under, and the current one: what a team wraps for a member it
   * approves. Main process only; never handed to a face.
   */
  async keysInUse(): Promise<{ version: number; key: Buffer }[]> {
    await this.unlock();
    const current = this.requireCurrent();
    const versions = new Set([...(await this.options.store.read.credentials.keyVersions()), current]);
    const keys: { version: number; key: Buffer }[] = [];
    for (const version of [...versions].sort((a, b) => a - b)) {
      const key = await this.keyFor(version);
      if (key) keys.push({ version, key });
    }
    return keys;
  }

  /** Forgets every key held in memory (this device just removed itself from its team). */
  forget(): void {
    this.keys.clear();
    this.current = null;
    this.state = 'locked';
  }

  /** True when a secret of this kind is stored (without opening it). */
  has(owner: string, kind: string): Promise<boolean> {
    return this.options.store.read.credentials.has(owner, kind);
  }

  /** Wipes one secret (secure_delete overwrites the freed pages). */
  remove(owner: string, kind?: string): Promise<number> {
    return this.options.store.read.credentials.remove(owner, kind);
  }

  /** When each secret of an owner was last written, by kind. */
  listKinds(owner: string): Promise<{ kind: string; updatedAt: number }[]> {
    return this.options.store.read.credentials.listKinds(owner);
  }

  count(): Promise<number> {
    return this.options.store.read.credentials.count();
  }

  /**
   * Re-seals every secret under a new key version in one transaction. A crash part-way leaves the old
   * set intact (the new keychain item is then an orphan that the next rotation overwrites). Secrets
   * that no key opens are left as they are.
   */
  async rotate(
    options: {
      /**
       * Runs first inside the rotation's transaction (a member's removal), and `sealNext` seals a new
       * secret under the new key in the same unit (a new audit key).
       */
      inside?: (sealNext: (owner: string, kind: string, plaintext: string) => Promise<void>) => Promise<void>;
    } = {},
  ): Promise<{ keyVersion: number; resealed: number }> {
    await this.unlock();
    const store = this.options.store;
    const from = this.requireCurrent();
    for (const v of await store.read.credentials.keyVersions()) await this.keyFor(v);
    const next = from + 1;
    const nextKey = newDataKey();
    const team = (await this.options.team?.active()) ? this.options.team : undefined;
    // Alone, the new key is a keychain item first (a crash leaves an orphan the next rotation
    // overwrites); in a team it is wrapped for the members inside the transaction itself.
    if (!team) await this.options.keyStore.set(this.keyName(next), nextKey.toString('base64'));
    this.options.onRotateStep?.('keychain-set');
    let resealed = 0;
    await store.transaction(async (tx) => {
      await tx.lock('vault');
      if ((await this.storedVersion()) !== from) {
        throw CoreError.say('CONFLICT', 'errors.rotatedTogether');
      }
      const fresh: string[] = [];
      await options.inside?.(async (owner, kind, plaintext) => {
        const sealed = seal(nextKey, plaintext, associatedData(owner, kind, next));
        await tx.credentials.upsert(
          { owner, kind, key_version: next, nonce: sealed.nonce, ciphertext: sealed.ciphertext },
          this.options.now(),
        );
        fresh.push(`${owner}\u0000${kind}`);
      });
      if (team) await team.wrapForMembers(next, nextKey);
      const rows = await tx.credentials.all();
      for (const [index, row] of rows.entries()) {
        if (fresh.includes(`${row.owner}\u0000${row.kind}`)) continue;
        const key = this.keys.get(row.key_version);
        const plaintext = key ? open(key, row, associatedData(row.owner, row.kind, row.key_version)) : null;
        if (plaintext === null) continue;
        const sealed = seal(nextKey, plaintext, associatedData(row.owner, row.kind, next));
        await tx.credentials.reseal(row.owner, row.kind, { key_version: next, ...sealed });
        resealed += 1;
        this.options.onRotateStep?.('row', index);
        crashPoint('rotation-row');
      }
      await tx.meta.set('key_version', String(next));
      await tx.meta.set(
        'key_check',
        encodeSealed(seal(nextKey, PROBE_TEXT, associatedData(PROBE_OWNER, 'probe', next))),
      );
    });
    this.options.onRotateStep?.('committed');
    this.keys.set(next, nextKey);
    this.current = next;
    await this.forgetUnusedKeys();
    return { keyVersion: next, resealed };
  }

  private async doUnlock(): Promise<void> {
    const store = this.options.store;
    const team = this.options.team;
    // Whether the store is a team's, and what an unlock reads from `meta`, asked together: one round
    // trip on PostgreSQL instead of one per value, and the version and its check from one snapshot.
    // On one connection: a command's first unlock comes while the pool has one connection up, and
    // through the pool the second read would open another (several round trips) or wait.
    const [inTeam, first] = await store.onOneConnection((repos) =>
      together([team ? team.active(repos) : Promise.resolve(false), repos.meta.getMany(UNLOCK_META)]),
    );
    let meta = first;
    if (team && inTeam) return this.unlockFromTeam(team, meta);
    let version = versionIn(meta);
    const state = claimStateOf(meta.get('key_state'), this.options.now());
    if (version === null || state === 'claimable') {
      version = await this.mintKey(version ?? 1, 'first');
      meta = await store.read.meta.getMany(UNLOCK_META);
    } else if (state === 'creating') {
      await this.waitForReadyKey();
      meta = await store.read.meta.getMany(UNLOCK_META);
      version = versionIn(meta);
      if (version === null) return this.doUnlock();
    }
    const key = await this.options.keyStore.get(this.keyName(version));
    const decoded = key === null ? null : Buffer.from(key, 'base64');
    const check = meta.get('key_check') ?? null;
    const probeOpens =
      decoded !== null &&
      check !== null &&
      open(decoded, decodeSealed(check), associatedData(PROBE_OWNER, 'probe', version)) === PROBE_TEXT;
    if (probeOpens) {
      this.keys.set(version, decoded);
      this.current = version;
      this.state = this.unreadable.length > 0 ? 'degraded' : 'ready';
      await this.noteHolder(holdersIn(meta.get('key_holders')));
      return;
    }
    // A workstation that never held this shared store's key has not lost it: another one holds it.
    if (await this.heldElsewhere()) {
      this.state = 'locked';
      throw CoreError.say('NOT_A_MEMBER', 'errors.sharedKeyElsewhere');
    }
    // The key for the current version is gone or replaced. Nothing is deleted: the affected secrets
    // stay sealed (and open again if the old keychain item comes back); a new key version is made so
    // that re-enrolled accounts can be sealed at once.
    await this.markUnreadable(await store.read.credentials.ownersUnder(version));
    await this.mintKey(version + 1, 'replace');
    this.state = this.unreadable.length > 0 ? 'degraded' : 'ready';
    await this.noteHolder();
  }

  /** The devices that held a shared (PostgreSQL) store's key; empty on SQLite or before any was noted. */
  private async holders(): Promise<string[]> {
    if (this.options.store.engine !== 'postgres' || !this.options.device) return [];
    return holdersIn(await this.options.store.read.meta.get('key_holders'));
  }

  private async heldElsewhere(): Promise<boolean> {
    const holders = await this.holders();
    return holders.length > 0 && !holders.includes(this.options.device as string);
  }

  /** Remembers that this device holds the shared store's key (once per device; `known`: the list as just read). */
  private async noteHolder(known?: string[]): Promise<void> {
    const device = this.options.device;
    if (this.options.store.engine !== 'postgres' || !device || (known ?? (await this.holders())).includes(device))
      return;
    await this.options.store.transaction(async (tx) => {
      await tx.lock('vault');
      const holders = await this.holders();
      if (!holders.includes(device)) await tx.meta.set('key_holders', JSON.stringify([...holders, device]));
    });
  }

  /**
   * In a team nothing is minted: the key is the one an admin wrapped for this device. Without it (not
   * approved yet, or removed) the vault stays locked and says why.
   */
  private async unlockFromTeam(team: TeamKeys, meta: Map<string, string>): Promise<void> {
    const version = versionIn(meta);
    const key = version === null ? null : await team.key(version);
    if (version === null || key === null) {
      this.state = 'locked';
      this.current = null;
      this.keys.clear();
      throw await team.whyNoKey();
    }
    const check = meta.get('key_check') ?? null;
    const opens =
      check !== null && open(key, decodeSealed(check), associatedData(PROBE_OWNER, 'probe', version)) === PROBE_TEXT;
    if (!opens) {
      this.state = 'locked';
      throw CoreError.say('KEY_MISMATCH', 'errors.teamKeyWrong');
    }
    this.keys.set(version, key);
    this.current = version;
    this.state = this.unreadable.length > 0 ? 'degraded' : 'ready';
  }

  /** Creates key `version`, claiming the right to do so in the database so two processes never race. */
  private async mintKey(version: number, reason: 'first' | 'replace'): Promise<number> {
    const store = this.options.store;
    const token = `${randomUUID()}:${this.options.now()}`;
    const claimed = await store.transaction(async (tx) => {
      await tx.lock('vault');
      const stored = await this.storedVersion();
      const expected = reason === 'first' ? null : version - 1;
      if (stored !== expected && !(stored === version && (await this.claimState(version)) === 'claimable'))
        return false;
      await tx.meta.set('key_version', String(version));
      await tx.meta.set('key_state', `creating:${token}`);
      return true;
    });
    if (!claimed) {
      await this.waitForReadyKey();
      return (await this.storedVersion()) as number;
    }
    const key = newDataKey();
    try {
      await this.options.keyStore.set(this.keyName(version), key.toString('base64'));
    } catch (error) {
      await store.transaction(async (tx) => {
        if ((await tx.meta.get('key_state')) !== `creating:${token}`) return;
        if (reason === 'first') await tx.meta.delete('key_version');
        else await tx.meta.set('key_version', String(version - 1));
        await tx.meta.set('key_state', 'ready');
      });
      throw error;
    }
    await store.transaction(async (tx) => {
      await tx.meta.set(
        'key_check',
        encodeSealed(seal(key, PROBE_TEXT, associatedData(PROBE_OWNER, 'probe', version))),
      );
      await tx.meta.set('key_state', 'ready');
    });
    this.keys.set(version, key);
    this.current = version;
    return version;
  }

  /** 'claimable' when a key creation was claimed by a process that died before finishing it. */
  private async claimState(version: number): Promise<ClaimState> {
    const state = claimStateOf(await this.options.store.read.meta.get('key_state'), this.options.now());
    return state === 'ready' || (await this.storedVersion()) !== version ? 'ready' : state;
  }

  private async waitForReadyKey(): Promise<void> {
    const deadline = Date.now() + CLAIM_WAIT_MS;
    while (((await this.options.store.read.meta.get('key_state')) ?? 'ready').startsWith('creating:')) {
      if (Date.now() > deadline) {
        throw CoreError.say('KEYCHAIN_TIMEOUT', 'errors.keyBeingCreated');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async keyFor(version: number): Promise<Buffer | null> {
    const cached = this.keys.get(version);
    if (cached) return cached;
    const key = await this.fetchKey(version);
    if (key) this.keys.set(version, key);
    return key;
  }

  /** Key `version` read afresh: unwrapped for this device in a team, else this folder's keychain item. */
  private async fetchKey(version: number): Promise<Buffer | null> {
    const team = this.options.team;
    if (team && (await team.active())) return team.key(version);
    const stored = await this.options.keyStore.get(this.keyName(version));
    return stored === null ? null : Buffer.from(stored, 'base64');
  }

  /** Deletes keychain items of versions no secret uses any more (best effort: a leftover is harmless). */
  private async forgetUnusedKeys(): Promise<void> {
    const used = new Set(await this.options.store.read.credentials.keyVersions());
    const team = this.options.team;
    if (team && (await team.active())) {
      await team.forgetVersionsExcept([...used, this.current as number]);
      for (const version of [...this.keys.keys()])
        if (version !== this.current && !used.has(version)) this.keys.delete(version);
      return;
    }
    for (const version of [...this.keys.keys()]) {
      if (version === this.current || used.has(version)) continue;
      try {
        await this.options.keyStore.delete(this.keyName(version));
        this.keys.delete(version);
      } catch {
        // Left for the next rotation; an unused key opens nothing that still exists.
      }
    }
  }

  private async markUnreadable(owners: string[]): Promise<void> {
    const fresh = owners.filter((o) => !this.unreadable.includes(o));
    if (fresh.length === 0) return;
    this.unreadable.push(...fresh);
    this.state = 'degraded';
    await this.options.onUnreadable?.(fresh);
  }

  private requireCurrent(): number {
    if (this.current === null || this.state === 'locked') {
      throw CoreError.say('KEYCHAIN_UNAVAILABLE', 'errors.vaultLocked');
    }
    return this.current;
  }

  private async storedVersion(): Promise<number | null> {
    const value = await this.options.store.read.meta.get('key_version');
    return value === null ? null : Number(value);
  }
}

/** What an unlock reads from `meta`, in one statement (`MetaRepository.getMany`). */
const UNLOCK_META = ['key_version', 'key_state', 'key_check', 'key_holders'] as const;

type ClaimState = 'ready' | 'creating' | 'claimable';

/** The key version a `meta` snapshot names, or null when no key was made yet. */
function versionIn(meta: Map<string, string>): number | null {
  const value = meta.get('key_version');
  return value === undefined ? null : Number(value);
}

/**
 * A key's creation as `key_state` records it (`creating:<uuid>:<since>` while one is made):
 * 'claimable' when the process that claimed it died before finishing (claimed too long ago).
 */
function claimStateOf(state: string | null | undefined, now: number): ClaimState {
  if (!state?.startsWith('creating:')) return 'ready';
  const since = Number(state.split(':')[2]);
  return now - since > CLAIM_STALE_MS ? 'claimable' : 'creating';
}

/** The devices `key_holders` lists (a JSON array; anything else counts as none). */
function holdersIn(text: string | null | undefined): string[] {
  try {
    const list: unknown = text === null || text === undefined ? [] : JSON.parse(text);
    return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

function encodeSealed(sealed: Sealed): string {
  return Buffer.concat([sealed.nonce, sealed.ciphertext]).toString('base64');
}

function decodeSealed(text: string): Sealed {
  const bytes = Buffer.from(text, 'base64');
  return { nonce: bytes.subarray(0, 12), ciphertext: bytes.subarray(12) };
}
