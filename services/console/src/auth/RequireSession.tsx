// Pages behind sign-in: without a session, go to /sign-in and come back here afterwards.
import { Outlet, Navigate, useLocation } from 'react-router';
import { Loading } from '../components/Loading';
import { useSession } from './session';

export function RequireSession() {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}
