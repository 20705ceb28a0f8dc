import { useEffect, useState } from 'react';
import { CommandPalette } from './components/CommandPalette';
import { KeychainNotice } from './components/KeychainNotice';
import { StoreOfflineNotice } from './components/StoreOfflineNotice';
import { isScreenId, Nav, type ScreenId } from './components/Nav';
import { AccountsScreen } from './screens/AccountsScreen';
import { AuditScreen } from './screens/AuditScreen';
import { EnrollScreen } from './screens/EnrollScreen';
import { IncidentsScreen } from './screens/IncidentsScreen';
import { ResyncScreen } from './screens/ResyncScreen';
import { SessionsScreen } from './screens/SessionsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { applyLanguage, t, useTranslation } from './i18n';
import { useClock } from './stores/clock';
import { startLiveUpdates } from './stores/live';
import {
  useAppInfo,
  useAuditActions,
  useAuditChain,
  useBulks,
  useHealth,
  useIncidents,
  useInFlightCount,
  useMembers,
  useSecrets,
  reloadSessions,
  useSettings,
  useStoreStatus,
  useTeam,
} from './stores/stores';
import { useAuditView } from './stores/auditView';
import { MembersScreen } from './screens/MembersScreen';

/** `#/screen` or `#/accounts/<id>` (the account's drawer open). */
function routeFromHash(): { screen: ScreenId; accountId: string | null } {
  const [id = '', accountId = null] = window.location.hash.replace(/^#\/?/, '').split('/');
  return isScreenId(id)
    ? { screen: id, accountId: accountId ? decodeURIComponent(accountId) : null }
    : { screen: 'accounts', accountId: null };
}

/** The app frame: navigation on the left, one screen on the right. */
export function App() {
  const [route, setRoute] = useState(routeFromHash);
  const screen = route.screen;
  const info = useAppInfo((s) => s.data);
  const inFlight = useInFlightCount();
  const now = useClock((c) => c.now);
  // Devices waiting for approval: a badge for the admins who can approve them.
  const pendingMembers = useTeam((st) => (st.data?.operator.role === 'admin' ? st.data.pending : 0));
  const recentIncidents = useIncidents((st) => st.entries.filter((i) => Date.parse(i.at) > now - 86_400_000).length);

  useEffect(() => {
    const stop = startLiveUpdates();
    void useAppInfo.getState().load();
    void useTeam.getState().load();
    // The keychain is checked at once: without it nothing can be sealed (KeychainNotice says so).
    void useHealth.getState().load();
    void useSettings.getState().load();
    // The navigation's badges (sign-ins in flight, incidents of the last day) follow these.
    void reloadSessions();
    void useIncidents.getState().reload();
    const onHash = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      stop();
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  useEffect(() => {
    if (screen === 'audit') {
      void useAuditView.getState().reload();
      void useAuditActions.getState().load();
      void useAuditChain.getState().load();
    }
    if (screen === 'members') {
      void useTeam.getState().load();
      void useMembers.getState().load();
    }
    if (screen === 'sessions') {
      void reloadSessions();
      void useBulks.getState().load();
    }
    if (screen === 'incidents') void useIncidents.getState().reload();
    if (screen === 'settings') {
      void useHealth.getState().load();
      void useStoreStatus.getState().load();
      void useSettings.getState().load();
      void useSecrets.getState().load();
    }
  }, [screen]);

  // The theme: the setting, or the OS's preference (followed live) when it says "system".
  const theme = useSettings((st) => st.data?.theme ?? 'system');
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);

  // The language: the setting, or the OS's; every screen is drawn again in it.
  const language = useSettings((st) => st.data?.language ?? 'system');
  const { i18n } = useTranslation();
  useEffect(() => applyLanguage(language), [language]);

  // Ctrl/Cmd+K opens the command palette from anywhere.
  const [palette, setPalette] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPalette(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const select = (id: ScreenId) => {
    window.location.hash = `/${id}`;
    setRoute({ screen: id, accountId: null });
  };

  return (
    <div className="frame" key={i18n.language}>
      {/* Focus moves to the content without touching the hash, which routes the screens. */}
      <a
        href="#main-content"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <Nav
        current={screen}
        onSelect={select}
        operator={info ? `${info.operator.name} · ${t(`roles.${info.operator.role}`)}` : null}
        badges={{
          sessions: { count: inFlight, label: t('app.inFlightBadge', { count: inFlight }), tone: 'busy' },
          members: { count: pendingMembers, label: t('members.pendingCount', { count: pendingMembers }), tone: 'busy' },
          incidents: {
            count: recentIncidents,
            label: t('app.incidentsBadge', { count: recentIncidents }),
            tone: 'fail',
          },
        }}
      />
      <main className="content" id="main-content" tabIndex={-1}>
        <KeychainNotice />
        <StoreOfflineNotice />
        {screen === 'accounts' ? (
          <AccountsScreen
            focusId={route.accountId}
            onEnroll={() => select('enroll')}
            onSignInStarted={() => select('sessions')}
          />
        ) : null}
        {screen === 'enroll' ? <EnrollScreen onSignInStarted={() => select('sessions')} /> : null}
        {screen === 'sessions' ? <SessionsScreen /> : null}
        {screen === 'resync' ? <ResyncScreen onSettings={() => select('settings')} /> : null}
        {screen === 'incidents' ? <IncidentsScreen /> : null}
        {screen === 'audit' ? <AuditScreen /> : null}
        {screen === 'members' ? <MembersScreen /> : null}
        {screen === 'settings' ? <SettingsScreen /> : null}
      </main>
      {palette ? <CommandPalette onClose={() => setPalette(false)} /> : null}
    </div>
  );
}
