import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/domain';
import { call, messageOf } from '../api/client';
import { healthText, summariseRefresh } from '../screens/AccountsScreen';
import { t } from '../i18n';
import { SCREENS, screenName } from './Nav';
import { useDialog } from './ui';

interface Command {
  id: string;
  label: string;
  hint?: string;
  run: () => Promise<string | null> | string | null;
}

/** How many accounts the palette names for what is typed. */
const ACCOUNT_MATCHES = 6;

/**
 * Ctrl/Cmd+K: one box to go anywhere and do the common things by keyboard — the screens, "enrol",
 * "re-sync a user", "refresh due now", and any account by name, id or error (the store searches).
 * Arrow keys choose, Enter runs, Escape closes and gives the focus back.
 */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const ref = useDialog<HTMLDivElement>(onClose);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [found, setFound] = useState<{ q: string; rows: Account[] } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const asked = useRef(0);
  const go = (hash: string) => () => {
    window.location.hash = hash;
    onClose();
    return null;
  };
  const fixed: Command[] = [
    ...SCREENS.map((s) => ({
      id: `screen-${s.id}`,
      label: t('palette.goTo', { screen: screenName(s.id) }),
      run: go(`/${s.id}`),
    })),
    { id: 'enrol', label: t('palette.enrol'), hint: screenName('enroll'), run: go('/enroll') },
    { id: 'resync', label: t('palette.resync'), hint: screenName('resync'), run: go('/resync') },
    {
      id: 'refresh-due',
      label: t('palette.refreshDue'),
      run: async () => summariseRefresh((await call('tokens:refresh', { due: true })).results),
    },
  ];
  const q = query.trim().toLowerCase();
  const accounts = q && found?.q === q ? found.rows : [];
  const commands: Command[] = [
    ...fixed.filter((c) => !q || c.label.toLowerCase().includes(q)),
    ...accounts.map((a) => ({
      id: `account-${a.id}`,
      label: t('palette.open', { label: a.label }),
      hint: healthText(a.health),
      run: go(`/accounts/${encodeURIComponent(a.id)}`),
    })),
  ];
  const chosen = Math.min(active, Math.max(0, commands.length - 1));

  // Accounts that match what is typed, asked of the store; only the newest answer counts.
  useEffect(() => {
    const ask = ++asked.current;
    if (!q) return;
    call('accounts:window', { search: q, sort: 'expiry', limit: ACCOUNT_MATCHES, counts: false })
      .then((w) => ask === asked.current && setFound({ q, rows: w.rows }))
      .catch(() => ask === asked.current && setFound({ q, rows: [] }));
  }, [q]);

  const run = async (command: Command | undefined) => {
    if (!command) return;
    setStatus(t('common.working'));
    try {
      setStatus(await command.run());
    } catch (e) {
      setStatus(messageOf(e));
    }
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        ref={ref}
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={t('palette.title')}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          data-autofocus
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={commands[chosen] ? `palette-${commands[chosen].id}` : undefined}
          aria-label={t('palette.inputLabel')}
          placeholder={t('palette.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setStatus(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setActive((chosen + step + commands.length) % Math.max(1, commands.length));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              void run(commands[chosen]);
            } else if (e.key === 'Tab') e.preventDefault(); // the focus stays in the palette
          }}
        />
        <ul id="palette-list" role="listbox" aria-label={t('palette.commands')}>
          {commands.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${c.id}`}
              role="option"
              aria-selected={i === chosen}
              onMouseEnter={() => setActive(i)}
              onClick={() => void run(c)}
            >
              <span>{c.label}</span>
              {c.hint ? <span className="muted small">{c.hint}</span> : null}
            </li>
          ))}
          {commands.length === 0 ? <li className="muted">{t('palette.nothing', { query })}</li> : null}
        </ul>
        {status ? (
          <p className="palette-status" role="status">
            {status}
          </p>
        ) : (
          <p className="palette-status muted small">{t('palette.keys')}</p>
        )}
      </div>
    </div>
  );
}
