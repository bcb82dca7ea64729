/**
 * Who is logged in. The session is the httpOnly cookie; the client only asks /auth/me who it is.
 * A 401 from any other call means the session ended: the user is cleared and the router sends
 * them to the login page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Spin } from 'antd';
import { api, isApiError, setUnauthorizedHandler } from '../../shared/api';
import type { LoginResultView, MeView, UserView } from '../../../src/modules/access/access.contract';
import { showError } from './feedback';

/** The signed-in staff member as /auth/me and the login answer show them (the access contract). */
export type User = UserView;
export type DataScope = UserView['scope'];

interface AuthValue {
  user: User | null;
  /** False until the first /auth/me answered. */
  ready: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<User | null>;
}

const AuthCtx = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const userRef = useRef<User | null>(null);
  userRef.current = user;

  const refresh = useCallback(async (): Promise<User | null> => {
    try {
      const res = await api.get<MeView>('/api/v1/auth/me', undefined, { expectUnauthorized: true });
      setUser(res.user);
      return res.user;
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        setUser(null);
        return null;
      }
      throw e;
    }
  }, []);

  useEffect(() => {
    refresh()
      .catch(showError)
      .finally(() => setReady(true));
  }, [refresh]);

  useEffect(() => {
    setUnauthorizedHandler((err) => {
      if (!userRef.current) return;
      showError(err);
      setUser(null);
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(
    async (username: string, password: string): Promise<User> => {
      const res = await api.post<LoginResultView>('/api/v1/auth/login', { username, password }, { expectUnauthorized: true });
      // The cookie is the session; the token in the body is for API clients and is not kept.
      const me = await refresh().catch(() => null);
      const u = me ?? res.user;
      setUser(u);
      return u;
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/v1/auth/logout', undefined, { expectUnauthorized: true });
    } catch (e) {
      if (!(isApiError(e) && e.status === 401)) showError(e);
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo<AuthValue>(() => ({ user, ready, login, logout, refresh }), [user, ready, login, logout, refresh]);
  return <AuthCtx.Provider value={value}>{children}</AuthCtx.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthCtx);
  if (!v) throw new Error('useAuth() used outside <AuthProvider>');
  return v;
}

/** The logged-in user inside the authenticated part of the console. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser() used outside <RequireAuth>');
  return user;
}

/** can('a') or can(['a', 'b']) — true when the user holds any of the permissions. */
export function useCan(): (perm: string | readonly string[]) => boolean {
  const { user } = useAuth();
  return useCallback(
    (perm: string | readonly string[]) => {
      if (!user) return false;
      const wanted = typeof perm === 'string' ? [perm] : perm;
      return wanted.some((p) => user.permissions.includes(p));
    },
    [user],
  );
}

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, ready } = useAuth();
  const location = useLocation();
  if (!ready) return <FullPageSpin />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}
