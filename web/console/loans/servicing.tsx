/** Servicing on the loan detail page: figures, repayments (with reversal), classification history, manual repayment and downgrade. */
import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { isApiError } from '../../shared/api';
import { StatusTag } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { tid } from '../shell/testid';
import {
  CLASSIFICATIONS,
  loanApi,
  newIdempotencyKey,
  type AllocationLine,
  type Classification,
  type ClassificationChange,
  type LoanView,
  type PrepaymentChoice,
  type RepaymentMode,
  type RepaymentRecord,
  type RepaymentResult,
} from './api';
import { ClassificationTag, Yuan, classificationReason, groupYuan } from './ui';

const YUAN_RE = /^\d{1,13}(\.\d{1,2})?$/;

export function ServicingCard({ loan }: { loan: LoanView }) {
  const { t } = useI18n();
  const r = loan.repayments;
  return (
    <Card title={t('loan.svc.title')} data-testid="loan-servicing">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
        <Descriptions.Item label={t('loan.svc.dpd')}>
          <span data-testid="loan-dpd">{loan.dpd ?? 0}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('loan.svc.classification')}>
          <span data-testid="loan-classification" data-classification={loan.classification ?? ''}>
            {loan.classification ? <ClassificationTag value={loan.classification} /> : '—'}
          </span>
          {loan.manualClassification ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('loan.svc.manual', { cls: tryT(t, `loan.class.${loan.manualClassification}`, loan.manualClassification) })}
            </Typography.Text>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('loan.svc.nonAccrual')}>
          {loan.nonAccrual ? <Tag color="volcano">{t('loan.svc.yes')}</Tag> : t('loan.svc.no')}
        </Descriptions.Item>
        {(
          [
            ['loan.svc.accruedInterest', 'loan-accrued-interest', loan.accruedInterest],
            ['loan.svc.overduePrincipal', 'loan-overdue-principal', loan.overduePrincipal],
            ['loan.svc.overdueInterest', 'loan-overdue-interest', loan.overdueInterest],
            ['loan.svc.penalty', 'loan-penalty', loan.penaltyInterestAccrued],
            ['loan.svc.compound', 'loan-compound', loan.compoundInterestAccrued],
            ['loan.svc.offBalance', 'loan-off-balance', loan.offBalanceInterest],
          ] as const
        ).map(([label, testId, value]) => (
          <Descriptions.Item key={testId} label={t(label)}>
            <span data-testid={testId}>
              <Yuan value={value ?? '0.00'} />
            </span>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('loan.svc.totalPaid')}>
          <span data-testid="loan-total-paid">
            <Yuan value={r?.totalPaid ?? '0.00'} strong />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('loan.svc.repaymentCount')}>{r?.count ?? 0}</Descriptions.Item>
        <Descriptions.Item label={t('loan.svc.lastRepayment')}>{r?.lastRepaymentDate ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Allocation lines in the order the repayment was applied (fees → penalty and compound → interest → principal, oldest first). */
export function AllocationLines({ lines, testId }: { lines: AllocationLine[]; testId?: string }) {
  const { t } = useI18n();
  if (lines.length === 0) return <span data-testid={testId}>—</span>;
  return (
    <ol className="hn-alloc" data-testid={testId} style={{ margin: 0, paddingInlineStart: 18, fontSize: 12 }}>
      {lines.map((l, i) => (
        <li key={i} data-component={l.component} data-period={l.period} data-amount={l.amount}>
          {t('loan.alloc.line', {
            period: l.period,
            component: tryT(t, `loan.alloc.${l.component}`, l.component),
            amount: groupYuan(l.amount),
          })}
        </li>
      ))}
    </ol>
  );
}

export function RepaymentsTable({ loanId, version, onChanged }: { loanId: string; version: number; onChanged: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const { data, loading } = useAsync((signal) => loanApi.repayments(loanId, signal), [loanId, version], { onError: showError });
  const [target, setTarget] = useState<RepaymentRecord | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!target) return;
    if (reason.trim().length < 2) {
      setReasonError(t('loan.rep.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      await loanApi.reverse(loanId, target.repaymentId, reason.trim());
      setTarget(null);
      setReason('');
      onChanged();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<RepaymentRecord> = [
    { title: t('loan.rep.id'), dataIndex: 'repaymentId', width: 80, align: 'right' },
    { title: t('loan.rep.date'), dataIndex: 'businessDate', width: 110 },
    { title: t('loan.rep.mode'), dataIndex: 'mode', width: 120, render: (v: string) => tryT(t, `loan.rep.mode.${v}`, v) },
    { title: t('loan.rep.source'), dataIndex: 'source', width: 110, render: (v: string) => tryT(t, `loan.rep.source.${v}`, v) },
    { title: t('loan.rep.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <Yuan value={v} strong /> },
    { title: t('loan.rep.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => <Yuan value={v} /> },
    { title: t('loan.rep.interest'), dataIndex: 'interest', align: 'right', render: (v: string) => <Yuan value={v} /> },
    { title: t('loan.rep.penalty'), dataIndex: 'penalty', align: 'right', render: (v: string) => <Yuan value={v} /> },
    { title: t('loan.rep.compound'), dataIndex: 'compound', align: 'right', render: (v: string) => <Yuan value={v} /> },
    {
      title: t('loan.rep.allocation'),
      key: 'allocation',
      width: 230,
      render: (_: unknown, r) => <AllocationLines lines={r.allocation ?? []} testId={`repayment-allocation-${r.repaymentId}`} />,
    },
    {
      title: t('loan.rep.status'),
      key: 'status',
      width: 130,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={2}>
          {/* A reversal is itself posted; it says so as a reversal, not as a repayment taken in. */}
          {r.reversesId !== null && r.status === 'POSTED' ? (
            <StatusTag tone="alert">{t('loan.rep.status.REVERSAL_POSTED')}</StatusTag>
          ) : (
            <StatusTag tone={r.status === 'REVERSED' ? 'closed' : 'success'}>{tryT(t, `loan.rep.status.${r.status}`, r.status)}</StatusTag>
          )}
          {r.reversesId !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('loan.rep.reverses', { id: r.reversesId })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('loan.rep.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, r) =>
        can('repayment:reverse') && r.status === 'POSTED' && r.reversesId === null ? (
          <Button
            size="small"
            danger
            data-testid={`repayment-reverse-${r.repaymentId}`}
            onClick={() => {
              setTarget(r);
              setReason('');
              setReasonError(null);
            }}
          >
            {t('loan.rep.reverse')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Table<RepaymentRecord>
        rowKey="repaymentId"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 1300 }}
        data-testid="loan-repayments"
        onRow={(r) =>
          ({ ...tid(`repayment-row-${r.repaymentId}`), 'data-status': r.status, 'data-source': r.source }) as HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: <Empty description={t('loan.rep.empty')} /> }}
      />
      <Modal
        open={target !== null}
        title={target ? t('loan.rep.reverseTitle', { id: target.repaymentId }) : ''}
        okText={t('loan.rep.reverse')}
        okButtonProps={{ danger: true, loading: busy, ...tid('repayment-reverse-submit') }}
        onOk={() => void submit()}
        onCancel={() => setTarget(null)}
        destroyOnHidden
      >
        {target && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('loan.rep.reverseConfirm', { amount: target.amount, date: target.businessDate })}</Typography.Text>
            <Form layout="vertical">
              <Form.Item
                label={t('loan.rep.reason')}
                required
                validateStatus={reasonError ? 'error' : undefined}
                help={reasonError ?? undefined}
              >
                <Input.TextArea
                  rows={3}
                  maxLength={500}
                  value={reason}
                  data-testid="repayment-reverse-reason"
                  onChange={(e) => {
                    setReason(e.target.value);
                    setReasonError(null);
                  }}
                />
              </Form.Item>
            </Form>
          </Space>
        )}
      </Modal>
    </>
  );
}

export function ClassificationHistoryTable({ loanId, version }: { loanId: string; version: number }) {
  const { t } = useI18n();
  const { data, loading, error } = useAsync((signal) => loanApi.classificationHistory(loanId, signal), [loanId, version], {
    onError: (e) => {
      if (!(isApiError(e) && e.status === 403)) showError(e);
    },
  });
  if (error && isApiError(error) && error.status === 403)
    return <Typography.Text type="secondary">{t('loan.cls.forbidden')}</Typography.Text>;
  const columns: TableColumnsType<ClassificationChange> = [
    { title: t('loan.cls.date'), dataIndex: 'businessDate', width: 110 },
    { title: t('loan.cls.from'), dataIndex: 'from', width: 120, render: (v: Classification) => <ClassificationTag value={v} /> },
    { title: t('loan.cls.to'), dataIndex: 'to', width: 120, render: (v: Classification) => <ClassificationTag value={v} /> },
    { title: t('loan.cls.dpd'), dataIndex: 'dpd', width: 90, align: 'right' },
    { title: t('loan.cls.reason'), dataIndex: 'reason', render: (v: string) => classificationReason(t, v) },
    { title: t('loan.cls.review'), dataIndex: 'reviewRequestId', width: 110, render: (v: number | null) => (v === null ? '—' : `#${v}`) },
  ];
  return (
    <Table<ClassificationChange>
      rowKey="seq"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      size="small"
      bordered
      pagination={false}
      data-testid="loan-classification-history"
      onRow={(r) => ({ ...tid(`classification-row-${r.seq}`), 'data-to': r.to }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: <Empty description={t('loan.cls.empty')} /> }}
    />
  );
}

function AllocationResult({ result }: { result: RepaymentResult }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={2} bordered data-testid="repayment-result">
      <Descriptions.Item label={t('loan.rep.id')}>{result.repaymentId}</Descriptions.Item>
      <Descriptions.Item label={t('loan.rep.amount')}>
        <Yuan value={result.amount} strong />
      </Descriptions.Item>
      <Descriptions.Item label={t('loan.rep.principal')}>
        <Yuan value={result.principal} />
      </Descriptions.Item>
      <Descriptions.Item label={t('loan.rep.interest')}>
        <Yuan value={result.interest} />
      </Descriptions.Item>
      <Descriptions.Item label={t('loan.rep.penalty')}>
        <Yuan value={result.penalty} />
      </Descriptions.Item>
      <Descriptions.Item label={t('loan.rep.compound')}>
        <Yuan value={result.compound} />
      </Descriptions.Item>
      <Descriptions.Item label={t('loan.outstanding')} span={2}>
        <Yuan value={result.outstandingPrincipal} strong />
      </Descriptions.Item>
      <Descriptions.Item label={t('loan.rep.allocation')} span={2}>
        <AllocationLines lines={result.allocation} testId="repayment-result-allocation" />
      </Descriptions.Item>
    </Descriptions>
  );
}

interface RepayForm {
  amount: string;
  mode: RepaymentMode;
  prepaymentChoice?: PrepaymentChoice;
}

export function ManualRepaymentCard({ loan, onDone }: { loan: LoanView; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RepayForm>();
  const mode = Form.useWatch('mode', form);
  const quote = useAsync(
    (signal) => loanApi.settlementQuote(loan.id, signal),
    [loan.id, loan.outstandingPrincipal, loan.repayments?.count],
    {
      enabled: loan.status === 'ACTIVE',
      onError: showError,
    },
  );
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [posted, setPosted] = useState<RepaymentResult | null>(null);
  const [review, setReview] = useState<number | null>(null);

  // Start from what is due: the amount field follows the quote while the staff member has not typed.
  useEffect(() => {
    const q = quote.data;
    if (!q || form.isFieldTouched('amount')) return;
    const m = form.getFieldValue('mode') as RepaymentMode | undefined;
    if (m === 'DUE') form.setFieldValue('amount', q.amountDue);
    else if (m === 'EARLY_FULL') form.setFieldValue('amount', q.total);
  }, [quote.data, form]);

  const submit = async (v: RepayForm) => {
    const body = {
      amount: v.amount.trim(),
      mode: v.mode,
      ...(v.mode === 'EARLY_PARTIAL' && v.prepaymentChoice ? { prepaymentChoice: v.prepaymentChoice } : {}),
    };
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
    setBusy(true);
    setPosted(null);
    setReview(null);
    try {
      const r = await loanApi.repay(loan.id, body, attempt.current.key);
      attempt.current = null;
      if (r.kind === 'REVIEW') setReview(r.reviewRequestId);
      else setPosted(r.result);
      form.resetFields();
      onDone();
    } catch (e) {
      // A refusal ends this attempt; a network or server failure keeps the key so a retry is the same repayment.
      if (isApiError(e) && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) attempt.current = null;
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (loan.status !== 'ACTIVE') return null;
  const q = quote.data;
  return (
    <Card title={t('loan.repay.title')} data-testid="loan-repay">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {q && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} bordered data-testid="loan-settlement-quote">
            <Descriptions.Item label={t('loan.repay.amountDue')}>
              <Yuan value={q.amountDue} strong />
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.repay.settleTotal')}>
              <Yuan value={q.total} strong />
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.repay.interestToDate')}>
              <Yuan value={q.interestToDate} />
            </Descriptions.Item>
            <Descriptions.Item label={t('loan.repay.penaltyCompound')}>
              <Yuan value={q.penalty} /> / <Yuan value={q.compound} />
            </Descriptions.Item>
          </Descriptions>
        )}
        <Form<RepayForm> form={form} layout="inline" initialValues={{ mode: 'DUE' }} onFinish={(v) => void submit(v)}>
          <Form.Item name="mode" label={t('loan.rep.mode')} rules={[{ required: true }]}>
            <Select<RepaymentMode>
              style={{ width: 160 }}
              data-testid="repay-mode"
              options={(['DUE', 'EARLY_PARTIAL', 'EARLY_FULL'] as const).map((m) => ({ value: m, label: t(`loan.rep.mode.${m}`) }))}
              onChange={(m) => {
                if (m === 'EARLY_FULL' && q) form.setFieldValue('amount', q.total);
                if (m === 'DUE' && q) form.setFieldValue('amount', q.amountDue);
              }}
            />
          </Form.Item>
          {mode === 'EARLY_PARTIAL' && (
            <Form.Item
              name="prepaymentChoice"
              label={t('loan.repay.choice')}
              rules={[{ required: true, message: t('loan.repay.choiceRequired') }]}
            >
              <Select<PrepaymentChoice>
                style={{ width: 160 }}
                data-testid="repay-choice"
                options={(['SHORTEN_TERM', 'LOWER_INSTALLMENT'] as const).map((c) => ({ value: c, label: t(`loan.repay.choice.${c}`) }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="amount"
            label={t('loan.rep.amount')}
            rules={[
              { required: true, message: t('loan.repay.amountRequired') },
              { pattern: YUAN_RE, message: t('loan.repay.amountFormat') },
              {
                validator: (_, v: string | undefined) =>
                  v && YUAN_RE.test(v.trim()) && /^0+(\.0+)?$/.test(v.trim())
                    ? Promise.reject(new Error(t('loan.repay.amountPositive')))
                    : Promise.resolve(),
              },
            ]}
          >
            <Input style={{ width: 180 }} inputMode="decimal" placeholder="0.00" data-testid="repay-amount" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="repay-submit">
              {t('loan.repay.submit')}
            </Button>
          </Form.Item>
        </Form>
        {review !== null && <Alert type="info" showIcon data-testid="repay-review" title={t('loan.repay.review', { id: review })} />}
        {posted && <AllocationResult result={posted} />}
      </Space>
    </Card>
  );
}

export function DowngradeCard({ loan, onDone }: { loan: LoanView; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ to: Classification; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<{ id: number; status: string } | null>(null);
  const current = loan.classification ?? 'NORMAL';
  const options = CLASSIFICATIONS.filter((c) => CLASSIFICATIONS.indexOf(c) > CLASSIFICATIONS.indexOf(current));

  const submit = async (v: { to: Classification; reason: string }) => {
    setBusy(true);
    setSubmitted(null);
    try {
      const r = await loanApi.downgrade(loan.id, { to: v.to, reason: v.reason.trim() });
      setSubmitted({ id: r.reviewRequestId, status: r.status });
      form.resetFields();
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('loan.dg.title')} data-testid="loan-downgrade">
      {options.length === 0 ? (
        <Typography.Text type="secondary">{t('loan.dg.none')}</Typography.Text>
      ) : (
        <Form layout="inline" form={form} onFinish={(v) => void submit(v)}>
          <Form.Item name="to" label={t('loan.dg.to')} rules={[{ required: true, message: t('loan.dg.toRequired') }]}>
            <Select<Classification>
              style={{ width: 160 }}
              data-testid="downgrade-to"
              options={options.map((c) => ({ value: c, label: tryT(t, `loan.class.${c}`, c) }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('loan.dg.reason')}
            rules={[{ required: true, whitespace: true, message: t('loan.dg.reasonRequired') }]}
          >
            <Input style={{ width: 320 }} maxLength={500} data-testid="downgrade-reason" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="downgrade-submit">
              {t('loan.dg.submit')}
            </Button>
          </Form.Item>
        </Form>
      )}
      {submitted && (
        <Alert
          style={{ marginTop: 12 }}
          type={submitted.status === 'PENDING' ? 'info' : 'success'}
          showIcon
          data-testid="downgrade-result"
          title={submitted.status === 'PENDING' ? t('loan.dg.pending', { id: submitted.id }) : t('loan.dg.applied')}
        />
      )}
    </Card>
  );
}

/** The whole servicing section, in the order the detail page shows it. */
export function LoanServicing({ loan, reload }: { loan: LoanView; reload: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const [version, setVersion] = useState(0);
  const changed = () => {
    setVersion((v) => v + 1);
    reload();
  };
  return (
    <>
      <ServicingCard loan={loan} />
      {can('repayment:create') && <ManualRepaymentCard loan={loan} onDone={changed} />}
      <Card title={t('loan.rep.title')}>
        <RepaymentsTable loanId={String(loan.id)} version={version} onChanged={changed} />
      </Card>
      <Card title={t('loan.cls.title')}>
        <ClassificationHistoryTable loanId={String(loan.id)} version={version} />
      </Card>
      {can('classification:downgrade') && loan.status === 'ACTIVE' && <DowngradeCard loan={loan} onDone={changed} />}
    </>
  );
}
