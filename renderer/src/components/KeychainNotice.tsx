import { useHealth } from '../stores/stores';

/**
 * Shown above every screen while the OS keychain cannot be reached: nothing can be sealed, so no
 * account can be enrolled or refreshed. It says what the core found and what to install or start
 * (the remedy comes from the core, for this platform), and checks again on request.
 */
export function KeychainNotice() {
  const { data, status, load } = useHealth();
  const keychain = data?.checks.find((c) => c.id === 'keychain');
  if (!keychain || keychain.status !== 'fail') return null;
  return (
    <section className="panel keychain-notice" role="alert" aria-labelledby="keychain-notice-title">
      <h2 id="keychain-notice-title">Gatehouse needs your OS keychain before it can keep any token</h2>
      <p>
        Every token is sealed under a key kept in the OS keychain, and Gatehouse never falls back to storing it in plain
        text. Until the keychain answers, you can look around, but nothing can be enrolled or refreshed.
      </p>
      <p className="muted">{keychain.detail}</p>
      {keychain.remedy ? (
        <p>
          <strong>What to do: </strong>
          {keychain.remedy}
        </p>
      ) : null}
      <button type="button" className="button" onClick={() => void load()} disabled={status === 'loading'}>
        {status === 'loading' ? 'Checking…' : 'Check again'}
      </button>
    </section>
  );
}
