import { useState, type HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Empty, Result, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { loanApi, type AccrualItem, type Installment, type InstallmentStatus, type JournalEntry, type LoanView } from './api';
import { tid } from '../shell/testid';
import { LoanServicing } from './servicing';
import { ClassificationTag, InstallmentStatusTag, LoanStatusTag, Yuan, groupYuan, useLoanLabels } from './ui';

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
      onRow={(r) => ({ ...tid(`loan-schedule-row-${r.period}`), 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
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

/** The loan's journal, fetched once for the journal and the accruals; `version` changes after a repayment or reversal. */
function useLoanJournal(loanId: string, version: number) {
  return useAsync((signal) => loanApi.journal(loanId, signal), [loanId, version], {
    onError: (e) => {
      if (!(isApiError(e) && e.status === 403)) showError(e);
    },
  });
}
type JournalState = ReturnType<typeof useLoanJournal>;

const ACCRUAL_EVENTS = ['INTEREST_ACCRUAL', 'PENALTY_ACCRUAL', 'COMPOUND_ACCRUAL'] as const;
const KIND_EVENT: Record<AccrualItem['kind'], (typeof ACCRUAL_EVENTS)[number]> = {
  INTEREST: 'INTEREST_ACCRUAL',
  PENALTY: 'PENALTY_ACCRUAL',
  COMPOUND: 'COMPOUND_ACCRUAL',
};

interface AccrualRow {
  key: string;
  businessDate: string;
  eventType: string;
  amount: string;
  period: number | null;
  entryId: number | null;
  offBalance: boolean;
}

/**
 * Daily accruals (interest, penalty, compound), newest first: from the accrual subledger
 * (GET /loans/:id/accruals), or — on a server without that endpoint — from the loan's own accrual
 * entries in its journal.
 */
function AccrualsTable({ loanId, version, journal }: { loanId: string; version: number; journal: JournalState }) {
  const { t } = useI18n();
  const labels = useLoanLabels();
  const sub = useAsync((signal) => loanApi.accruals(loanId, signal), [loanId, version], {
    onError: (e) => {
      if (!(isApiError(e) && (e.status === 403 || e.status === 404))) showError(e);
    },
  });
  const fromJournal = sub.error !== undefined && sub.error !== null && isApiError(sub.error) && sub.error.status === 404;
  const source = fromJournal ? journal : sub;
  const { loading, error } = source;
  if (error && isApiError(error) && error.status === 403)
    return <Typography.Text type="secondary">{t('loan.journalForbidden')}</Typography.Text>;
  const rows: AccrualRow[] = (
    fromJournal
      ? (journal.data?.entries ?? [])
          .filter((e) => (ACCRUAL_EVENTS as readonly string[]).includes(e.eventType))
          .map((e) => ({
            key: `e${e.entryId}`,
            businessDate: e.businessDate,
            eventType: e.eventType,
            amount: sumYuan(e.lines.map((l) => l.debit)),
            period: null,
            entryId: e.entryId,
            offBalance: e.lines.some((l) => l.accountCode.startsWith('7')),
          }))
      : (sub.data?.items ?? []).map((a, i) => ({
          key: `a${i}`,
          businessDate: a.businessDate,
          eventType: KIND_EVENT[a.kind] ?? a.kind,
          amount: a.amount,
          period: a.period,
          entryId: null,
          offBalance: a.offBalance,
        }))
  ).sort((a, b) => (a.businessDate === b.businessDate ? a.eventType.localeCompare(b.eventType) : a.businessDate < b.businessDate ? 1 : -1));
  const totals = ACCRUAL_EVENTS.map((ev) => ({ ev, total: sumYuan(rows.filter((r) => r.eventType === ev).map((r) => r.amount)) }));
  const columns: TableColumnsType<AccrualRow> = [
    { title: t('loan.acc.date'), dataIndex: 'businessDate', width: 120 },
    {
      title: t('loan.acc.kind'),
      dataIndex: 'eventType',
      render: (v: string, r) => (
        <Space size={4}>
          <Tag color={v === 'INTEREST_ACCRUAL' ? 'blue' : v === 'PENALTY_ACCRUAL' ? 'orange' : 'gold'}>{labels.event(v)}</Tag>
          {r.offBalance && <Tag>{t('loan.acc.offBalance')}</Tag>}
        </Space>
      ),
    },
    { title: t('loan.acc.amount'), dataIndex: 'amount', align: 'right', width: 160, render: (v: string) => <Yuan value={v} /> },
    { title: t('loan.acc.period'), dataIndex: 'period', width: 80, align: 'right', render: (v: number | null) => v ?? '—' },
    {
      title: t('loan.acc.entry'),
      dataIndex: 'entryId',
      width: 100,
      render: (v: number | null) => (v === null ? '—' : <span className="hn-mono">#{v}</span>),
    },
  ];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space size="large" wrap data-testid="loan-accrual-totals">
        {totals.map(({ ev, total }) => (
          <span key={ev}>
            {labels.event(ev)}：
            <span data-testid={`loan-accrual-total-${ev}`}>
              <Yuan value={total} strong />
            </span>
          </span>
        ))}
      </Space>
      <Table<AccrualRow>
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={loading}
        size="small"
        bordered
        pagination={{ pageSize: 10, showSizeChanger: false }}
        data-testid="loan-accruals"
        onRow={(r) =>
          ({ ...tid(`loan-accrual-row-${r.key}`), 'data-kind': r.eventType, 'data-date': r.businessDate }) as HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: <Empty description={t('loan.acc.empty')} /> }}
      />
    </Space>
  );
}

function JournalTable({ journal }: { journal: JournalState }) {
  const { t } = useI18n();
  const labels = useLoanLabels();
  const { data, loading, error } = journal;
  if (error && isApiError(error) && error.status === 403)
    return <Typography.Text type="secondary">{t('loan.journalForbidden')}</Typography.Text>;

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
    {
      title: t('loan.je.debit'),
      dataIndex: 'debit',
      width: 140,
      align: 'right',
      render: (v: string) => (v === '0.00' ? '' : <Yuan value={v} />),
    },
    {
      title: t('loan.je.credit'),
      dataIndex: 'credit',
      width: 140,
      align: 'right',
      render: (v: string) => (v === '0.00' ? '' : <Yuan value={v} />),
    },
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
      onRow={(r) => tid(`loan-journal-line-${r.key.replace(':', '-')}`)}
      locale={{ emptyText: <Empty description={t('loan.journalEmpty')} /> }}
      summary={() =>
        rows.length > 0 ? (
          <Table.Summary fixed>
            <Table.Summary.Row data-testid="loan-journal-total">
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('loan.je.total', { n: data?.entries.length ?? 0 })}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <span data-testid="loan-journal-total-debit">
                  <Yuan value={sumYuan(rows.map((r) => r.debit))} strong />
                </span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <span data-testid="loan-journal-total-credit">
                  <Yuan value={sumYuan(rows.map((r) => r.credit))} strong />
                </span>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}

export function LoanDetailPage() {
  const { t } = useI18n();
  const labels = useLoanLabels();
  const { id = '' } = useParams();
  const { data: loan, loading, error, reload } = useAsync((signal) => loanApi.get(id, signal), [id], { onError: showError });
  const [version, setVersion] = useState(0);
  const journal = useLoanJournal(id, version);
  const refresh = () => {
    setVersion((v) => v + 1);
    reload();
  };

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
            {loan.customerNameMasked && <span data-testid="loan-header-customer">{loan.customerNameMasked}</span>}
            <LoanStatusTag status={loan.status} dpd={loan.dpd} testId="loan-header-status" />
            <ClassificationTag value={loan.classification} labelled testId="loan-header-class" />
          </Space>
        }
        subtitle={`${labels.product(loan.productCode)} · ${labels.method(loan.repaymentMethod)}`}
        extra={
          <Space>
            {back}
            <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('common.refresh')} />
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('loan.basics')} data-testid="loan-detail">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
            <Descriptions.Item label={t('loan.id')}>
              <span className="hn-mono">{loan.id}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.customer')}>
              <span data-testid="loan-customer">
                {loan.customerNameMasked ?? '—'}{' '}
                <Typography.Text type="secondary" className="hn-mono" style={{ fontSize: 12 }}>
                  {t('loan.customerNo', { id: loan.customerId })}
                </Typography.Text>
              </span>
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
            <Descriptions.Item label={t('loan.dayCountBasis')}>
              {t('loan.dayCountBasisValue', { basis: loan.dayCountBasis })}
            </Descriptions.Item>
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
              <span data-testid="loan-branch">{loan.branchName ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.officerId')}>
              <span data-testid="loan-officer">
                {loan.officerName ??
                  (loan.officerId === null ? <Typography.Text type="secondary">{t('loan.unassigned')}</Typography.Text> : '—')}
              </span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <LoanServicing loan={loan} reload={refresh} />
        <Card title={t('loan.schedule')}>
          <ScheduleTable loan={loan} />
        </Card>
        <Card title={t('loan.accruals')}>
          <AccrualsTable loanId={id} version={version} journal={journal} />
        </Card>
        <Card title={t('loan.journal')}>
          <JournalTable journal={journal} />
        </Card>
      </Space>
    </>
  );
}
