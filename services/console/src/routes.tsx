// URLs mirror the API's resource paths (/mous/{id} is GET /api/v1/mous/{id}), so a link can be shared.
// Every page but the dashboard is lazy: the first load carries only the frame and the page it shows. The dashboard,
// where a visit starts, comes with the frame: loaded on demand, its pieces were asked for only once the frame's code
// had run, and that second round of requests was a third of its first load (bench part 11).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { Shell } from './layout/Shell';
import Dashboard from './pages/dashboard/Dashboard';

const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return <Page />;
};

const History = lazy(() => import('./history/HistoryPage'));
// proposals, grants and activities: the same page with their events described in plain words
const WorkHistory = lazy(() => import('./pages/shared/WorkHistory'));
const workHistoryRoute = (resource: string): RouteObject => ({ path: `${resource}/:id/history`, element: <WorkHistory resource={resource} /> });
/** `/<resource>/{id}/history` for any resource the API keeps history of. */
export const historyRoute = (resource: string): RouteObject => ({ path: `${resource}/:id/history`, element: <History resource={resource} /> });

/** Signed-in pages, inside the frame. A page added later adds one entry here (and one in layout/nav.ts). */
export const pageRoutes: RouteObject[] = [
  { index: true, element: <Dashboard /> },
  { path: 'organisations', element: page(() => import('./pages/organisations/OrganisationsList')) },
  { path: 'organisations/:id', element: page(() => import('./pages/organisations/OrganisationPage')) },
  historyRoute('organisations'),
  { path: 'mous', element: page(() => import('./pages/mous/MousList')) },
  { path: 'mous/new', element: page(() => import('./pages/mous/MouCreate')) },
  { path: 'mous/:id', element: page(() => import('./pages/mous/MouPage')) },
  historyRoute('mous'),
  { path: 'proposals', element: page(() => import('./pages/proposals/ProposalsBoard')) },
  { path: 'proposals/new', element: page(() => import('./pages/proposals/ProposalCreate')) },
  { path: 'proposals/:id', element: page(() => import('./pages/proposals/ProposalPage')) },
  workHistoryRoute('proposals'),
  { path: 'grants', element: page(() => import('./pages/grants/GrantsList')) },
  { path: 'grants/new', element: page(() => import('./pages/grants/GrantCreate')) },
  { path: 'grants/:id', element: page(() => import('./pages/grants/GrantPage')) },
  workHistoryRoute('grants'),
  { path: 'activities', element: page(() => import('./pages/activities/ActivitiesPage')) },
  { path: 'activities/new', element: page(() => import('./pages/activities/ActivityCreate')) },
  { path: 'activities/:id', element: page(() => import('./pages/activities/ActivityPage')) },
  workHistoryRoute('activities'),
  { path: 'notifications', element: page(() => import('./pages/notifications/Inbox')) },
  { path: 'portfolio', element: page(() => import('./pages/portfolio/PortfolioPage')) },
  { path: 'audit', element: page(() => import('./pages/AuditPage')) },
  { path: '*', element: page(() => import('./pages/NotFound')) },
];

export const routes: RouteObject[] = [
  { path: '/sign-in', element: page(() => import('./pages/SignIn')) },
  { element: <RequireSession />, children: [{ path: '/', element: <Shell />, children: pageRoutes }] },
];
