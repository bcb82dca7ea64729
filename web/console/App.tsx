import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { CONSOLE_MODULES } from './modules';
import { AuthProvider, RequireAuth } from './shell/auth';
import { AppLayout } from './shell/AppLayout';
import { FeedbackBridge } from './shell/feedback';
import { LoginPage } from './shell/LoginPage';
import { NotFoundPage, PageErrorBoundary, RequirePermission } from './shell/pages';
import { RolesProvider } from './shell/roles';
import { ReviewCountProvider } from './review/pendingCount';

export const THEME = {
  token: {
    colorPrimary: '#1a7f5a',
    colorLink: '#1a7f5a',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { siderBg: '#0f3d2e', headerHeight: 56, headerPadding: '0 16px' },
    Menu: { darkItemBg: '#0f3d2e', darkSubMenuItemBg: '#0b3024', darkItemSelectedBg: '#1a7f5a' },
  },
};

function routePath(base: string, sub: string): string {
  const joined = `${base.replace(/\/$/, '')}/${sub}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : '/';
}

function Authenticated() {
  return (
    <RolesProvider>
      <ReviewCountProvider>
        <AppLayout />
      </ReviewCountProvider>
    </RolesProvider>
  );
}

function Page({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const location = useLocation();
  return (
    <PageErrorBoundary resetKey={location.pathname} message={t('page.loadFailed')}>
      {children}
    </PageErrorBoundary>
  );
}

function ConsoleRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <Authenticated />
          </RequireAuth>
        }
      >
        {CONSOLE_MODULES.flatMap((m) =>
          m.routes.map((r) => {
            const PageComponent = r.page;
            return (
              <Route
                key={`${m.key}:${r.path}`}
                path={routePath(m.path, r.path)}
                element={
                  <Page>
                    <RequirePermission permissions={m.permissions}>
                      <PageComponent />
                    </RequirePermission>
                  </Page>
                }
              />
            );
          }),
        )}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function Themed() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <FeedbackBridge />
        <BrowserRouter>
          <AuthProvider>
            <ConsoleRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function ConsoleApp() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
