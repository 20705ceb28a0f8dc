import type { Services } from '../services';
import type { ExpiryAlerts } from './alerts';
import type { Refresher } from './refresher';

/**
 * The keep-alive while the app runs: every minute, refresh what is due, then announce level
 * changes. Ticks never overlap; a failing tick is logged and the next one runs as usual.
 */
export class TokenScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly s: Services,
    private readonly refresher: Refresher,
    private readonly alerts: ExpiryAlerts,
  ) {}

  start(intervalMs = 60_000): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass: refresh what is due, then announce changes. Resolves when done. */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = (async () => {
        try {
          await this.refresher.sweep();
          await this.alerts.check();
        } catch (error) {
          this.s.log.error('tokens.tick_failed', { error });
        }
      })().finally(() => (this.running = null));
    }
    return this.running;
  }
}
