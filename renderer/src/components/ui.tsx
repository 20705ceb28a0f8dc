import { useEffect, useRef, useState, type ReactNode } from 'react';
import { currentLanguage, t } from '../i18n';
import { useClock } from '../stores/clock';
import type { PagedView } from '../stores/paged';

/** A screen's title row, with optional actions on the right. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </header>
  );
}

/** What a screen shows when it has nothing yet: what it is for and the next step. */
export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon: string;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className="empty-state" role="status">
      <div className="empty-icon" aria-hidden="true">
        {icon}
      </div>
      <h2>{title}</h2>
      <div className="empty-body">{children}</div>
      {action ? <div className="empty-action">{action}</div> : null}
    </section>
  );
}

/** A failed load or action, with the core's message (which says what to do) and a retry. */
export function ErrorBanner({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="banner banner-error" role="alert">
      <span aria-hidden="true">⚠</span>
      <span className="banner-text">{message}</span>
      {onRetry ? (
        <button type="button" className="button small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A loading placeholder that does not shift the layout. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/**
 * The foot of a log read newest first (audit entries, incidents): how many are shown, and a button
 * for the older ones while the last page came back full, else that every one is shown.
 */
export function OlderPages({
  view,
  shown,
  loadLabel,
  allLabel,
}: {
  view: Pick<PagedView<unknown, object>, 'hasMore' | 'loadingOlder' | 'loadOlder'>;
  shown: string;
  loadLabel: string;
  allLabel: string;
}) {
  return (
    <div className="inline-form table-foot">
      <span className="muted small">{shown}</span>
      {view.hasMore ? (
        <button
          type="button"
          className="button small"
          disabled={view.loadingOlder}
          onClick={() => void view.loadOlder()}
        >
          {view.loadingOlder ? t('common.loading') : loadLabel}
        </button>
      ) : (
        <span className="muted small">{allLabel}</span>
      )}
    </div>
  );
}

const STATUS_ICON = { ok: '✔', warn: '▲', fail: '✖' } as const;

/** Status as icon and word, never colour alone. */
export function StatusPill({ status, label }: { status: 'ok' | 'warn' | 'fail'; label?: string }) {
  return (
    <span className={`pill pill-${status}`}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span> {label ?? status}
    </span>
  );
}

/** One formatter per language, made when first needed (building an `Intl` formatter is not free). */
function perLanguage<F>(make: (language: string) => F): () => F {
  const made = new Map<string, F>();
  return () => {
    const language = currentLanguage();
    let f = made.get(language);
    if (!f) made.set(language, (f = make(language)));
    return f;
  };
}

// (dateStyle and timeStyle cannot be combined with timeZoneName, so the fields are spelled out.)
const localTimeFormat = perLanguage(
  (language) =>
    new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }),
);
const relativeFormat = perLanguage(
  (language) => new Intl.RelativeTimeFormat(language, { numeric: 'always', style: 'short' }),
);
const numberFormat = perLanguage((language) => new Intl.NumberFormat(language));

/**
 * Makes the screens' formatters for the current language before the first rows need them (each
 * first one costs milliseconds to tens of them: the browser loads its locale data), while the first
 * window is on its way.
 */
export function warmFormats(): void {
  // The first `format` call loads more than the constructor did.
  localTimeFormat().format(0);
  relativeFormat().format(1, 'day');
  numberFormat().format(0);
}

/** An instant in the user's own time zone, in the screens' language ("1 Dec 2026, 11:40 CET"). */
export function localTime(iso: string | number): string {
  return localTimeFormat().format(typeof iso === 'number' ? iso : Date.parse(iso));
}

/** A count in the screens' language ("10,000", "10 000"). */
export function formatNumber(n: number): string {
  return numberFormat().format(n);
}

/** A relative time ("in 3 days", "5 min ago") with the local absolute time on hover and focus. */
export function RelativeTime({ iso }: { iso: string | null }) {
  const now = useClock((s) => s.now);
  if (!iso) return <span className="muted">—</span>;
  const at = Date.parse(iso);
  return (
    <time dateTime={iso} title={localTime(at)}>
      {relative(at - now)}
    </time>
  );
}

/** A Copy button that says it copied (or that the clipboard refused), then goes back. */
export function CopyButton({ text, label, title }: { text: string; label?: string; title?: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => setDone(null), 2000);
    return () => clearTimeout(timer);
  }, [done]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
  };
  return (
    <button type="button" className="button small" title={title} onClick={() => void copy()} aria-live="polite">
      {done === 'copied'
        ? `✔ ${t('common.copied')}`
        : done === 'failed'
          ? t('common.copyFailed')
          : (label ?? t('common.copy'))}
    </button>
  );
}

/** "in 2 hours", "3 days ago", "2시간 후", in the screens' language (`Intl`). */
export function relative(deltaMs: number): string {
  const abs = Math.abs(deltaMs);
  const units: [number, Intl.RelativeTimeFormatUnit][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) return relativeFormat().format(Math.sign(deltaMs) * Math.round(abs / size), unit);
  }
  // Within a minute either way (clocks tick in steps): "just now" unless it is clearly ahead.
  return deltaMs > 30_000 ? t('common.underMinute') : t('common.justNow');
}

/**
 * A drawer or dialog by keyboard: focus moves into it when it opens and back to where it was when it
 * closes, and Escape cancels it. Returns the ref for its container (made focusable with tabIndex -1).
 */
export function useDialog<T extends HTMLElement>(onCancel: () => void) {
  const ref = useRef<T>(null);
  const cancel = useRef(onCancel);
  useEffect(() => {
    cancel.current = onCancel;
  });
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = ref.current;
    (el?.querySelector<HTMLElement>('[data-autofocus]') ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      cancel.current();
    };
    el?.addEventListener('keydown', onKey);
    return () => {
      el?.removeEventListener('keydown', onKey);
      if (before?.isConnected) before.focus();
    };
  }, []);
  return ref;
}

/** A confirmation: focus goes to its safe choice (`data-autofocus`), Escape keeps things as they are. */
export function ConfirmBox({
  onCancel,
  labelledBy,
  describedBy,
  label,
  children,
}: {
  onCancel: () => void;
  labelledBy?: string;
  describedBy?: string;
  label?: string;
  children: ReactNode;
}) {
  const ref = useDialog<HTMLDivElement>(onCancel);
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-label={label}
      ref={ref}
      tabIndex={-1}
    >
      {children}
    </div>
  );
}

/**
 * A group of tabs as WAI-ARIA describes it: one tab stop for the group (the selected tab), ← → (and
 * Home, End) move the selection and the focus together.
 */
export function TabList<T extends string>({
  label,
  tabs,
  value,
  onChange,
}: {
  label: string;
  tabs: readonly { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const move = (to: number) => {
    const tab = tabs[(to + tabs.length) % tabs.length];
    if (!tab) return;
    onChange(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  const at = tabs.findIndex((t) => t.id === value);
  return (
    <div
      className="segmented"
      role="tablist"
      aria-label={label}
      onKeyDown={(e) => {
        const to =
          e.key === 'ArrowRight'
            ? at + 1
            : e.key === 'ArrowLeft'
              ? at - 1
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? tabs.length - 1
                  : null;
        if (to === null) return;
        e.preventDefault();
        move(to);
      }}
    >
      {tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el) refs.current.set(t.id, el);
            else refs.current.delete(t.id);
          }}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          tabIndex={t.id === value ? 0 : -1}
          className={t.id === value ? 'active' : ''}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
