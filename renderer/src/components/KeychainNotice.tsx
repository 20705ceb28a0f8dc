import { spoken, t } from '../i18n';
import { useHealth } from '../stores/stores';

/**
 * Shown above every screen while the OS keychain cannot be reached: nothing can be sealed, so no
 * account can be enrolled or refreshed. It says what the core found and what to install or start
 * (the remedy comes from the core, for this platform), and checks again on request.
 */
export function KeychainNotice() {
  const { data, status, load } = useHealth();
  const keychain = data?.checks.find((c) => c.id === 'keychain');
  const vault = data?.checks.find((c) => c.id === 'vault');
  // In a team, a device waiting for approval (or removed) reaches its keychain but has no team key.
  if (vault?.errorCode === 'NOT_A_MEMBER')
    return (
      <section className="panel keychain-notice" role="status" aria-labelledby="team-notice-title">
        <h2 id="team-notice-title">{t('keychain.teamTitle')}</h2>
        <p>{spoken(vault.detail, vault.say?.detail ?? undefined)}</p>
        <div className="inline-form">
          <a className="button" href="#/members">
            {t('keychain.openMembers')}
          </a>
          <button type="button" className="button" onClick={() => void load()} disabled={status === 'loading'}>
            {status === 'loading' ? t('common.checking') : t('common.checkAgain')}
          </button>
        </div>
      </section>
    );
  if (!keychain || keychain.status !== 'fail') return null;
  return (
    <section className="panel keychain-notice" role="alert" aria-labelledby="keychain-notice-title">
      <h2 id="keychain-notice-title">{t('keychain.title')}</h2>
      <p>{t('keychain.body')}</p>
      <p className="muted">{spoken(keychain.detail, keychain.say?.detail ?? undefined)}</p>
      {keychain.remedy ? (
        <p>
          <strong>{t('common.whatToDo')} </strong>
          {spoken(keychain.remedy, keychain.say?.remedy ?? undefined)}
        </p>
      ) : null}
      <button type="button" className="button" onClick={() => void load()} disabled={status === 'loading'}>
        {status === 'loading' ? t('common.checking') : t('common.checkAgain')}
      </button>
    </section>
  );
}
