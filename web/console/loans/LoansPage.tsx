import { useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, InputNumber, Select, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { loanApi, type LoanStatus, type LoanSummary } from './api';
import { LoanStatusTag, Yuan, useLoanLabels } from './ui';

const STATUSES: LoanStatus[] = ['ACTIVE', 'SETTLED', 'WRITTEN_OFF'];

interface Filters {
  customerId?: number;
  status?: LoanStatus;
}

export function LoansPage() {
  const { t } = useI18n();
  const labels = useLoanLabels();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const { data, loading, reload } = useAsync(
    (signal) => loanApi.list({ page, pageSize, ...filters }, signal),
    [page, pageSize, filters.customerId, filters.status],
    { onError: showError },
  );

  const search = () => {
    setFilters({ ...draft });
    setPage(1);
  };
  const reset = () => {
    setDraft({});
    setFilters({});
    setPage(1);
  };

  const columns: TableColumnsType<LoanSummary> = [
    {
      title: t('loan.id'),
      dataIndex: 'id',
      width: 100,
      fixed: 'left',
      render: (id: number) => (
        <Typography.Link className="hn-mono" data-testid={`loan-link-${id}`}>
          {id}
        </Typography.Link>
      ),
    },
    { title: t('loan.customerId'), dataIndex: 'customerId', width: 100, render: (v: number) => <span className="hn-mono">{v}</span> },
    { title: t('loan.product'), dataIndex: 'productCode', width: 120, render: (v: string) => labels.product(v) },
    { title: t('loan.principal'), dataIndex: 'principal', width: 140, align: 'right', render: (v: string) => <Yuan value={v} /> },
    { title: t('loan.outstanding'), dataIndex: 'outstandingPrincipal', width: 140, align: 'right', render: (v: string) => <Yuan value={v} strong /> },
    { title: t('loan.rate'), dataIndex: 'annualRatePct', width: 90, align: 'right', render: (v: string) => `${v}%` },
    { title: t('loan.method'), dataIndex: 'repaymentMethod', width: 170, render: (v: string) => labels.method(v) },
    { title: t('loan.term'), key: 'term', width: 90, render: (_: unknown, r) => labels.term(r.termMonths, r.termDays) },
    { title: t('loan.status'), dataIndex: 'status', width: 90, render: (v: LoanStatus) => <LoanStatusTag status={v} /> },
    { title: t('loan.startDate'), dataIndex: 'startDate', width: 110 },
    { title: t('loan.maturityDate'), dataIndex: 'maturityDate', width: 110 },
  ];

  return (
    <>
      <PageHeader title={t('loan.title')} subtitle={t('loan.subtitle')} />
      <Card>
        <div className="hn-toolbar">
          <InputNumber<number>
            style={{ width: 160 }}
            min={1}
            precision={0}
            placeholder={t('loan.customerIdPlaceholder')}
            value={draft.customerId ?? null}
            onChange={(v) => setDraft((d) => ({ ...d, customerId: v ?? undefined }))}
            onPressEnter={search}
            data-testid="loans-filter-customer"
          />
          <Select<LoanStatus>
            allowClear
            style={{ width: 160 }}
            placeholder={t('loan.statusPlaceholder')}
            value={draft.status}
            onChange={(v) => setDraft((d) => ({ ...d, status: v ?? undefined }))}
            options={STATUSES.map((s) => ({ value: s, label: t(`loan.status.${s}`) }))}
            data-testid="loans-filter-status"
          />
          <Button type="primary" onClick={search} data-testid="loans-search">
            {t('common.search')}
          </Button>
          <Button onClick={reset}>{t('common.reset')}</Button>
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
        </div>
        <Table<LoanSummary>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          size="small"
          scroll={{ x: 1300 }}
          data-testid="loans-table"
          locale={{ emptyText: <Empty description={t('loan.empty')} /> }}
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`loan-row-${r.id}`),
            onClick: () => navigate(`/loans/${r.id}`),
            style: { cursor: 'pointer' },
          })}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, ps) => {
              setPage(ps !== pageSize ? 1 : p);
              setPageSize(ps);
            },
          }}
        />
      </Card>
    </>
  );
}
