import '@mantine/core/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, queryClient } from './App';
import { initialLang, setupI18n } from './i18n';
import { prefetchDashboard } from './pages/dashboard/Dashboard';

setupI18n(initialLang(window.location.search, window.localStorage));
// The dashboard is where a visit usually starts: its lists are asked for now, alongside the session check.
if (window.location.pathname === '/') prefetchDashboard(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
