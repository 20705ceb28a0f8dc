import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { warmFormats } from './components/ui';
import { warmUp } from './i18n';
import { useAccountsView } from './stores/accountsView';
import './styles.css';

// The Accounts screen's first window is asked for before React mounts: the core answers while the
// page builds itself, and the screen joins that request (issue #16, B5).
if (/^#?\/?(accounts(\/|$)|$)/.test(window.location.hash)) void useAccountsView.getState().reload({ early: true });
warmUp();
warmFormats();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
