import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Empty, List, Row, Space, Tag } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MessageKey } from '../i18n';
import { useCan, useUser } from '../shell/auth';
import { formatDateTime } from '../shell/format';
import { reviewApi } from '../review/api';
import { personText, ReviewStatusTag } from '../review/ui';
import { HOME_CARDS } from './cards';

interface QuickLink {
  key: string;
  label: MessageKey;
  to: string;
  icon: ReactNode;
  permissions: readonly string[];
  /** Roles for whom the link comes first. */
  roles?: readonly string[];
  external?: boolean;
}

/** Links are shown to whoever holds the permission, the user's own roles' links first. */
const QUICK_LINKS: readonly QuickLink[] = [
  {
    key: 'review',
    label: 'home.link.review',
    to: '/review',
    icon: <FileProtectOutlined />,
    permissions: ['review:read'],
    roles: ['admin', 'approver', 'branch_head'],
  },
  {
    key: 'create-staff',
    label: 'home.link.createStaff',
    to: '/staff?create=1',
    icon: <UserAddOutlined />,
    permissions: ['staff:write'],
    roles: ['admin'],
  },
  {
    key: 'staff',
    label: 'home.link.staff',
    to: '/staff',
    icon: <TeamOutlined />,
    permissions: ['staff:read'],
    roles: ['admin', 'branch_head', 'executive'],
  },
  {
    key: 'branches',
    label: 'home.link.branches',
    to: '/branches',
    icon: <ApartmentOutlined />,
    permissions: ['branch:read'],
    roles: ['admin'],
  },
  {
    key: 'import',
    label: 'home.link.import',
    to: '/imports',
    icon: <CloudUploadOutlined />,
    permissions: ['import:create'],
    roles: ['admin'],
  },
  { key: 'audit', label: 'home.link.audit', to: '/audit', icon: <AuditOutlined />, permissions: ['audit:read'], roles: ['auditor'] },
  {
    key: 'verify',
    label: 'home.link.verifyAudit',
    to: '/audit',
    icon: <SafetyCertificateOutlined />,
    permissions: ['audit:read'],
    roles: ['auditor'],
  },
  {
    key: 'docs',
    label: 'home.link.apiDocs',
    to: '/docs',
    icon: <FileTextOutlined />,
    permissions: ['staff:write'],
    roles: ['admin'],
    external: true,
  },
];

export function LatestReviews() {
  const { t } = useI18n();
  const { data, loading } = useAsync((signal) => reviewApi.list({ status: 'PENDING', page: 1, pageSize: 5 }, signal), []);
  const items = data?.items ?? [];
  return (
    <Card
      title={t('home.latestReviews')}
      extra={<Link to="/review">{t('home.viewAll')}</Link>}
      styles={{ body: { paddingTop: items.length ? 0 : undefined } }}
    >
      {!loading && items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noPendingReviews')} />
      ) : (
        <List
          loading={loading}
          dataSource={items}
          renderItem={(r) => (
            <List.Item extra={<ReviewStatusTag status={r.status} />}>
              <List.Item.Meta
                title={
                  <Link to={`/review?id=${encodeURIComponent(String(r.id))}`}>
                    <Tag>{r.typeName || r.type}</Tag>
                    {r.title}
                  </Link>
                }
                description={`${personText(r.maker)} · ${formatDateTime(r.createdAt)}`}
              />
              {r.canCheck && <Tag color="gold">{t('review.mine')}</Tag>}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/**
 * The overview of roles without a dashboard of their own (admin, auditor, lobby staff): quick links,
 * the cards their permissions open, the latest pending reviews. `top` goes first (the lobby staff's figure).
 */
export function Overview({ top }: { top?: ReactNode }) {
  const { t } = useI18n();
  const user = useUser();
  const can = useCan();

  const mine = (l: QuickLink) => (l.roles ?? []).some((r) => user.roles.includes(r));
  const links = QUICK_LINKS.filter((l) => can(l.permissions)).sort((a, b) => Number(mine(b)) - Number(mine(a)));
  const cards = HOME_CARDS.filter((c) => can(c.permissions));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard-overview">
      {top}
      <Card title={t('home.quickLinks')}>
        {links.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noQuickLinks')} />
        ) : (
          <Row gutter={[12, 12]}>
            {links.map((l) => {
              const inner = (
                <Card size="small" hoverable style={{ textAlign: 'center' }}>
                  <div style={{ fontSize: 22, color: '#1a7f5a' }}>{l.icon}</div>
                  <div style={{ marginTop: 4 }}>{t(l.label)}</div>
                </Card>
              );
              return (
                <Col key={l.key} xs={12} sm={8} md={6} lg={4}>
                  {l.external ? (
                    <a href={l.to} target="_blank" rel="noreferrer" data-testid={`quick-${l.key}`}>
                      {inner}
                    </a>
                  ) : (
                    <Link to={l.to} data-testid={`quick-${l.key}`}>
                      {inner}
                    </Link>
                  )}
                </Col>
              );
            })}
          </Row>
        )}
      </Card>

      <Card title={t('home.overview')} variant="borderless" styles={{ body: { padding: cards.length ? 16 : undefined } }}>
        {cards.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noCards')} />
        ) : (
          <Row gutter={[16, 16]}>
            {cards.map(({ key, Component }) => (
              <Col key={key} xs={24} sm={12} lg={6}>
                <Component />
              </Col>
            ))}
          </Row>
        )}
      </Card>

      {can('review:read') && <LatestReviews />}
    </Space>
  );
}

/** The overview cards of the user's work (reviews, risk queue, inspections, own feedback) for the role dashboards. */
const WORK_CARDS = ['my-reviews', 'risk-queue', 'inspection-tasks', 'inspection-recheck', 'my-feedback'];

export function WorkCards({ exclude = [] }: { exclude?: readonly string[] }) {
  const { t } = useI18n();
  const can = useCan();
  const cards = HOME_CARDS.filter((c) => WORK_CARDS.includes(c.key) && !exclude.includes(c.key) && can(c.permissions));
  if (cards.length === 0) return null;
  return (
    <Card title={t('home.overview')} variant="borderless" data-testid="home-work-cards">
      <Row gutter={[16, 16]}>
        {cards.map(({ key, Component }) => (
          <Col key={key} xs={24} sm={12} lg={6}>
            <Component />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
