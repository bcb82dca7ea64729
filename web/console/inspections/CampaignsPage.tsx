/** 专项检查: every special inspection with its figures (tasks done, findings), Excel export. */
import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { inspectionApi, type CampaignSummary } from './api';
import { InspectionNav, useInspectionRights } from './ui';

export function CampaignsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const rights = useInspectionRights();
  const list = usePagedQuery<CampaignSummary, Record<string, never>>((q, signal) => inspectionApi.campaigns(q, signal), {
    onError: showError,
  });

  const columns: TableColumnsType<CampaignSummary> = [
    {
      title: t('insp.campaign.name'),
      dataIndex: 'name',
      width: 220,
      fixed: 'left',
      render: (v: string, r) => <Typography.Link data-testid={`insp-campaign-link-${r.id}`}>{v}</Typography.Link>,
    },
    { title: t('insp.campaign.period'), key: 'period', width: 200, render: (_: unknown, r) => `${r.periodFrom} ~ ${r.periodTo}` },
    { title: t('insp.campaign.matched'), dataIndex: 'matchedCount', width: 110, align: 'right' },
    { title: t('insp.campaign.tasks'), dataIndex: 'taskCount', width: 90, align: 'right' },
    { title: t('insp.campaign.done'), key: 'done', width: 90, align: 'right', render: (_: unknown, r) => r.figures.tasksDone },
    {
      title: t('insp.campaign.findings'),
      key: 'findings',
      width: 90,
      align: 'right',
      render: (_: unknown, r) => <span data-testid={`insp-campaign-findings-${r.id}`}>{r.figures.findings}</span>,
    },
    { title: t('insp.campaign.late'), key: 'late', width: 100, align: 'right', render: (_: unknown, r) => r.figures.late },
    { title: t('insp.campaign.createdBy'), dataIndex: 'createdByName', width: 100 },
    { title: t('insp.campaign.createdOn'), dataIndex: 'createdOn', width: 120, sorter: true },
  ];

  return (
    <>
      <PageHeader
        title={t('insp.campaigns.title')}
        subtitle={t('insp.campaigns.subtitle')}
        extra={
          <>
            <InspectionNav />{' '}
            {rights.campaign && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/inspections/campaigns/new')}
                data-testid="insp-campaign-new"
              >
                {t('insp.campaigns.create')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <PagedTable<CampaignSummary, Record<string, never>>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="inspection-campaigns"
          testId="insp-campaigns-table"
          emptyText={t('insp.campaigns.empty')}
          exportTo={{ path: '/api/v1/inspections/campaigns', filename: t('insp.campaigns.title'), onError: showError }}
          toolbar={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />}
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`insp-campaign-row-${r.id}`),
            onClick: () => navigate(`/inspections/campaigns/${r.id}`),
            style: { cursor: 'pointer' },
          })}
        />
      </Card>
    </>
  );
}
