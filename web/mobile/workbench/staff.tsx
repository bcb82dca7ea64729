/**
 * Staff mode of the mobile page: who is signed in (the console's staff session cookie, asked of
 * /auth/me), the sign-in form, and the frame of every workbench screen with its tab bar. A customer's
 * session never opens these screens: the staff routes take only the staff cookie.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, NavBar, Result, SafeArea, TabBar } from 'antd-mobile';
import { isApiError } from '../../shared/api';
import { useI18n } from '../i18n';
import { LangButton } from '../LangButton';
import { Loading, TextField, toastError, useAction } from '../ui';
import { workbenchApi, type StaffUser } from './api';

interface StaffValue {
  user: StaffUser | null;
  ready: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const StaffCtx = createContext<StaffValue | null>(null);

export function StaffProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<StaffUser | null>(null);
  const [ready, setReady] = useState(false);
  const refresh = useCallback(async () => {
    try {
      setUser((await workbenchApi.me()).user);
    } catch (e) {
      if (isApiError(e) && e.status === 401) setUser(null);
      else toastError(e);
    }
  }, []);
  useEffect(() => {
    void refresh().finally(() => setReady(true));
  }, [refresh]);
  const signIn = useCallback(
    async (username: string, password: string) => {
      const res = await workbenchApi.login(username, password);
      setUser(res.user);
      await refresh();
    },
    [refresh],
  );
  const signOut = useCallback(async () => {
    try {
      await workbenchApi.logout();
    } catch (e) {
      if (!(isApiError(e) && e.status === 401)) toastError(e);
    }
    setUser(null);
  }, []);
  const value = useMemo(() => ({ user, ready, signIn, signOut }), [user, ready, signIn, signOut]);
  return <StaffCtx.Provider value={value}>{children}</StaffCtx.Provider>;
}

export function useStaff(): StaffValue {
  const v = useContext(StaffCtx);
  if (!v) throw new Error('useStaff() used outside <StaffProvider>');
  return v;
}

function SignInForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { signIn } = useStaff();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submit, busy] = useAction(async () => {
    if (!username.trim() || !password) {
      setError(t('m.wb.signIn.required'));
      return;
    }
    setError(null);
    await signIn(username.trim(), password);
  });
  return (
    <form
      className="hnm-wb-signin"
      data-testid="m-staff-login"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="hnm-step-intro">{t('m.wb.signIn.intro')}</p>
      <TextField
        label={t('m.wb.signIn.username')}
        testId="m-staff-username"
        value={username}
        onChange={setUsername}
        autoComplete="username"
        error={error}
      />
      <div className="hnm-field">
        <label className="hnm-field-label" htmlFor="f-m-staff-password">
          {t('m.wb.signIn.password')}
        </label>
        <div className="hnm-field-control">
          <input
            id="f-m-staff-password"
            className="hnm-input"
            type="password"
            autoComplete="current-password"
            data-testid="m-staff-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
      </div>
      <Button block color="primary" size="large" type="submit" loading={busy} data-testid="m-staff-submit">
        {t('m.wb.signIn.submit')}
      </Button>
      <Button block fill="none" className="hnm-wb-back" onClick={() => navigate('/')}>
        {t('m.wb.signIn.back')}
      </Button>
    </form>
  );
}

const TABS = [
  { key: '/staff', title: 'm.wb.tab.work', icon: '☰' },
  { key: '/staff/qr', title: 'm.wb.tab.qr', icon: '▦' },
  { key: '/staff/sla', title: 'm.wb.tab.sla', icon: '时' },
  { key: '/staff/exams', title: 'm.tr.tab', icon: '考' },
] as const;

/**
 * The frame of a workbench screen: the title bar (back, language, sign out), the sign-in form when nobody
 * is signed in, the forced password change sent to the console, and the tab bar.
 */
export function StaffShell({
  title,
  children,
  back,
  anyStaff,
}: {
  title: ReactNode;
  children: ReactNode;
  back?: string;
  /** The screen is any staff member's (their own exams and training), not only an officer's. */
  anyStaff?: boolean;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { user, ready, signOut } = useStaff();
  const signedIn = !!user && !user.mustChangePassword;
  let body: ReactNode;
  if (!ready) body = <Loading />;
  else if (!user) body = <SignInForm />;
  else if (user.mustChangePassword)
    body = (
      <Result status="warning" title={t('m.wb.forced.title')} description={t('m.wb.forced.desc')} data-testid="m-staff-forced-password" />
    );
  else if (!anyStaff && !user.permissions.includes('prospect:read'))
    body = <ErrorBlock status="default" title={t('m.wb.notOfficer')} description="" />;
  else body = children;
  return (
    <div className="hnm-page hnm-wb">
      <SafeArea position="top" />
      <NavBar
        className="hnm-navbar hnm-wb-navbar"
        backIcon={back ? undefined : false}
        onBack={back ? () => navigate(back) : undefined}
        right={
          <span className="hnm-navbar-right">
            <LangButton className="hnm-lang hnm-lang-dark" />
            {user && (
              <button type="button" className="hnm-lang hnm-lang-dark" data-testid="m-staff-logout" onClick={() => void signOut()}>
                {t('m.wb.signOut')}
              </button>
            )}
          </span>
        }
      >
        {user ? title : t('m.wb.signIn.title')}
      </NavBar>
      {signedIn && (
        <div className="hnm-wb-who" data-testid="m-staff-user">
          {t('m.wb.hello', { name: user.name, branch: user.branchName })}
        </div>
      )}
      <main className="hnm-main hnm-wb-main">
        {body}
        {user?.mustChangePassword && (
          <Button block color="primary" onClick={() => window.location.assign('/')} data-testid="m-staff-console">
            {t('m.wb.forced.console')}
          </Button>
        )}
      </main>
      {signedIn && (
        <div className="hnm-wb-tabbar">
          <TabBar activeKey={location.pathname} onChange={(key) => navigate(key)}>
            {TABS.map((tab) => (
              <TabBar.Item
                key={tab.key}
                icon={<span data-testid={`m-staff-tab-${tab.key.split('/').pop()}`}>{tab.icon}</span>}
                title={t(tab.title)}
              />
            ))}
          </TabBar>
        </div>
      )}
      <SafeArea position="bottom" />
    </div>
  );
}
