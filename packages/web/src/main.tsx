import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { Router } from './app/router.tsx';
import { SessionProvider } from './app/session.tsx';
import { I18nProvider } from './i18n/I18n.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Router>
        <SessionProvider>
          <App />
        </SessionProvider>
      </Router>
    </I18nProvider>
  </StrictMode>,
);
