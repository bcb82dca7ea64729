/** 贷后预警: the alerts in the user's scope, earliest deadline first, with Excel export of the same filters. */
import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { riskApi, RISK_LEVELS, type AlertItem, type AlertStatus, type RiskLevel } from './api';
import { AlertStatusTag, LevelTag } from './ui';

type Filters = { level?: RiskLevel; status?: AlertStatus };
type Sort = 'dueAt' | '-dueAt' | 'raisedOn' | '-raisedOn' | 'level' | '-level';

export function AlertsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = usePagedQuery<AlertItem, Filters, Sort>((q, signal) => riskApi.alerts(q, signal), {
    onError: showError,
    initialFilters: { status: 'OPEN' },
  });
  const { draft, setDraft, search, reset, reload } = list;

  const columns: TableColumnsType<AlertItem> = [
    {
      title: t('risk.id'),
      dataIndex: 'id',
      width: 110,
      fixed: 'left',
      render: (id: number) => (
        <Typography.Link className="hn-mono" data-testid={`risk-alert-link-${id}`}>
          {id}
        </Typography.Link>
      ),
    },
    {
      title: t('risk.customer'),
      key: 'customer',
      width: 110,
      fixed: 'left',
      render: (_: unknown, r) => r.customerNameMasked ?? <span className="hn-mono">{r.customerId}</span>,
    },
    {
      title: t('risk.level'),
      dataIndex: 'level',
      width: 90,
      sorter: true,
      render: (v: RiskLevel, r) => <LevelTag level={v} testId={`risk-level-${r.id}`} />,
    },
    {
      title: t('risk.rules'),
      dataIndex: 'rules',
      width: 220,
      render: (rules: AlertItem['rules']) => rules.map((x) => <Tag key={x.code}>{x.code}</Tag>),
    },
    {
      title: t('risk.dueAt'),
      dataIndex: 'dueAt',
      width: 130,
      sorter: true,
      render: (v: string, r) => (
        <span style={r.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined} data-testid={`risk-due-${r.id}`}>
          {v}
          {r.overdue ? ` · ${t('risk.overdue')}` : ''}
        </span>
      ),
    },
    { title: t('risk.escalation'), dataIndex: 'escalation', width: 160, render: (v: string) => t(`risk.escalation.${v as 'OFFICER'}`) },
    { title: t('risk.branch'), dataIndex: 'branchName', width: 140, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('risk.officer'), dataIndex: 'officerName', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('risk.raisedOn'), dataIndex: 'raisedOn', width: 120, sorter: true },
    { title: t('risk.lastFollowUpOn'), dataIndex: 'lastFollowUpOn', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('risk.status'),
      dataIndex: 'status',
      width: 100,
      fixed: 'right',
      render: (v: AlertStatus, r) => <AlertStatusTag status={v} testId={`risk-status-${r.id}`} />,
    },
  ];

  return (
    <>
      <PageHeader title={t('risk.title')} subtitle={t('risk.subtitle')} />
      <Card>
        <PagedTable<AlertItem, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="risk-alerts"
          testId="risk-alerts-table"
          emptyText={t('risk.empty')}
          exportTo={{ path: '/api/v1/risk/alerts', filename: t('risk.title'), onError: showError }}
          toolbar={
            <>
              <Select<RiskLevel>
                allowClear
                style={{ width: 140 }}
                placeholder={t('risk.levelPlaceholder')}
                value={draft.level}
                onChange={(v) => setDraft((d) => ({ ...d, level: v ?? undefined }))}
                options={RISK_LEVELS.map((l) => ({ value: l, label: t(`risk.level.${l}`) }))}
                data-testid="risk-filter-level"
              />
              <Select<AlertStatus>
                allowClear
                style={{ width: 140 }}
                placeholder={t('risk.statusPlaceholder')}
                value={draft.status}
                onChange={(v) => setDraft((d) => ({ ...d, status: v ?? undefined }))}
                options={(['OPEN', 'CLOSED'] as const).map((s) => ({ value: s, label: t(`risk.status.${s}`) }))}
                data-testid="risk-filter-status"
              />
              <Button type="primary" onClick={() => search()} data-testid="risk-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`risk-alert-row-${r.id}`),
            onClick: () => navigate(`/risk/alerts/${r.id}`),
            style: { cursor: 'pointer' },
          })}
        />
      </Card>
    </>
  );
}
