/**
 * The home page opens on the user's dashboard: one per role (the executive's bank-wide headline, the
 * branch head's branch, the officer's own book, the inspector's risk queue, the parameter manager's and
 * the approver's review queues); roles without one (admin, auditor, lobby staff) get the overview of
 * quick links and cards. A user with several roles gets a tab per dashboard, their first role's first.
 */
import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { Card, Space, Spin, Tabs, Typography } from 'antd';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../shell/auth';
import { RoleTags } from '../shell/roles';
import { Overview } from './Overview';
import { InspectorDashboard, LobbyTasksFigure, ReviewerDashboard } from './dashboards/Queues';

// the portfolio dashboards carry the charts of the headline: loaded when a role needs them
const ExecutiveDashboard = lazy(async () => ({ default: (await import('./dashboards/Portfolio')).ExecutiveDashboard }));
const BranchHeadDashboard = lazy(async () => ({ default: (await import('./dashboards/Portfolio')).BranchHeadDashboard }));
const OfficerDashboard = lazy(async () => ({ default: (await import('./dashboards/Portfolio')).OfficerDashboard }));

interface DashboardSpec {
  key: string;
  label: MessageKey;
  Component: ComponentType;
}

const ParamManagerDashboard = () => <ReviewerDashboard approver={false} />;
const ApproverDashboard = () => <ReviewerDashboard approver />;
const LobbyOverview = () => <Overview top={<LobbyTasksFigure />} />;
const PlainOverview = () => <Overview />;

/** Role code → its dashboard. A role not listed gets the overview. */
const ROLE_DASHBOARDS: Record<string, DashboardSpec> = {
  executive: { key: 'executive', label: 'home.tab.executive', Component: ExecutiveDashboard },
  branch_head: { key: 'branch_head', label: 'home.tab.branchHead', Component: BranchHeadDashboard },
  loan_officer: { key: 'loan_officer', label: 'home.tab.officer', Component: OfficerDashboard },
  inspector: { key: 'inspector', label: 'home.tab.inspector', Component: InspectorDashboard },
  param_manager: { key: 'param_manager', label: 'home.tab.paramManager', Component: ParamManagerDashboard },
  approver: { key: 'approver', label: 'home.tab.approver', Component: ApproverDashboard },
  lobby_staff: { key: 'lobby_staff', label: 'home.tab.lobby', Component: LobbyOverview },
};
const OVERVIEW: DashboardSpec = { key: 'overview', label: 'home.tab.overview', Component: PlainOverview };

/** The user's dashboards in the order of their roles, each once; the overview when no role has one. */
export function dashboardsFor(roles: readonly string[]): DashboardSpec[] {
  const out: DashboardSpec[] = [];
  for (const r of roles) {
    const d = ROLE_DASHBOARDS[r] ?? OVERVIEW;
    if (!out.some((x) => x.key === d.key)) out.push(d);
  }
  return out.length ? out : [OVERVIEW];
}

function greetingKey(): MessageKey {
  const h = new Date().getHours();
  if (h < 12) return 'home.morning';
  if (h < 18) return 'home.afternoon';
  return 'home.evening';
}

function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>{children}</Suspense>;
}

export function HomePage() {
  const { t } = useI18n();
  const user = useUser();
  const dashboards = dashboardsFor(user.roles);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-greeting">
          {t('home.greeting', { greeting: t(greetingKey()), name: user.name })}
        </Typography.Title>
        <Space wrap size={8}>
          <Typography.Text type="secondary">{user.branchName ?? '—'}</Typography.Text>
          <RoleTags codes={user.roles} />
          <Typography.Text type="secondary">{t('home.scope', { scope: t(`scope.${user.scope}`) })}</Typography.Text>
        </Space>
      </Card>
      {dashboards.length === 1 ? (
        <Loading>
          {(() => {
            const { Component } = dashboards[0];
            return <Component />;
          })()}
        </Loading>
      ) : (
        <Tabs
          data-testid="home-dashboard-tabs"
          destroyOnHidden
          items={dashboards.map(({ key, label, Component }) => ({
            key,
            label: <span data-testid={`home-tab-${key}`}>{t(label)}</span>,
            children: (
              <Loading>
                <Component />
              </Loading>
            ),
          }))}
        />
      )}
    </Space>
  );
}
