import '@mantine/core/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initialLang, setupI18n } from './i18n';

setupI18n(initialLang(window.location.search, window.localStorage));
// The dashboard is the usual first page: fetch its code alongside the session check instead of after it.
if (window.location.pathname === '/') void import('./pages/dashboard/Dashboard');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
