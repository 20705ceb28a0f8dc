import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { sameFingerprint, type Member, type Role, type TeamStatus } from '../../../../shared/domain';
import { CoreError } from '../errors';
import type { MemberRow } from '../store/members';
import type { Repos, Store } from '../store/store';
import type { KeyStore } from '../vault/key-store';
import type { TeamKeys } from '../vault/vault';
import { deviceKey, loadDeviceKey, unwrapKey, wrapKey, type DeviceKey } from './keys';
import { isoTime, isoTimeOrNull } from '../iso';

/** Who acts: a person's name (and email) with their role. */
export interface Operator {
  actor: string;
  role: Role;
}

interface TeamRecord {
  id: string;
  name: string;
  createdAt: number;
}

const OPERATOR_TTL_MS = 1000;

/**
 * The team of a shared store: its members (one per device), their roles, and the data key wrapped
 * for each approved member. Alone (no team recorded in the store), this device's user is the admin
 * and the keys are keychain items of their own.
 */
export class Team implements TeamKeys {
  private known: TeamRecord | null = null;
  private ownKey: DeviceKey | null = null;
  private cached: { at: number; who: Operator | null } | null = null;

  constructor(
    private readonly store: Store,
    private readonly keyStore: KeyStore,
    /** This data folder's device id. */
    readonly device: string,
    private readonly now: () => number,
  ) {}

  /**
   * The team recorded in the store, or null alone. Once seen, it is remembered. Read through `repos`
   * when given (a caller's connection), else the store's.
   */
  async record(repos: Pick<Repos, 'meta'> = this.store.read): Promise<TeamRecord | null> {
    if (this.known) return this.known;
    const text = await repos.meta.get('team');
    if (text === null) return null;
    this.known = JSON.parse(text) as TeamRecord;
    return this.known;
  }

  async active(repos?: Pick<Repos, 'meta'>): Promise<boolean> {
    return (await this.record(repos)) !== null;
  }

  /** This device's membership, read afresh. */
  me(): Promise<MemberRow | null> {
    return this.store.read.members.byDevice(this.device);
  }

  /** The data key of `version` opened with this device's private key; null when none is wrapped for it. */
  async keyOf(version: number): Promise<Buffer | null> {
    const me = await this.me();
    if (!me || me.status !== 'active') return null;
    const wrapped = await this.store.read.members.wrapped(me.id, version);
    if (wrapped === null) return null;
    const device = await this.deviceKey(false);
    return device ? unwrapKey(device, wrapped, me.id, version) : null;
  }

  // TeamKeys (the vault's view)
  key(version: number): Promise<Buffer | null> {
    return this.keyOf(version);
  }

  async wrapForMembers(version: number, key: Buffer): Promise<void> {
    for (const member of await this.store.read.members.active())
      await this.store.read.members.putWrapped(member.id, version, wrapKey(member.public_key, key, member.id, version));
  }

  async whyNoKey(): Promise<CoreError> {
    const me = await this.me();
    const team = (await this.record())?.name ?? '';
    if (!me) return CoreError.say('NOT_A_MEMBER', 'errors.teamNotMember', { team });
    if (me.status === 'pending')
      return CoreError.say('NOT_A_MEMBER', 'errors.teamPending', { team, fingerprint: me.fingerprint });
    if (me.status === 'removed') return CoreError.say('NOT_A_MEMBER', 'errors.teamRemoved', { team });
    return CoreError.say('NOT_A_MEMBER', 'errors.teamNoKey', { team, fingerprint: me.fingerprint });
  }

  forgetVersionsExcept(keep: number[]): Promise<void> {
    return this.store.read.members.dropVersionsExcept(keep);
  }

  /**
   * Who acts on this device: alone, whoever the face says (the local user is the admin); in a team,
   * this device's member with their role. A device that is not an approved member reads only.
   */
  async operator(): Promise<Operator | null> {
    const now = this.now();
    if (this.cached && now - this.cached.at < OPERATOR_TTL_MS && now >= this.cached.at) return this.cached.who;
    let who: Operator | null = null;
    try {
      if (await this.active()) {
        const me = await this.me();
        // Not approved (yet, or any more): they read, under the name they asked with.
        who =
          me && me.status === 'active'
            ? { actor: displayName(me), role: me.role }
            : me
              ? { actor: `${displayName(me)} (${me.status})`, role: 'viewer' }
              : { actor: `${localUser()} on ${hostname()} (not a member)`, role: 'viewer' };
      }
    } catch (error) {
      // The shared store is out of reach: a team device keeps the role it last had, never more.
      if (!this.known) throw error;
      return this.cached?.who ?? { actor: `${localUser()} on ${hostname()}`, role: 'viewer' };
    }
    this.cached = { at: now, who };
    return who;
  }

  /** Forgets the cached operator (a role changed here). */
  changed(): void {
    this.cached = null;
  }

  /** What the Members screen and `team status` show. */
  async status(operator: Operator): Promise<TeamStatus> {
    const team = await this.record();
    const me = team ? await this.me() : null;
    const device = await this.deviceKey(false).catch(() => null);
    const members = team ? await this.store.read.members.list() : [];
    return {
      mode: team ? 'team' : 'alone',
      team: team ? { id: team.id, name: team.name, createdAt: isoTime(team.createdAt) } : null,
      me: me ? this.view(me) : null,
      fingerprint: device?.fingerprint ?? null,
      pending: members.filter((m) => m.status === 'pending').length,
      operator: { name: operator.actor, role: operator.role },
      canCreate: this.store.engine === 'postgres' && !team,
    };
  }

  async members(): Promise<Member[]> {
    return (await this.store.read.members.list()).map((m) => this.view(m));
  }

  /**
   * Creates the team with this device as its first admin: its key pair goes to the keychain, and
   * every data key in use is wrapped for it, in one transaction. The store's data stays as it is.
   */
  async create(
    input: { team: string; name: string; email?: string },
    keys: { version: number; key: Buffer }[],
  ): Promise<void> {
    if (this.store.engine !== 'postgres') throw CoreError.say('CONFLICT', 'errors.teamNeedsPostgres');
    const device = await this.deviceKey(true);
    const at = this.now();
    await this.store.transaction(async (tx) => {
      await tx.lock('team');
      if ((await tx.meta.get('team')) !== null) throw CoreError.say('CONFLICT', 'errors.teamExists');
      const id = memberId();
      await tx.members.insert({
        id,
        device_id: this.device,
        name: input.name,
        email: input.email ?? null,
        role: 'admin',
        status: 'active',
        public_key: device.publicKey,
        fingerprint: device.fingerprint,
        requested_at: at,
        approved_at: at,
        approved_by: input.name,
        removed_at: null,
        removed_by: null,
        seen_at: at,
      });
      for (const { version, key } of keys)
        await tx.members.putWrapped(id, version, wrapKey(device.publicKey, key, id, version));
      await tx.meta.set('team', JSON.stringify({ id: randomUUID(), name: input.team, createdAt: at }));
    });
    this.known = null;
    this.changed();
  }

  /** Asks to join: this device's public key goes to the members table, waiting for an admin. */
  async join(input: { name: string; email?: string }): Promise<MemberRow> {
    if (!(await this.active())) throw CoreError.say('CONFLICT', 'errors.teamNone');
    const device = await this.deviceKey(true);
    const at = this.now();
    const row = await this.store.transaction(async (tx) => {
      await tx.lock('team');
      const existing = await tx.members.byDevice(this.device);
      if (existing && existing.status === 'active')
        throw CoreError.say('CONFLICT', 'errors.teamAlreadyMember', { name: existing.name });
      // Asking again (a removed device, or a new key pair after a lost keychain) replaces the old request.
      if (existing) await tx.members.remove(existing.id);
      const fresh: MemberRow = {
        id: memberId(),
        device_id: this.device,
        name: input.name,
        email: input.email ?? null,
        role: 'viewer',
        status: 'pending',
        public_key: device.publicKey,
        fingerprint: device.fingerprint,
        requested_at: at,
        approved_at: null,
        approved_by: null,
        removed_at: null,
        removed_by: null,
        seen_at: at,
      };
      await tx.members.insert(fresh);
      return fresh;
    });
    this.changed();
    return row;
  }

  /** Wraps every data key in use for a pending member (after the admin compared the fingerprint). */
  async approve(
    ref: string,
    options: { fingerprint?: string; role?: Role },
    by: string,
    keys: { version: number; key: Buffer }[],
  ): Promise<MemberRow> {
    return this.store.transaction(async (tx) => {
      await tx.lock('team');
      const member = await this.find(ref);
      if (member.status === 'removed')
        throw CoreError.say('CONFLICT', 'errors.memberRemovedAlready', { name: member.name });
      if (options.fingerprint !== undefined && !sameFingerprint(options.fingerprint, member.fingerprint))
        throw CoreError.say('CONFLICT', 'errors.fingerprintDiffers', { name: member.name, given: options.fingerprint });
      for (const { version, key } of keys)
        await tx.members.putWrapped(member.id, version, wrapKey(member.public_key, key, member.id, version));
      const patch = {
        status: 'active' as const,
        role: options.role ?? (member.status === 'active' ? member.role : 'viewer'),
        approved_at: member.approved_at ?? this.now(),
        approved_by: member.approved_by ?? by,
      };
      await tx.members.update(member.id, patch);
      this.changed();
      return { ...member, ...patch };
    });
  }

  async setRole(ref: string, role: Role): Promise<MemberRow> {
    return this.store.transaction(async (tx) => {
      await tx.lock('team');
      const member = await this.find(ref);
      if (member.status !== 'active') throw CoreError.say('CONFLICT', 'errors.memberNotActive', { name: member.name });
      if (member.role === 'admin' && role !== 'admin') await this.keepAnAdmin(member);
      await tx.members.update(member.id, { role });
      this.changed();
      return { ...member, role };
    });
  }

  /**
   * Marks a member removed and forgets the keys wrapped for them. Runs inside the key rotation's
   * transaction (the caller's), so removal, the new key and every re-sealed secret commit together.
   */
  async markRemoved(ref: string, by: string): Promise<MemberRow> {
    const tx = this.store.read;
    await tx.lock('team');
    const member = await this.find(ref);
    if (member.status === 'removed')
      throw CoreError.say('CONFLICT', 'errors.memberRemovedAlready', { name: member.name });
    if (member.role === 'admin' && member.status === 'active') await this.keepAnAdmin(member);
    await tx.members.dropWrapped(member.id);
    const patch = { status: 'removed' as const, removed_at: this.now(), removed_by: by };
    await tx.members.update(member.id, patch);
    this.changed();
    return { ...member, ...patch };
  }

  /** A member by id, email, fingerprint or name (unique among the members). */
  async find(ref: string): Promise<MemberRow> {
    const all = await this.store.read.members.list();
    const text = ref.trim().toLowerCase();
    const byId = all.find((m) => m.id.toLowerCase() === text);
    if (byId) return byId;
    const matches = all.filter(
      (m) =>
        m.email?.toLowerCase() === text || sameFingerprint(m.fingerprint, ref) || m.name.trim().toLowerCase() === text,
    );
    const live = matches.filter((m) => m.status !== 'removed');
    const pick = live.length > 0 ? live : matches;
    if (pick.length === 1) return pick[0] as MemberRow;
    if (pick.length === 0) throw CoreError.say('NOT_FOUND', 'errors.memberUnknown', { ref });
    throw CoreError.say('CONFLICT', 'errors.memberAmbiguous', { ref, ids: pick.map((m) => m.id).join(', ') });
  }

  view(m: MemberRow): Member {
    const iso = (v: number | null) => isoTimeOrNull(v === null ? null : Number(v));
    return {
      id: m.id,
      name: m.name,
      email: m.email,
      role: m.role,
      status: m.status,
      fingerprint: m.fingerprint,
      requestedAt: isoTime(Number(m.requested_at)),
      approvedAt: iso(m.approved_at),
      approvedBy: m.approved_by,
      removedAt: iso(m.removed_at),
      removedBy: m.removed_by,
      seenAt: iso(m.seen_at),
      isMe: m.device_id === this.device,
    };
  }

  /** This device's key pair (made on first use when `create` is true). */
  private async deviceKey(create: true): Promise<DeviceKey>;
  private async deviceKey(create: false): Promise<DeviceKey | null>;
  private async deviceKey(create: boolean): Promise<DeviceKey | null> {
    if (this.ownKey) return this.ownKey;
    this.ownKey = create
      ? await deviceKey(this.keyStore, this.device)
      : await loadDeviceKey(this.keyStore, this.device);
    return this.ownKey;
  }

  private async keepAnAdmin(leaving: MemberRow): Promise<void> {
    const admins = (await this.store.read.members.active()).filter((m) => m.role === 'admin' && m.id !== leaving.id);
    if (admins.length === 0) throw CoreError.say('CONFLICT', 'errors.lastAdmin', { name: leaving.name });
  }
}

/** How a member is named in the audit log and on every screen. */
export function displayName(m: Pick<MemberRow, 'name' | 'email'>): string {
  return m.email ? `${m.name} <${m.email}>` : m.name;
}

function memberId(): string {
  return `m-${randomUUID().slice(0, 8)}`;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local-user';
  }
}
