/**
 * The authenticated frame: side menu (only what the user may use), header with the bank's business
 * date, the user, language and logout. A user who must change their password sees only the
 * change-password dialog until they do.
 */
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Dropdown, Layout, Menu, Space, Spin, Tag, Tooltip, Typography, theme, type MenuProps } from 'antd';
import { CalendarOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { onBusinessDateChanged } from '../../shared/businessDateEvents';
import { useI18n } from '../i18n';
import { CONSOLE_MODULES, MENU_SECTIONS, moduleOfPath } from '../modules';
import { useAuth, useCan, useUser } from './auth';
import { BankMark } from './BankMark';
import { ChangePasswordModal } from './ChangePasswordModal';
import { clearMessages, showSuccess } from './feedback';
import { DemoBuildBanner } from './DemoBuildBanner';
import { LangSwitch } from './LangSwitch';
import { useRoles } from './roles';

const { Header, Sider, Content, Footer } = Layout;
const SIDER_KEY = 'hn_sider_collapsed';

function BusinessDate() {
  const { t } = useI18n();
  const { data, reload } = useAsync((signal) => api.get<{ businessDate: string }>('/api/v1/business-date', undefined, { signal }), []);
  useEffect(() => onBusinessDateChanged(reload), [reload]);
  if (!data?.businessDate) return null;
  return (
    <Tooltip title={t('header.businessDate')}>
      <Tag icon={<CalendarOutlined />} color="green" variant="filled" data-testid="business-date" style={{ marginInlineEnd: 0 }}>
        {t('header.businessDate')} {data.businessDate}
      </Tag>
    </Tooltip>
  );
}

export function AppLayout() {
  const { t } = useI18n();
  const user = useUser();
  const { logout } = useAuth();
  const can = useCan();
  const { label: roleLabel } = useRoles();
  const location = useLocation();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(SIDER_KEY) === '1');
  const [pwOpen, setPwOpen] = useState(false);

  const forced = user.mustChangePassword;
  const visible = CONSOLE_MODULES.filter((m) => !m.permissions || can(m.permissions));
  const selected = moduleOfPath(location.pathname)?.key;

  const item = (m: (typeof visible)[number]) => {
    const Badge = m.badge;
    return {
      key: m.key,
      icon: m.icon,
      'data-testid': `menu-${m.key}`,
      label: (
        <span>
          {t(m.labelKey)}
          {Badge && <Badge />}
        </span>
      ),
    };
  };
  // Grouped by the bank's lines of work; a section the user has nothing in is left out.
  const items: MenuProps['items'] = MENU_SECTIONS.flatMap((section): NonNullable<MenuProps['items']> => {
    const inSection = visible.filter((m) => m.section === section);
    if (inSection.length === 0) return [];
    if (section === 'workbench') return inSection.map(item);
    return [{ key: `section-${section}`, type: 'group' as const, label: t(`menu.section.${section}`), children: inSection.map(item) }];
  });

  const toggle = () => {
    setCollapsed((c) => {
      localStorage.setItem(SIDER_KEY, c ? '0' : '1');
      return !c;
    });
  };

  const doLogout = async () => {
    await logout();
    clearMessages();
    showSuccess(t('header.loggedOut'));
    navigate('/login', { replace: true });
  };

  const roleText = user.roles.map(roleLabel).join('、') || '—';
  const userMenu: MenuProps['items'] = [
    { key: 'pw', icon: <KeyOutlined />, label: t('header.changePassword'), onClick: () => setPwOpen(true) },
  ];

  let content: ReactNode = (
    <Suspense
      fallback={
        <div style={{ padding: 64, textAlign: 'center' }}>
          <Spin />
        </div>
      }
    >
      <Outlet />
    </Suspense>
  );
  if (forced) content = null;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} trigger={null} width={216} theme="dark" className="hn-sider">
        <Link to="/" className="hn-brand" aria-label={t('app.name')}>
          <BankMark size={30} />
          {!collapsed && (
            <span className="hn-brand-text">
              <span className="hn-brand-name">{t('app.name')}</span>
              <span className="hn-brand-sub">{t('app.bank')}</span>
            </span>
          )}
        </Link>
        {!forced && (
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items}
            onClick={({ key }) => {
              const m = visible.find((x) => x.key === key);
              if (m && location.pathname !== m.path) navigate(m.path);
            }}
          />
        )}
      </Sider>
      <Layout>
        <Header
          className="hn-header"
          style={{ background: token.colorBgContainer, borderBottom: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Space size={12}>
            <Button type="text" aria-label="menu" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={toggle} />
            <Typography.Text strong className="hn-header-title">
              {t('app.subtitle')}
            </Typography.Text>
          </Space>
          <Space size={12} wrap={false}>
            {!forced && <BusinessDate />}
            <Dropdown menu={{ items: userMenu }} trigger={['click']} disabled={forced}>
              <Button type="text" data-testid="user-menu" className="hn-user">
                <UserOutlined />
                <span data-testid="user-name">{user.name}</span>
                <Typography.Text type="secondary" className="hn-user-roles" ellipsis>
                  {roleText}
                </Typography.Text>
              </Button>
            </Dropdown>
            <LangSwitch />
            <Button type="text" icon={<LogoutOutlined />} data-testid="logout" onClick={() => void doLogout()}>
              {t('header.logout')}
            </Button>
          </Space>
        </Header>
        <DemoBuildBanner />
        <Content className="hn-content">{content}</Content>
        <Footer className="hn-footer">{t('app.footer')}</Footer>
      </Layout>
      <ChangePasswordModal open={forced || pwOpen} forced={forced} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}
