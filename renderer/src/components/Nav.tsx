import { SCREEN_IDS, type ScreenId } from '../../../shared/basics';
import { t } from '../i18n';

export type { ScreenId };

export const SCREENS: readonly { id: ScreenId; icon: string }[] = [
  { id: 'accounts', icon: '◉' },
  { id: 'enroll', icon: '+' },
  { id: 'sessions', icon: '⇄' },
  { id: 'resync', icon: '↻' },
  { id: 'incidents', icon: '⚠' },
  { id: 'audit', icon: '☰' },
  { id: 'members', icon: '⚇' },
  { id: 'settings', icon: '⚙' },
];

/** A screen's name in the screens' language. */
export function screenName(id: ScreenId): string {
  return t(`nav.${id}`);
}

/** True when `id` names a screen (guards the URL hash). */
export function isScreenId(id: string): id is ScreenId {
  return (SCREEN_IDS as readonly string[]).includes(id);
}

/** The left-hand navigation between the screens. */
export function Nav({
  current,
  onSelect,
  operator,
  badges = {},
}: {
  current: ScreenId;
  onSelect: (id: ScreenId) => void;
  operator: string | null;
  /** A count beside a screen's name, with words for screen readers ("2 sign-ins in flight"). */
  badges?: Partial<Record<ScreenId, { count: number; label: string; tone: 'busy' | 'fail' }>>;
}) {
  return (
    <nav className="nav" aria-label={t('nav.main')}>
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3z" fill="currentColor" />
          <path d="M9 11h6v6H9z" fill="#0f172a" />
        </svg>
        <span className="nav-label">Gatehouse</span>
      </div>
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <a
              href={`#/${s.id}`}
              className={s.id === current ? 'active' : undefined}
              aria-current={s.id === current ? 'page' : undefined}
              aria-describedby={badges[s.id] && badges[s.id]!.count > 0 ? `nav-badge-${s.id}` : undefined}
              onClick={(e) => {
                e.preventDefault();
                onSelect(s.id);
              }}
            >
              <span className="nav-icon" aria-hidden="true">
                {s.icon}
              </span>
              <span className="nav-label">{screenName(s.id)}</span>
              {badges[s.id] && badges[s.id]!.count > 0 ? (
                <span
                  className={`nav-badge nav-badge-${badges[s.id]!.tone}`}
                  title={badges[s.id]!.label}
                  aria-hidden="true"
                >
                  {badges[s.id]!.count}
                </span>
              ) : null}
            </a>
            {/* The count is the link's description, not its name: "Incidents" stays "Incidents". */}
            {badges[s.id] && badges[s.id]!.count > 0 ? (
              <span id={`nav-badge-${s.id}`} className="visually-hidden">
                {badges[s.id]!.label}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="nav-footer">{operator ? <span title={t('nav.operator')}>{operator}</span> : null}</div>
    </nav>
  );
}
