import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Empty, Result, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { loanApi, type Installment, type InstallmentStatus, type JournalEntry, type LoanView } from './api';
import { LoanServicing } from './servicing';
import { InstallmentStatusTag, LoanStatusTag, Yuan, groupYuan, useLoanLabels } from './ui';

/** Sum of yuan strings, exactly, through integer fen. */
function sumYuan(values: string[]): string {
  let fen = 0n;
  for (const v of values) {
    const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(v);
    if (!m) continue;
    const abs = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
    fen += m[1] ? -abs : abs;
  }
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

function ScheduleTable({ loan }: { loan: LoanView }) {
  const { t } = useI18n();
  const columns: TableColumnsType<Installment> = [
    { title: t('loan.sch.period'), dataIndex: 'period', width: 70, align: 'right' },
    { title: t('loan.sch.startDate'), dataIndex: 'startDate', width: 110 },
    { title: t('loan.sch.dueDate'), dataIndex: 'dueDate', width: 110 },
    { title: t('loan.sch.days'), dataIndex: 'days', width: 70, align: 'right' },
    { title: t('loan.sch.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => <Yuan value={v} /> },
    { title: t('loan.sch.interest'), dataIndex: 'interest', align: 'right', render: (v: string) => <Yuan value={v} /> },
    { title: t('loan.sch.payment'), dataIndex: 'payment', align: 'right', render: (v: string) => <Yuan value={v} strong /> },
    { title: t('loan.sch.remaining'), dataIndex: 'remainingPrincipal', align: 'right', render: (v: string) => <Yuan value={v} /> },
    {
      title: t('loan.sch.paid'),
      key: 'paid',
      align: 'right',
      render: (_: unknown, r) => (
        <span className="hn-mono">
          {groupYuan(r.paidPrincipal)} / {groupYuan(r.paidInterest)}
        </span>
      ),
    },
    { title: t('loan.sch.status'), dataIndex: 'status', width: 100, render: (v: InstallmentStatus) => <InstallmentStatusTag status={v} /> },
  ];
  const rows = loan.schedule;
  return (
    <Table<Installment>
      rowKey="period"
      columns={columns}
      dataSource={rows}
      size="small"
      bordered
      pagination={rows.length > 36 ? { pageSize: 36, showSizeChanger: false } : false}
      scroll={{ x: 1100 }}
      data-testid="loan-schedule"
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row data-testid="loan-schedule-total">
            <Table.Summary.Cell index={0} colSpan={4}>
              <Typography.Text strong>{t('loan.sch.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <Yuan value={sumYuan(rows.map((r) => r.principal))} strong />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              <Yuan value={sumYuan(rows.map((r) => r.interest))} strong />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right">
              <Yuan value={sumYuan(rows.map((r) => r.payment))} strong />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} colSpan={3} />
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

interface JournalRow {
  key: string;
  entry: JournalEntry;
  first: boolean;
  span: number;
  lineNo: number;
  account: string;
  debit: string;
  credit: string;
}

function JournalTable({ loanId }: { loanId: string }) {
  const { t } = useI18n();
  const labels = useLoanLabels();
  const { data, loading, error } = useAsync((signal) => loanApi.journal(loanId, signal), [loanId], {
    onError: (e) => {
      if (!(isApiError(e) && e.status === 403)) showError(e);
    },
  });
  if (error && isApiError(error) && error.status === 403) return <Typography.Text type="secondary">{t('loan.journalForbidden')}</Typography.Text>;

  const rows: JournalRow[] = (data?.entries ?? []).flatMap((entry) =>
    entry.lines.map((l, i) => ({
      key: `${entry.entryId}:${l.lineNo}`,
      entry,
      first: i === 0,
      span: entry.lines.length,
      lineNo: l.lineNo,
      account: `${l.accountCode} ${l.accountName}`,
      debit: l.debit,
      credit: l.credit,
    })),
  );
  const entryCell = (r: JournalRow) => ({ rowSpan: r.first ? r.span : 0 });
  const columns: TableColumnsType<JournalRow> = [
    { title: t('loan.je.date'), key: 'date', width: 110, onCell: entryCell, render: (_: unknown, r) => r.entry.businessDate },
    {
      title: t('loan.je.event'),
      key: 'event',
      width: 150,
      onCell: entryCell,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={2}>
          <Tag color={r.entry.eventType === 'REVERSAL' ? 'volcano' : 'blue'}>{labels.event(r.entry.eventType)}</Tag>
          {r.entry.reversesEntryId !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('loan.je.reverses', { id: r.entry.reversesEntryId })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('loan.je.memo'),
      key: 'memo',
      onCell: entryCell,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={2}>
          <span>{r.entry.memo || '—'}</span>
          <Typography.Text type="secondary" className="hn-mono" style={{ fontSize: 12 }}>
            #{r.entry.entryId} · {r.entry.reference}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('loan.je.account'), dataIndex: 'account', width: 220 },
    { title: t('loan.je.debit'), dataIndex: 'debit', width: 140, align: 'right', render: (v: string) => (v === '0.00' ? '' : <Yuan value={v} />) },
    { title: t('loan.je.credit'), dataIndex: 'credit', width: 140, align: 'right', render: (v: string) => (v === '0.00' ? '' : <Yuan value={v} />) },
  ];
  return (
    <Table<JournalRow>
      rowKey="key"
      columns={columns}
      dataSource={rows}
      loading={loading}
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="loan-journal"
      locale={{ emptyText: <Empty description={t('loan.journalEmpty')} /> }}
    />
  );
}

export function LoanDetailPage() {
  const { t } = useI18n();
  const labels = useLoanLabels();
  const { id = '' } = useParams();
  const { data: loan, loading, error, reload } = useAsync((signal) => loanApi.get(id, signal), [id], { onError: showError });

  const back = (
    <Link to="/loans">
      <Button icon={<ArrowLeftOutlined />}>{t('loan.back')}</Button>
    </Link>
  );
  if (loading && !loan) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error && !loan) {
    return (
      <Result
        status={isApiError(error) && error.status === 404 ? '404' : 'error'}
        subTitle={isApiError(error) ? error.message : String(error)}
        extra={back}
      />
    );
  }
  if (!loan) return null;

  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('loan.detailTitle', { id: loan.id })}
            <LoanStatusTag status={loan.status} />
          </Space>
        }
        subtitle={`${labels.product(loan.productCode)} · ${labels.method(loan.repaymentMethod)}`}
        extra={
          <Space>
            {back}
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('loan.basics')} data-testid="loan-detail">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
            <Descriptions.Item label={t('loan.id')}>
              <span className="hn-mono">{loan.id}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.customerId')}>
              <span className="hn-mono">{loan.customerId}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.creditLineId')}>
              <span className="hn-mono">{loan.creditLineId}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.principal')}>
              <Yuan value={loan.principal} />
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.outstanding')}>
              <span data-testid="loan-outstanding">
                <Yuan value={loan.outstandingPrincipal} strong />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.rate')}>{loan.annualRatePct}%</Descriptions.Item>
            <Descriptions.Item label={t('loan.penaltyUplift')}>{loan.penaltyUpliftPct}%</Descriptions.Item>
            <Descriptions.Item label={t('loan.dayCountBasis')}>{t('loan.dayCountBasisValue', { basis: loan.dayCountBasis })}</Descriptions.Item>
            <Descriptions.Item label={t('loan.term')}>{labels.term(loan.termMonths, loan.termDays)}</Descriptions.Item>
            <Descriptions.Item label={t('loan.repaymentDay')}>
              {loan.repaymentDay !== null ? t('loan.repaymentDayValue', { day: loan.repaymentDay }) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.startDate')}>{loan.startDate}</Descriptions.Item>
            <Descriptions.Item label={t('loan.maturityDate')}>{loan.maturityDate}</Descriptions.Item>
            <Descriptions.Item label={t('loan.account')}>
              <span className="hn-mono">{loan.disbursementAccountMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.branchId')}>
              <span className="hn-mono">{loan.branchId}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.officerId')}>
              <span className="hn-mono">{loan.officerId ?? '—'}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <LoanServicing loan={loan} reload={reload} />
        <Card title={t('loan.schedule')}>
          <ScheduleTable loan={loan} />
        </Card>
        <Card title={t('loan.journal')}>
          <JournalTable loanId={id} />
        </Card>
      </Space>
    </>
  );
}
