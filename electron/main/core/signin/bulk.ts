import { inEnglish } from '../../../../shared/i18n';
import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../../../../shared/contract';
import type { Bulk, BulkItem, Session } from '../../../../shared/domain';
import { CoreError } from '../errors';
import { said } from '../said';
import type { Services } from '../services';
import type { SignInEngine, StartOptions } from './engine';
import { isoTime } from '../iso';

const OPEN = new Set<BulkItem['state']>(['PENDING', 'CALLBACK_RECEIVED']);
const FAILED = new Set<BulkItem['state']>(['NOT_STARTED', 'FAILED', 'EXPIRED', 'CANCELLED', 'INTERRUPTED']);
/** Bulk runs kept for the Sessions screen; the sessions themselves are in SQLite. */
const KEEP = 20;

interface Run {
  id: string;
  createdAt: number;
  maxOpen: number;
  options: StartOptions;
  items: BulkItem[];
  bySession: Map<string, BulkItem>;
  cancelled: boolean;
  starting: number;
}

/**
 * Bulk enrolment: many sign-ins with at most `maxOpen` of them waiting on the browser at a time. When
 * one ends the next starts, so the admin never faces more tabs than asked for. The CLI's `enroll`
 * and the Sessions screen both drive it through the router.
 */
export class BulkEnrolments {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly s: Services,
    private readonly engine: SignInEngine,
  ) {
    s.events.subscribe((event, payload) => {
      if (event === 'sessions:changed') this.onSession(payload as EventPayload<'sessions:changed'>);
    });
  }

  async start(accountIds: string[], maxOpen: number, options: StartOptions): Promise<Bulk> {
    const unique = [...new Set(accountIds)];
    const labels = new Map<string, string>();
    for (const id of unique) {
      const row = await this.s.store.read.accounts.get(id);
      if (row) labels.set(id, row.label);
    }
    const missing = unique.filter((id) => !labels.has(id));
    if (missing.length > 0) {
      throw CoreError.say('NOT_FOUND', 'errors.noAccounts', {
        ids: missing.slice(0, 5).join(', '),
        more: missing.length > 5 ? inEnglish('errors.andMore', { count: missing.length - 5 }) : '',
      });
    }
    const run: Run = {
      id: `bulk_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      createdAt: this.s.clock.now(),
      maxOpen,
      options,
      items: unique.map((accountId) => ({
        accountId,
        accountLabel: labels.get(accountId) ?? accountId,
        sessionId: null,
        state: 'QUEUED',
        authorizationUrl: null,
        errorMessage: null,
        errorSay: null,
      })),
      bySession: new Map(),
      cancelled: false,
      starting: 0,
    };
    this.runs.set(run.id, run);
    for (const old of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - KEEP))) this.runs.delete(old);
    await this.advance(run);
    return this.view(run);
  }

  list(): Bulk[] {
    return [...this.runs.values()].reverse().map((run) => this.view(run));
  }

  get(id: string): Bulk {
    return this.view(this.require(id));
  }

  /** Queued sign-ins never start; pending ones are cancelled (their tabs then show "cancelled"). */
  async cancel(id: string): Promise<Bulk> {
    const run = this.require(id);
    run.cancelled = true;
    for (const item of run.items) {
      if (item.state === 'QUEUED') {
        item.state = 'CANCELLED';
        ({ message: item.errorMessage, say: item.errorSay } = said('signin.ended.bulkStopped'));
      }
    }
    for (const item of run.items) {
      if (item.sessionId && OPEN.has(item.state)) {
        try {
          await this.engine.cancel(item.sessionId);
        } catch {
          // It ended on its own meanwhile; its event already updated the item.
        }
      }
    }
    this.emit(run);
    return this.view(run);
  }

  private require(id: string): Run {
    const run = this.runs.get(id);
    if (!run) throw CoreError.say('NOT_FOUND', 'errors.noBulk', { id });
    return run;
  }

  /** Starts queued sign-ins until `maxOpen` are open. */
  private async advance(run: Run): Promise<void> {
    while (!run.cancelled) {
      const open = run.items.filter((item) => OPEN.has(item.state)).length + run.starting;
      const next = run.items.find((item) => item.state === 'QUEUED');
      if (!next || open >= run.maxOpen) break;
      next.state = 'PENDING';
      run.starting += 1;
      try {
        const session = await this.engine.start(next.accountId, run.options);
        run.bySession.set(session.id, next);
        this.apply(next, session);
      } catch (error) {
        next.state = 'NOT_STARTED';
        ({ message: next.errorMessage, say: next.errorSay } =
          error instanceof CoreError
            ? { message: error.message, say: error.say ?? { key: 'failure.plain', params: { text: error.message } } }
            : said('signin.ended.couldNotStart'));
        if (!(error instanceof CoreError)) this.s.log.error('bulk.start_failed', { bulk: run.id, error });
      } finally {
        run.starting -= 1;
      }
      this.emit(run);
    }
    if (this.isDone(run)) this.emit(run);
  }

  private onSession(session: Session): void {
    for (const run of this.runs.values()) {
      const item = run.bySession.get(session.id);
      if (!item) continue;
      const wasOpen = OPEN.has(item.state);
      this.apply(item, session);
      this.emit(run);
      if (wasOpen && !OPEN.has(item.state)) void this.advance(run);
      return;
    }
  }

  private apply(item: BulkItem, session: Session): void {
    item.sessionId = session.id;
    item.state = session.state;
    item.authorizationUrl = OPEN.has(session.state) ? session.authorizationUrl : null;
    item.errorMessage = session.errorMessage;
    item.errorSay = session.errorSay;
  }

  private isDone(run: Run): boolean {
    return run.starting === 0 && run.items.every((item) => item.state !== 'QUEUED' && !OPEN.has(item.state));
  }

  private view(run: Run): Bulk {
    const count = (test: (item: BulkItem) => boolean) => run.items.filter(test).length;
    return {
      id: run.id,
      createdAt: isoTime(run.createdAt),
      maxOpen: run.maxOpen,
      done: this.isDone(run),
      counts: {
        queued: count((item) => item.state === 'QUEUED'),
        pending: count((item) => OPEN.has(item.state)),
        completed: count((item) => item.state === 'COMPLETED'),
        failed: count((item) => FAILED.has(item.state)),
      },
      items: run.items.map((item) => ({ ...item })),
    };
  }

  private emit(run: Run): void {
    this.s.events.emit('bulk:changed', this.view(run));
  }
}
