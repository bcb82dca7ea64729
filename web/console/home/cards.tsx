/**
 * The home page's overview cards. Each card needs a permission and loads its own figure; later
 * modules add cards to HOME_CARDS.
 */
import type { ComponentType, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Card, Statistic, Typography } from 'antd';
import { ApartmentOutlined, CloudUploadOutlined, FileProtectOutlined, TeamOutlined } from '@ant-design/icons';
import { api, type Page } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MessageKey } from '../i18n';
import { useReviewCount } from '../review/pendingCount';
import { RiskQueueCard } from '../risk/HomeQueue';
import { AuditOutlined } from '@ant-design/icons';
import type { InspectionSummary } from '../../../src/modules/inspections/inspections.contract';
import { BulbOutlined } from '@ant-design/icons';

export interface HomeCard {
  key: string;
  permissions: readonly string[];
  Component: ComponentType;
}

function StatCard({
  title,
  hint,
  value,
  loading,
  icon,
  to,
  testId,
  highlight,
}: {
  title: MessageKey;
  hint?: MessageKey;
  value: number | string | undefined;
  loading: boolean;
  icon: ReactNode;
  to: string;
  testId: string;
  highlight?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Link to={to} data-testid={testId}>
      <Card hoverable className="hn-stat-card" loading={loading && value === undefined}>
        <Statistic
          title={
            <span>
              {icon} {t(title)}
            </span>
          }
          value={value ?? '—'}
          styles={{ content: highlight ? { color: '#d4380d' } : undefined }}
        />
        {hint && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(hint)}
          </Typography.Text>
        )}
      </Card>
    </Link>
  );
}

function MyReviewsCard() {
  const { mine, more } = useReviewCount();
  return (
    <StatCard
      title="home.myReviews"
      hint="home.myReviewsHint"
      value={mine === undefined ? undefined : more ? `${mine}+` : mine}
      loading={mine === undefined}
      icon={<FileProtectOutlined />}
      to="/review"
      testId="home-card-my-reviews"
      highlight={!!mine}
    />
  );
}

function useTotal(path: string) {
  return useAsync((signal) => api.get<Page<unknown>>(path, { page: 1, pageSize: 1 }, { signal }).then((p) => p.total), [path]);
}

function StaffTotalCard() {
  const { data, loading } = useTotal('/api/v1/staff');
  return <StatCard title="home.staffTotal" value={data} loading={loading} icon={<TeamOutlined />} to="/staff" testId="home-card-staff" />;
}

function BranchTotalCard() {
  const { data, loading } = useAsync(
    (signal) => api.get<{ items: unknown[] }>('/api/v1/branches', undefined, { signal }).then((r) => r.items.length),
    [],
  );
  return (
    <StatCard
      title="home.branchTotal"
      value={data}
      loading={loading}
      icon={<ApartmentOutlined />}
      to="/branches"
      testId="home-card-branches"
    />
  );
}

function ImportTotalCard() {
  const { data, loading } = useTotal('/api/v1/imports');
  return (
    <StatCard
      title="home.importTotal"
      value={data}
      loading={loading}
      icon={<CloudUploadOutlined />}
      to="/imports"
      testId="home-card-imports"
    />
  );
}

function InspectionTasksCard() {
  const { t } = useI18n();
  const { data, loading } = useAsync((signal) => api.get<InspectionSummary>('/api/v1/inspections/summary', undefined, { signal }), []);
  return (
    <Link to="/inspections" data-testid="home-card-inspection-tasks">
      <Card hoverable className="hn-stat-card" loading={loading && data === undefined}>
        <Statistic
          title={
            <span>
              <AuditOutlined /> {t('insp.home.openTasks')}
            </span>
          }
          value={data?.openTasks ?? '—'}
          styles={{ content: data?.overdueTasks ? { color: '#d4380d' } : undefined }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('insp.home.openTasksHint', { n: data?.overdueTasks ?? 0 })}
        </Typography.Text>
      </Card>
    </Link>
  );
}

function InspectionRecheckCard() {
  const { data, loading } = useAsync((signal) => api.get<InspectionSummary>('/api/v1/inspections/summary', undefined, { signal }), []);
  return (
    <StatCard
      title="insp.home.recheck"
      hint="insp.home.recheckHint"
      value={data?.findingsToRecheck}
      loading={loading}
      icon={<AuditOutlined />}
      to="/inspections/findings"
      testId="home-card-inspection-recheck"
      highlight={!!data?.findingsToRecheck}
    />
  );
}

/** The three key roles' own feedback tickets still in progress (open, accepted or being handled). */
function MyFeedbackCard() {
  const { data, loading } = useAsync(
    (signal) =>
      Promise.all(
        (['OPEN', 'ACCEPTED', 'IN_PROGRESS'] as const).map((status) =>
          api.get<Page<unknown>>('/api/v1/feedback', { mine: 'true', status, page: 1, pageSize: 1 }, { signal }).then((p) => p.total),
        ),
      ).then((n) => n.reduce((a, b) => a + b, 0)),
    [],
  );
  return (
    <StatCard
      title="home.myFeedback"
      hint="home.myFeedbackHint"
      value={data}
      loading={loading}
      icon={<BulbOutlined />}
      to="/feedback"
      testId="home-card-my-feedback"
    />
  );
}

export const HOME_CARDS: readonly HomeCard[] = [
  { key: 'my-reviews', permissions: ['review:read'], Component: MyReviewsCard },
  { key: 'staff', permissions: ['staff:read'], Component: StaffTotalCard },
  { key: 'branches', permissions: ['branch:read'], Component: BranchTotalCard },
  { key: 'imports', permissions: ['import:read'], Component: ImportTotalCard },
  // the work queue of alerts, earliest deadline first (web/console/risk/HomeQueue.tsx)
  { key: 'risk-queue', permissions: ['risk:follow-up'], Component: RiskQueueCard },
  { key: 'inspection-tasks', permissions: ['inspection:work'], Component: InspectionTasksCard },
  { key: 'inspection-recheck', permissions: ['inspection:work'], Component: InspectionRecheckCard },
  { key: 'my-feedback', permissions: ['feedback:raise'], Component: MyFeedbackCard },
];
