import type { Kysely, Selectable } from 'kysely';
import type { MembersTable, Schema } from './schema';

export type MemberRow = Selectable<MembersTable>;

/** Every statement about `members` and `member_keys`: who is in the team, and their wrapped keys. */
export class MembersRepository {
  constructor(private readonly q: Kysely<Schema>) {}

  list(): Promise<MemberRow[]> {
    return this.q.selectFrom('members').selectAll().orderBy('requested_at').orderBy('id').execute();
  }

  async get(id: string): Promise<MemberRow | null> {
    return (await this.q.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async byDevice(deviceId: string): Promise<MemberRow | null> {
    return (
      (await this.q.selectFrom('members').selectAll().where('device_id', '=', deviceId).executeTakeFirst()) ?? null
    );
  }

  async insert(row: MemberRow): Promise<void> {
    await this.q.insertInto('members').values(row).execute();
  }

  async update(
    id: string,
    patch: Partial<Omit<MemberRow, 'id' | 'device_id' | 'public_key' | 'fingerprint'>>,
  ): Promise<void> {
    await this.q.updateTable('members').set(patch).where('id', '=', id).execute();
  }

  /** Replaces a member's request (a device asking again after it was removed or re-created its key). */
  async remove(id: string): Promise<void> {
    await this.q.deleteFrom('member_keys').where('member_id', '=', id).execute();
    await this.q.deleteFrom('members').where('id', '=', id).execute();
  }

  active(): Promise<MemberRow[]> {
    return this.q.selectFrom('members').selectAll().where('status', '=', 'active').orderBy('id').execute();
  }

  async wrapped(memberId: string, keyVersion: number): Promise<string | null> {
    const row = await this.q
      .selectFrom('member_keys')
      .select('wrapped')
      .where('member_id', '=', memberId)
      .where('key_version', '=', keyVersion)
      .executeTakeFirst();
    return row?.wrapped ?? null;
  }

  async putWrapped(memberId: string, keyVersion: number, wrapped: string): Promise<void> {
    await this.q
      .insertInto('member_keys')
      .values({ member_id: memberId, key_version: keyVersion, wrapped })
      .onConflict((oc) => oc.columns(['member_id', 'key_version']).doUpdateSet({ wrapped }))
      .execute();
  }

  /** Forgets every key wrapped for a member (removal): nothing sealed after it opens for them. */
  async dropWrapped(memberId: string): Promise<number> {
    const result = await this.q.deleteFrom('member_keys').where('member_id', '=', memberId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Forgets wrapped copies of key versions no secret uses any more. */
  async dropVersionsExcept(keep: number[]): Promise<void> {
    if (keep.length === 0) return;
    await this.q.deleteFrom('member_keys').where('key_version', 'not in', keep).execute();
  }

  async seen(id: string, at: number): Promise<void> {
    await this.q.updateTable('members').set({ seen_at: at }).where('id', '=', id).execute();
  }
}
