import { randomUUID } from 'node:crypto';
import {
  RESYNC_TARGETS,
  type ResyncBatch,
  type ResyncResult,
  type ResyncTarget,
  type ResyncUser,
  type Role,
  type Settings,
  type SyncRun,
} from '../../../../shared/domain';
import { CoreError } from '../errors';
import type { EndpointOverrides } from '../providers/endpoints';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import type { Refresher } from '../tokens/refresher';
import { Gate, runTarget, targetStates } from './targets';

/** Success per target: a lookup that finds nothing is still a success. */
const SUCCESS = new Set<ResyncResult['outcome']>(['synced', 'existing', 'created', 'present', 'absent']);

/** BigCommerce allows at most 3 concurrent customer writes (providers.md 2.4); the others stay polite too. */
const TARGET_CONCURRENCY: Record<ResyncTarget, number> = { 'customer-service': 4, bigcommerce: 3, cafe24: 2 };

interface Batch {
  id: string;
  users: ResyncUser[];
  done: number;
  succeeded: number;
  failedEmails: string[];
  cancelled: boolean;
  finished: boolean;
}

/**
 * Forces a customer re-sync: each configured target for one user, or a list of users with bounded
 * concurrency. Every run is stored in `sync_runs` and written to the audit log. Running the same
 * re-sync twice never creates a second customer: one run per (target, email) at a time in this
 * process, and a lookup before every create (and again after a 422) across processes.
 */
export class ResyncService {
  private readonly gates = new Map<ResyncTarget, Gate>(RESYNC_TARGETS.map((t) => [t, new Gate(TARGET_CONCURRENCY[t])]));
  private readonly inFlight = new Map<string, Promise<ResyncResult>>();
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly s: Services,
    private readonly refresher: Refresher,
    private readonly endpoints: EndpointOverrides,
  ) {}

  /** One user, every requested (or configured) target; resolves with the stored run. */
  async run(
    user: ResyncUser,
    targets: readonly ResyncTarget[] | undefined,
    caller: { actor: string; role: Role },
    batchId: string | null = null,
  ): Promise<SyncRun> {
    const requestedBy = caller.actor;
    const { settings } = readSettings(this.s.prefs);
    const chosen = await this.chooseTargets(targets, settings);
    const id = `run_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await this.s.store.read.syncRuns.insert({ id, batchId, email: user.email, requestedBy, at: this.s.clock.now() });
    const results = await Promise.all(
      chosen.map((target) => {
        const key = `${target}:${user.email.toLowerCase()}`;
        let pending = this.inFlight.get(key);
        if (!pending) {
          pending = runTarget(target, {
            s: this.s,
            refresher: this.refresher,
            endpoints: this.endpoints,
            settings,
            user,
            requestedBy,
            gate: this.gates.get(target) as Gate,
          }).finally(() => this.inFlight.delete(key));
          this.inFlight.set(key, pending);
        }
        return pending;
      }),
    );
    const ok = results.every((r) => SUCCESS.has(r.outcome));
    const now = this.s.clock.now();
    const seq = await this.s.store.transaction(async (tx) => {
      await tx.syncRuns.finish(id, ok ? 'succeeded' : 'failed', results, now);
      return this.s.audit.append(
        {
          actor: requestedBy,
          role: caller.role,
          action: 'resync:user',
          target: user.email,
          outcome: ok ? 'ok' : 'error',
          detail: results
            .map((r) => `${r.target} ${r.outcome}${r.customerId ? ` ${r.customerId}` : ''}`)
            .join('; ')
            .slice(0, 500),
        },
        now,
      );
    });
    this.s.events.emit('audit:appended', { seq });
    const run = (await this.s.store.read.syncRuns.get(id)) as SyncRun;
    this.s.events.emit('resync:run', run);
    this.s.log.info('resync.run', { run: id, ok, targets: chosen.length });
    return run;
  }

  /**
   * The targets of a run: the ones named, or else every configured one (an unconfigured target is
   * not a failure of the user being re-synced). None at all is refused before anybody is sent.
   */
  private async chooseTargets(
    targets: readonly ResyncTarget[] | undefined,
    settings: Settings,
  ): Promise<ResyncTarget[]> {
    const chosen =
      targets && targets.length > 0
        ? [...new Set(targets)]
        : (await targetStates(this.s, settings)).filter((t) => t.configured).map((t) => t.target);
    if (chosen.length === 0) throw CoreError.say('INVALID_INPUT', 'errors.noTargets');
    return chosen;
  }

  /** A list of users, `maxConcurrent` at a time, in the background; progress comes as events. */
  async startBatch(
    users: ResyncUser[],
    targets: readonly ResyncTarget[] | undefined,
    maxConcurrent: number,
    caller: { actor: string; role: Role },
  ): Promise<ResyncBatch> {
    await this.chooseTargets(targets, readSettings(this.s.prefs).settings);
    const batch: Batch = {
      id: `batch_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      users,
      done: 0,
      succeeded: 0,
      failedEmails: [],
      cancelled: false,
      finished: false,
    };
    this.batches.set(batch.id, batch);
    let next = 0;
    const worker = async () => {
      while (!batch.cancelled && next < users.length) {
        const user = users[next++] as ResyncUser;
        try {
          const run = await this.run(user, targets, caller, batch.id);
          if (run.status === 'succeeded') batch.succeeded += 1;
          else batch.failedEmails.push(user.email);
        } catch (error) {
          this.s.log.error('resync.batch_user_failed', { batch: batch.id, error });
          batch.failedEmails.push(user.email);
        }
        batch.done += 1;
        this.emit(batch);
      }
    };
    void Promise.all(Array.from({ length: Math.min(maxConcurrent, users.length) }, worker)).then(() => {
      batch.finished = true;
      this.emit(batch);
    });
    return this.view(batch);
  }

  batch(id: string): ResyncBatch {
    return this.view(this.require(id));
  }

  /** Stops a list: users not started yet are not sent; runs in flight finish (a half-sent write is worse). */
  cancel(id: string): ResyncBatch {
    const batch = this.require(id);
    batch.cancelled = true;
    this.emit(batch);
    return this.view(batch);
  }

  /** Resolves when a batch has finished (tests, the CLI). */
  async whenFinished(id: string): Promise<ResyncBatch> {
    const batch = this.require(id);
    while (!batch.finished) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.view(batch);
  }

  private require(id: string): Batch {
    const batch = this.batches.get(id);
    if (!batch) throw CoreError.say('NOT_FOUND', 'errors.noResyncList', { id });
    return batch;
  }

  private view(b: Batch): ResyncBatch {
    return {
      id: b.id,
      total: b.users.length,
      done: b.done,
      succeeded: b.succeeded,
      failed: b.failedEmails.length,
      cancelled: b.cancelled,
      finished: b.finished,
      failedEmails: [...b.failedEmails],
    };
  }

  private emit(b: Batch): void {
    this.s.events.emit('resync:batch', this.view(b));
  }
}
