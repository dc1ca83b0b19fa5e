// Who is signed in. The cookie is HttpOnly, so the console asks GET /session; the CSRF token it answers goes into
// the API client for every unsafe request.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from '../lib/api';

export interface SessionUser {
  sub: string;
  email: string;
  name?: string;
  roles: string[];
  teams: string[];
}

export interface SessionBody {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

export interface Providers {
  local: boolean;
  oidc: false | { loginUrl: string };
}

interface SessionValue {
  user: SessionUser | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
  hasRole(...roles: string[]): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);
export const SESSION_KEY = ['session'];

async function loadSession(): Promise<SessionBody | null> {
  try {
    const body = await api.get<SessionBody>('/session');
    setCsrfToken(body.csrfToken);
    return body;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: 60_000, retry: false });

  const signIn = useCallback(
    async (email: string, password: string) => {
      const body = await api.post<SessionBody>('/session', { email, password });
      setCsrfToken(body.csrfToken);
      client.setQueryData(SESSION_KEY, body);
      return body.user;
    },
    [client],
  );
  const signOut = useCallback(async () => {
    await api.delete('/session').catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    client.setQueryData(SESSION_KEY, null);
  }, [client]);

  const user = query.data?.user ?? null;
  const value = useMemo<SessionValue>(
    () => ({ user, loading: query.isPending, signIn, signOut, hasRole: (...roles) => !!user && roles.some((r) => user.roles.includes(r)) }),
    [user, query.isPending, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Staff and admins change things; auditors and viewers read. */
export function useCanWrite(): boolean {
  return useSession().hasRole('admin', 'staff');
}
