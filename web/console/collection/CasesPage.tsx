import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, InputNumber, Select, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PagedTable, StatusTag, defineStatusTones, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { Yuan } from '../loans/ui';
import { collectionApi, type CaseStatus, type CaseSummary, type PlanStatus } from './api';

const STATUSES: CaseStatus[] = ['OPEN', 'CLOSED'];
export const CASE_TONES = defineStatusTones<CaseStatus>({ OPEN: 'danger', CLOSED: 'closed' });
export const PLAN_TONES = defineStatusTones<PlanStatus>({
  PENDING: 'pending',
  APPROVED: 'success',
  REJECTED: 'danger',
  SUPERSEDED: 'closed',
});

type Filters = { customerId?: number; status?: CaseStatus };

/** The collection cases (不良清收案件) in the user's data scope, on the shared list with Excel export. */
export function CasesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = usePagedQuery<CaseSummary, Filters, 'openedOn'>((q, signal) => collectionApi.list(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('coll.id'),
      dataIndex: 'id',
      width: 100,
      fixed: 'left',
      render: (id: number) => (
        <Typography.Link className="hn-mono" data-testid={`case-link-${id}`}>
          {id}
        </Typography.Link>
      ),
    },
    {
      title: t('coll.customer'),
      key: 'customer',
      width: 110,
      fixed: 'left',
      render: (_: unknown, r) => r.customerNameMasked ?? <span className="hn-mono">{r.customerId}</span>,
    },
    { title: t('coll.branch'), dataIndex: 'branchName', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('coll.lead'), dataIndex: 'leadName', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('coll.officer'), dataIndex: 'officerName', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('coll.nplLoans'), dataIndex: 'nplLoans', width: 90, align: 'right' },
    { title: t('coll.nplBalance'), dataIndex: 'nplBalance', width: 140, align: 'right', render: (v: string) => <Yuan value={v} strong /> },
    {
      title: t('coll.writtenOffClaim'),
      dataIndex: 'writtenOffClaim',
      width: 150,
      align: 'right',
      render: (v: string) => <Yuan value={v} />,
    },
    {
      title: t('coll.plan'),
      dataIndex: 'planStatus',
      width: 100,
      render: (v: PlanStatus | null) =>
        v ? (
          <StatusTag tone={PLAN_TONES[v]}>{t(`coll.planStatus.${v}`)}</StatusTag>
        ) : (
          <Typography.Text type="secondary">{t('coll.noPlan')}</Typography.Text>
        ),
    },
    { title: t('coll.openedOn'), dataIndex: 'openedOn', width: 120, sorter: true },
    {
      title: t('coll.closedOn'),
      dataIndex: 'closedOn',
      width: 120,
      render: (v: string | null, r) => (v ? `${v} ${r.closeReason ? t(`coll.close.${r.closeReason}`) : ''}` : '—'),
    },
    {
      title: t('coll.status'),
      dataIndex: 'status',
      width: 100,
      fixed: 'right',
      render: (v: CaseStatus, r) => (
        <StatusTag tone={CASE_TONES[v]} testId={`case-status-${r.id}`} data={{ status: v }}>
          {t(`coll.status.${v}`)}
        </StatusTag>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('coll.title')}
        subtitle={t('coll.subtitle')}
        extra={
          <Button onClick={() => navigate('/collection/npl-reduction')} data-testid="npl-reduction-link">
            {t('coll.reduction')}
          </Button>
        }
      />
      <Card>
        <PagedTable<CaseSummary, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="collection-cases"
          testId="cases-table"
          emptyText={t('coll.empty')}
          exportTo={{ path: '/api/v1/collection/cases', filename: t('coll.title'), onError: showError }}
          toolbar={
            <>
              <InputNumber<number>
                style={{ width: 160 }}
                min={1}
                precision={0}
                placeholder={t('coll.customerIdPlaceholder')}
                value={draft.customerId ?? null}
                onChange={(v) => setDraft((d) => ({ ...d, customerId: v ?? undefined }))}
                onPressEnter={() => search()}
                data-testid="cases-filter-customer"
              />
              <Select<CaseStatus>
                allowClear
                style={{ width: 140 }}
                placeholder={t('coll.statusPlaceholder')}
                value={draft.status}
                onChange={(v) => setDraft((d) => ({ ...d, status: v ?? undefined }))}
                options={STATUSES.map((s) => ({ value: s, label: t(`coll.status.${s}`) }))}
                data-testid="cases-filter-status"
              />
              <Button type="primary" onClick={() => search()} data-testid="cases-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`case-row-${r.id}`),
            onClick: () => navigate(`/collection/${r.id}`),
            style: { cursor: 'pointer' },
          })}
        />
      </Card>
    </>
  );
}
