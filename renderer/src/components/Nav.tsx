export const SCREENS = [
  { id: 'accounts', label: 'Accounts', icon: '◉' },
  { id: 'enroll', label: 'Enroll', icon: '＋' },
  { id: 'sessions', label: 'Sessions', icon: '⇄' },
  { id: 'resync', label: 'Re-sync', icon: '↻' },
  { id: 'audit', label: 'Audit', icon: '☰' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

/** True when `id` names a screen (guards the URL hash). */
export function isScreenId(id: string): id is ScreenId {
  return SCREENS.some((s) => s.id === id);
}

/** The left-hand navigation between the six screens. */
export function Nav({ current, onSelect, operator }: { current: ScreenId; onSelect: (id: ScreenId) => void; operator: string | null }) {
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⛨
        </span>
        Gatehouse
      </div>
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <a
              href={`#/${s.id}`}
              className={s.id === current ? 'active' : undefined}
              aria-current={s.id === current ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                onSelect(s.id);
              }}
            >
              <span className="nav-icon" aria-hidden="true">
                {s.icon}
              </span>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="nav-footer">{operator ? <span title="Signed-in operator">{operator}</span> : null}</div>
    </nav>
  );
}
