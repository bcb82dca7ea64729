import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, InputNumber, Select, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import type { LoanSort } from '../../../src/modules/loans/loans.contract';
import { loanApi, type Classification, type LoanStatus, type LoanSummary } from './api';
import { ClassificationTag, LoanStatusTag, Yuan, useLoanLabels } from './ui';

const STATUSES: LoanStatus[] = ['ACTIVE', 'SETTLED', 'WRITTEN_OFF'];

type Filters = {
  customerId?: number;
  status?: LoanStatus;
};

export function LoansPage() {
  const { t } = useI18n();
  const labels = useLoanLabels();
  const navigate = useNavigate();
  const list = usePagedQuery<LoanSummary, Filters, LoanSort>((q, signal) => loanApi.list(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;

  // Key columns stay put on the left (loan, customer) and the state on the right; the rest scrolls
  // horizontally inside the card, so no header is cut on a 1,440 px screen. Columns with
  // `sorter: true` are sorted by the server (their dataIndex is the list's sort field).
  const columns: TableColumnsType<LoanSummary> = [
    {
      title: t('loan.id'),
      dataIndex: 'id',
      width: 110,
      fixed: 'left',
      sorter: true,
      render: (id: number) => (
        <Typography.Link className="hn-mono" data-testid={`loan-link-${id}`}>
          {id}
        </Typography.Link>
      ),
    },
    {
      title: t('loan.customer'),
      key: 'customer',
      width: 110,
      fixed: 'left',
      render: (_: unknown, r) => (
        <span data-testid={`loan-customer-${r.id}`} title={t('loan.customerNo', { id: r.customerId })}>
          {r.customerNameMasked ?? <span className="hn-mono">{r.customerId}</span>}
        </span>
      ),
    },
    { title: t('loan.product'), dataIndex: 'productCode', width: 100, render: (v: string) => labels.product(v) },
    {
      title: t('loan.principal'),
      dataIndex: 'principal',
      width: 130,
      align: 'right',
      sorter: true,
      render: (v: string) => <Yuan value={v} />,
    },
    {
      title: t('loan.outstanding'),
      dataIndex: 'outstandingPrincipal',
      width: 140,
      align: 'right',
      sorter: true,
      render: (v: string) => <Yuan value={v} strong />,
    },
    {
      title: t('loan.dpd'),
      dataIndex: 'dpd',
      width: 100,
      align: 'right',
      sorter: true,
      render: (v: number, r) => (
        <span data-testid={`loan-dpd-${r.id}`} style={v > 0 ? { color: '#cf1322', fontWeight: 600 } : undefined}>
          {v}
        </span>
      ),
    },
    {
      title: t('loan.branchId'),
      dataIndex: 'branchName',
      width: 150,
      ellipsis: true,
      render: (v: string | null, r) => <span data-testid={`loan-branch-${r.id}`}>{v ?? '—'}</span>,
    },
    {
      title: t('loan.officerId'),
      dataIndex: 'officerName',
      width: 100,
      render: (v: string | null, r) => (
        <span data-testid={`loan-officer-${r.id}`}>
          {v ?? (r.officerId === null ? <Typography.Text type="secondary">{t('loan.unassigned')}</Typography.Text> : '—')}
        </span>
      ),
    },
    { title: t('loan.rate'), dataIndex: 'annualRatePct', width: 90, align: 'right', render: (v: string) => `${v}%` },
    { title: t('loan.method'), dataIndex: 'repaymentMethod', width: 160, render: (v: string) => labels.method(v) },
    { title: t('loan.term'), key: 'term', width: 90, render: (_: unknown, r) => labels.term(r.termMonths, r.termDays) },
    { title: t('loan.startDate'), dataIndex: 'startDate', width: 120, sorter: true },
    { title: t('loan.maturityDate'), dataIndex: 'maturityDate', width: 120, sorter: true },
    {
      title: t('loan.status'),
      dataIndex: 'status',
      width: 110,
      fixed: 'right',
      render: (v: LoanStatus, r) => <LoanStatusTag status={v} dpd={r.dpd} testId={`loan-status-${r.id}`} />,
    },
    {
      title: t('loan.classification'),
      dataIndex: 'classification',
      width: 90,
      fixed: 'right',
      render: (v: Classification, r) => <ClassificationTag value={v} testId={`loan-class-${r.id}`} />,
    },
  ];

  return (
    <>
      <PageHeader title={t('loan.title')} subtitle={t('loan.subtitle')} />
      <Card>
        <PagedTable<LoanSummary, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="loans"
          testId="loans-table"
          emptyText={t('loan.empty')}
          exportTo={{ path: '/api/v1/loans', filename: t('loan.title'), onError: showError }}
          toolbar={
            <>
              <InputNumber<number>
                style={{ width: 160 }}
                min={1}
                precision={0}
                placeholder={t('loan.customerIdPlaceholder')}
                value={draft.customerId ?? null}
                onChange={(v) => setDraft((d) => ({ ...d, customerId: v ?? undefined }))}
                onPressEnter={() => search()}
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
              <Button type="primary" onClick={() => search()} data-testid="loans-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`loan-row-${r.id}`),
            onClick: () => navigate(`/loans/${r.id}`),
            style: { cursor: 'pointer' },
          })}
        />
      </Card>
    </>
  );
}
