// URLs mirror the API's resource paths (/mous/{id} is GET /api/v1/mous/{id}), so a link can be shared.
// Every page is lazy: the first load carries only the frame and the page it shows.
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { Shell } from './layout/Shell';

const page = (load: () => Promise<{ default: React.ComponentType }>) => {
  const Page = lazy(load);
  return <Page />;
};

/** Signed-in pages, inside the frame. A page added later adds one entry here (and one in layout/nav.ts). */
export const pageRoutes: RouteObject[] = [
  { index: true, element: page(() => import('./pages/Dashboard')) },
  { path: '*', element: page(() => import('./pages/NotFound')) },
];

export const routes: RouteObject[] = [
  { path: '/sign-in', element: page(() => import('./pages/SignIn')) },
  { element: <RequireSession />, children: [{ path: '/', element: <Shell />, children: pageRoutes }] },
];
