import { useEffect, useState } from 'react';
import { subscribe } from '../api/client';
import { t } from '../i18n';
import { localTime } from './ui';

/**
 * Shown while the shared store (the team's PostgreSQL) cannot be reached: the screens keep what was
 * known, and say since when. It goes away by itself when the connection comes back.
 */
export function StoreOfflineNotice() {
  const [since, setSince] = useState<string | null>(null);
  useEffect(
    () =>
      subscribe('store:link', ({ online, since: at }) => {
        setSince(online ? null : at);
      }),
    [],
  );
  if (!since) return null;
  return (
    <section className="panel store-offline" role="status" aria-live="polite">
      <strong>{t('offline.title')}</strong> {t('offline.body', { since: localTime(since) })}
    </section>
  );
}
