import { together } from '../store/together';
import type { ExpiryLevel, Provider } from '../../../../shared/domain';
import { LEVEL_RULES } from '../accounts/health';
import type { Rule } from '../accounts/rules';
import { scopeOf } from '../accounts/window';
import { TEMPLATES } from '../providers/providers';
import { providerFetch } from '../providers/http';
import type { Services } from '../services';
import { SETTINGS_OWNER } from '../vault/vault';
import { said } from '../said';
import { speaker } from '../speak';
import { isoTime } from '../iso';

/** What an alert is about: an expiry level, or an account that needs a re-authorization. */
type AlertState = ExpiryLevel | 'needs_reauth';

/** The state an account's alerts follow: a refused grant first, else its expiry level. */
export const ALERT_RULES: readonly Rule<AlertState>[] = [
  { when: { status: ['needs_reauth'] }, then: 'needs_reauth' },
  ...LEVEL_RULES,
];

const WORSE: Record<AlertState, number> = {
  unknown: 0,
  ok: 0,
  warning: 1,
  critical: 2,
  expired: 3,
  needs_reauth: 3,
};

// Each state's words: `alert.changed.<state>` ("{{label}} expires within a day"), `alert.summary.<state>`.

interface Change {
  id: string;
  label: string;
  provider: Provider;
  from: AlertState | null;
  to: AlertState;
  at: number | null;
}

/** More changes than this at once are announced as one summary. */
const SUMMARY_OVER = 3;

/**
 * Announces expiry-level changes once: a desktop notification (if enabled) and the Slack incoming
 * webhook (if set) when an account gets worse, and again when it recovers. The level last announced
 * is kept in `accounts.alert_level`, so a restart does not repeat alerts.
 */
export class ExpiryAlerts {
  /**
   * This process's previous check: the last judging it had seen and its instant. Each check leaves
   * every account's announced state as the rules judge it at its instant (another process's check on
   * the same store, in between, at an instant in between).
   */
  private checked: { seq: number; at: number } | null = null;

  constructor(private readonly s: Services) {}

  async check(): Promise<{ changes: number }> {
    const { scope, settings } = scopeOf(this.s);
    const { clock } = scope;
    const { accounts } = this.s.store.read;
    // While the judgements kept in the rows are this device's, only the rows judged since this
    // process's previous check, or whose judgement did not hold all the time since, can have moved
    // (see `alertChanges`). A first check in a process reads every row.
    // The claim and the seq do not depend on each other: one round trip for both on PostgreSQL.
    const [{ holds }, seq] = await together([accounts.judgementClaim(scope), accounts.judgedSeq()]);
    const rows = await accounts.alertChanges(ALERT_RULES, clock, holds ? this.checked : null);
    // Kept only once the states are written: a check that fails leaves the previous one standing.
    const checked = { seq, at: clock.now };
    if (rows.length === 0) {
      this.checked = checked;
      return { changes: 0 };
    }
    const changes: Change[] = [];
    for (const row of rows) {
      const to = row.alert_to as AlertState;
      const from = row.alert_level as AlertState | null;
      const announce = (from === null ? WORSE[to] > 0 : WORSE[from] !== WORSE[to]) && to !== 'unknown';
      if (announce) {
        changes.push({
          id: row.id,
          label: row.label,
          provider: row.provider,
          from,
          to,
          at: row.refresh_expires_at ?? row.access_expires_at,
        });
      }
    }
    const action = said('incident.action.announced');
    await this.s.store.transaction(async (tx) => {
      await tx.accounts.setAlertLevels(rows.map((row) => ({ id: row.id, level: row.alert_to })));
      await tx.incidents.recordMany(
        changes
          .filter((change) => WORSE[change.to] > 0 && change.to !== 'needs_reauth')
          .map((change) => {
            const message = said(`alert.incident.${change.to}`, {
              label: change.label,
              at: change.at ? isoTime(change.at) : '—',
            });
            return {
              at: clock.now,
              accountId: change.id,
              accountLabel: change.label,
              provider: change.provider,
              code: `expiry_${change.to}`,
              message: message.message,
              action: action.message,
              say: { message: message.say, action: action.say },
            };
          }),
      );
    });
    this.checked = checked;
    if (changes.length === 0) return { changes: 0 };
    // Said to a person outside the screens: in the Language setting's language (or the OS's).
    const t = speaker(this.s);
    const lines = changes.map((c) =>
      t(`alert.changed.${c.to}`, { label: `${c.label} (${TEMPLATES[c.provider].name})` }),
    );
    const worst = changes.reduce((a, c) => (WORSE[c.to] > WORSE[a.to] ? c : a));
    const title =
      changes.length === 1
        ? t(`alert.changed.${worst.to}`, { label: worst.label })
        : t('alert.manyChanged', { count: changes.length });
    const body = changes.length > SUMMARY_OVER ? summarise(changes, t) : lines.join('\n');
    // One account's change opens that account when clicked; a burst opens the Accounts screen.
    if (settings.desktopNotifications)
      this.s.notify({ title, body, ...(changes.length === 1 ? { accountId: worst.id } : {}) });
    await this.slack(
      `*Gatehouse*: ${title}\n${lines.slice(0, 20).join('\n')}${lines.length > 20 ? `\n${t('bulk.more', { count: lines.length - 20 })}` : ''}`,
    );
    this.s.events.emit('incidents:appended', { accountId: null });
    return { changes: changes.length };
  }

  /** Posts to the Slack incoming webhook if one is set. Returns what happened; never throws. */
  async slack(text: string): Promise<'sent' | 'not_configured' | 'failed'> {
    let url: string | null;
    try {
      url = await this.s.vault.get(SETTINGS_OWNER, 'slack-webhook-url');
    } catch {
      return 'failed';
    }
    if (!url) return 'not_configured';
    try {
      const response = await providerFetch(url, { method: 'POST', body: { text }, timeoutMs: 10_000 });
      if (response.status >= 200 && response.status < 300) return 'sent';
      await this.slackFailed(said('alert.slackStatus', { status: response.status }));
    } catch {
      await this.slackFailed(said('alert.slackUnreachable')).catch(() => {});
    }
    return 'failed';
  }

  private async slackFailed(what: ReturnType<typeof said>): Promise<void> {
    const action = said('incident.action.checkSlack');
    await this.s.store.read.incidents.record({
      at: this.s.clock.now(),
      accountId: null,
      accountLabel: null,
      provider: null,
      code: 'slack_failed',
      message: what.message,
      action: action.message,
      say: { message: what.say, action: action.say },
    });
    this.s.log.warn('alerts.slack_failed', {});
    this.s.events.emit('incidents:appended', { accountId: null });
  }
}

function summarise(changes: Change[], t: ReturnType<typeof speaker>): string {
  const counts = new Map<AlertState, number>();
  for (const c of changes) counts.set(c.to, (counts.get(c.to) ?? 0) + 1);
  return [...counts.entries()].map(([state, n]) => t(`alert.summary.${state}`, { count: n })).join('; ');
}
