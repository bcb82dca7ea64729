import { Link, useParams } from 'react-router-dom';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ArrowLeftOutlined, MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { isApiError } from '../../shared/api';
import { StatusTag, defineStatusTones } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { ClassificationTag, LoanStatusTag, Yuan } from '../loans/ui';
import { ACTION_KINDS, PLAN_METHODS, RECOVERY_SOURCES, collectionApi, type CaseLoan, type CaseView, type PromiseStatus } from './api';
import { CASE_TONES, PLAN_TONES } from './CasesPage';

const PROMISE_TONES = defineStatusTones<PromiseStatus>({ PENDING: 'pending', KEPT: 'success', BROKEN: 'danger' });

/** Yuan with two decimals from an antd number input (never float arithmetic on amounts: toFixed of what was typed). */
const yuanOf = (v: number | null | undefined) => (v === null || v === undefined ? '' : v.toFixed(2));
const dateOf = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');

function LoansCard({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const columns: TableColumnsType<CaseLoan> = [
    { title: t('coll.loanId'), dataIndex: 'loanId', render: (id: number) => <Link to={`/loans/${id}`}>{id}</Link> },
    { title: t('coll.loanStatus'), dataIndex: 'status', render: (v: CaseLoan['status']) => <LoanStatusTag status={v} dpd={0} /> },
    { title: t('coll.class'), dataIndex: 'classification', render: (v: CaseLoan['classification']) => <ClassificationTag value={v} /> },
    { title: t('coll.dpd'), dataIndex: 'dpd', align: 'right' },
    { title: t('coll.outstanding'), dataIndex: 'outstandingPrincipal', align: 'right', render: (v: string) => <Yuan value={v} strong /> },
    { title: t('coll.interestOwed'), dataIndex: 'interestOwed', align: 'right', render: (v: string) => <Yuan value={v} /> },
    { title: t('coll.claim'), dataIndex: 'writtenOffClaim', align: 'right', render: (v: string) => <Yuan value={v} /> },
  ];
  return (
    <Card title={t('coll.loans')} size="small">
      <Table<CaseLoan> rowKey="loanId" columns={columns} dataSource={c.loans} size="small" pagination={false} data-testid="case-loans" />
    </Card>
  );
}

function PlanCard({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await collectionApi.submitPlan(c.id, {
        summary: v.summary,
        methods: (v.methods as Array<{ method: string; targetAmount: number; targetDate: Dayjs; note?: string }>).map((m) => ({
          method: m.method as (typeof PLAN_METHODS)[number],
          targetAmount: yuanOf(m.targetAmount),
          targetDate: dateOf(m.targetDate),
          ...(m.note ? { note: m.note } : {}),
        })),
      });
      showSuccess(t('coll.submitted', { id: r.reviewRequestId }));
      form.resetFields();
      reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('coll.plans')} size="small">
      {c.plans
        .slice()
        .reverse()
        .map((p) => (
          <Descriptions key={p.id} size="small" column={2} bordered style={{ marginBottom: 12 }} data-testid={`plan-${p.id}`}>
            <Descriptions.Item label={t('coll.planSummary')} span={2}>
              {p.summary}{' '}
              <StatusTag tone={PLAN_TONES[p.status]} testId={`plan-status-${p.id}`} data={{ status: p.status }}>
                {t(`coll.planStatus.${p.status}`)}
              </StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label={t('coll.planMethods')} span={2}>
              {p.methods.map((m, i) => (
                <div key={i}>
                  {t(`coll.method.${m.method}`)} · <Yuan value={m.targetAmount} /> · {m.targetDate}
                  {m.note ? ` · ${m.note}` : ''}
                </div>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('coll.planProposedBy')}>{p.proposedByName ?? p.proposedBy}</Descriptions.Item>
            <Descriptions.Item label={t('coll.planApprovedBy')}>{p.approvedByName ?? '—'}</Descriptions.Item>
          </Descriptions>
        ))}
      {c.status === 'OPEN' && can('collection:plan') && (
        <Form form={form} layout="vertical" initialValues={{ methods: [{ method: 'CASH_COLLECTION' }] }} data-testid="plan-form">
          <Typography.Title level={5}>{t('coll.newPlan')}</Typography.Title>
          <Form.Item name="summary" label={t('coll.planSummary')} rules={[{ required: true, min: 4 }]}>
            <Input.TextArea rows={2} data-testid="plan-summary" />
          </Form.Item>
          <Form.List name="methods">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'method']} rules={[{ required: true }]}>
                      <Select style={{ width: 150 }} options={PLAN_METHODS.map((m) => ({ value: m, label: t(`coll.method.${m}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'targetAmount']} rules={[{ required: true }]}>
                      <InputNumber<number>
                        min={0.01}
                        precision={2}
                        placeholder={t('coll.targetAmount')}
                        data-testid={`plan-amount-${f.name}`}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'targetDate']} rules={[{ required: true }]}>
                      <DatePicker placeholder={t('coll.targetDate')} data-testid={`plan-date-${f.name}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'note']}>
                      <Input placeholder={t('coll.note')} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ method: 'LITIGATION' })} icon={<PlusOutlined />} style={{ marginBottom: 12 }}>
                  {t('coll.addMethod')}
                </Button>
              </>
            )}
          </Form.List>
          <div>
            <Button type="primary" onClick={() => void submit()} data-testid="plan-submit">
              {t('coll.submit')}
            </Button>
          </div>
        </Form>
      )}
    </Card>
  );
}

function ActionsCard({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await collectionApi.recordAction(c.id, { kind: v.kind, actionDate: dateOf(v.actionDate), text: v.text, outcome: v.outcome });
      showSuccess(t('coll.saved'));
      form.resetFields();
      reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('coll.actions')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.actions}
        columns={[
          { title: t('coll.actionDate'), dataIndex: 'actionDate', width: 110 },
          {
            title: t('coll.actionKind'),
            dataIndex: 'kind',
            width: 110,
            render: (v: string) => t(`coll.action.${v as (typeof ACTION_KINDS)[number]}`),
          },
          { title: t('coll.actionText'), dataIndex: 'text' },
          { title: t('coll.actionOutcome'), dataIndex: 'outcome' },
          { title: t('coll.officer'), dataIndex: 'staffName', width: 90 },
        ]}
      />
      {c.status === 'OPEN' && can('collection:act') && (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} data-testid="action-form">
          <Form.Item name="kind" rules={[{ required: true }]}>
            <Select
              style={{ width: 130 }}
              placeholder={t('coll.actionKind')}
              options={ACTION_KINDS.map((k) => ({ value: k, label: t(`coll.action.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="actionDate" rules={[{ required: true }]}>
            <DatePicker placeholder={t('coll.actionDate')} />
          </Form.Item>
          <Form.Item name="text" rules={[{ required: true, min: 2 }]}>
            <Input placeholder={t('coll.actionText')} />
          </Form.Item>
          <Form.Item name="outcome" rules={[{ required: true }]}>
            <Input placeholder={t('coll.actionOutcome')} />
          </Form.Item>
          <Button onClick={() => void submit()}>{t('coll.newAction')}</Button>
        </Form>
      )}
    </Card>
  );
}

function PromisesCard({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await collectionApi.recordPromise(c.id, { amount: yuanOf(v.amount), dueDate: dateOf(v.dueDate) });
      showSuccess(t('coll.saved'));
      form.resetFields();
      reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('coll.promises')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.promises}
        columns={[
          { title: t('coll.promiseAmount'), dataIndex: 'amount', align: 'right', render: (v: string) => <Yuan value={v} /> },
          { title: t('coll.promiseDue'), dataIndex: 'dueDate' },
          { title: t('coll.promisePaid'), dataIndex: 'paid', align: 'right', render: (v: string) => <Yuan value={v} /> },
          {
            title: t('coll.status'),
            dataIndex: 'status',
            render: (v: PromiseStatus) => <StatusTag tone={PROMISE_TONES[v]}>{t(`coll.promise.${v}`)}</StatusTag>,
          },
        ]}
      />
      {c.status === 'OPEN' && can('collection:act') && (
        <Form form={form} layout="inline" style={{ marginTop: 12 }} data-testid="promise-form">
          <Form.Item name="amount" rules={[{ required: true }]}>
            <InputNumber<number> min={0.01} precision={2} placeholder={t('coll.promiseAmount')} />
          </Form.Item>
          <Form.Item name="dueDate" rules={[{ required: true }]}>
            <DatePicker placeholder={t('coll.promiseDue')} />
          </Form.Item>
          <Button onClick={() => void submit()}>{t('coll.newPromise')}</Button>
        </Form>
      )}
    </Card>
  );
}

function RecoveriesCard({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const [woForm] = Form.useForm();
  const [recForm] = Form.useForm();
  const active = c.loans.filter((l) => l.status === 'ACTIVE');
  const writtenOff = c.loans.filter((l) => l.status === 'WRITTEN_OFF' && l.writtenOffClaim !== '0.00');
  const writeOff = async () => {
    const v = await woForm.validateFields();
    try {
      const r = await collectionApi.requestWriteOff(c.id, { loanId: v.loanId, reason: v.reason });
      showSuccess(t('coll.submitted', { id: r.reviewRequestId }));
      woForm.resetFields();
      reload();
    } catch (e) {
      showError(e);
    }
  };
  const recover = async () => {
    const v = await recForm.validateFields();
    try {
      await collectionApi.recordRecovery(c.id, { loanId: v.loanId, amount: yuanOf(v.amount), source: v.source });
      showSuccess(t('coll.saved'));
      recForm.resetFields();
      reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('coll.recoveries')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.recoveries}
        columns={[
          { title: t('coll.recoveryDate'), dataIndex: 'businessDate' },
          { title: t('coll.loanId'), dataIndex: 'loanId' },
          {
            title: t('coll.recoveryKind'),
            dataIndex: 'kind',
            render: (v: string) => t(`coll.recovery.${v as 'REPAYMENT' | 'AFTER_WRITE_OFF'}`),
          },
          {
            title: t('coll.recoverySource'),
            dataIndex: 'source',
            render: (v: string | null, r) => (v ? t(`coll.source.${v as (typeof RECOVERY_SOURCES)[number]}`) : `#${r.repaymentId ?? ''}`),
          },
          { title: t('coll.recoveryAmount'), dataIndex: 'amount', align: 'right', render: (v: string) => <Yuan value={v} /> },
        ]}
      />
      {c.status === 'OPEN' && active.length > 0 && can('collection:write-off') && (
        <Form form={woForm} layout="inline" style={{ marginTop: 12 }} data-testid="write-off-form">
          <Typography.Paragraph type="secondary" style={{ width: '100%' }}>
            {t('coll.writeOffHint')}
          </Typography.Paragraph>
          <Form.Item name="loanId" rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              placeholder={t('coll.loanId')}
              options={active.map((l) => ({ value: l.loanId, label: `#${l.loanId}` }))}
            />
          </Form.Item>
          <Form.Item name="reason" rules={[{ required: true, min: 4 }]}>
            <Input style={{ width: 280 }} placeholder={t('coll.writeOffReason')} />
          </Form.Item>
          <Button danger onClick={() => void writeOff()} data-testid="write-off-submit">
            {t('coll.writeOff')}
          </Button>
        </Form>
      )}
      {writtenOff.length > 0 && can('collection:recover') && (
        <Form
          form={recForm}
          layout="inline"
          style={{ marginTop: 12 }}
          initialValues={{ source: 'DEMAND_ACCOUNT' }}
          data-testid="recovery-form"
        >
          <Form.Item name="loanId" rules={[{ required: true }]}>
            <Select
              style={{ width: 220 }}
              placeholder={t('coll.loanId')}
              options={writtenOff.map((l) => ({ value: l.loanId, label: `#${l.loanId}（${l.writtenOffClaim}）` }))}
            />
          </Form.Item>
          <Form.Item name="amount" rules={[{ required: true }]}>
            <InputNumber<number> min={0.01} precision={2} placeholder={t('coll.recoveryAmount')} />
          </Form.Item>
          <Form.Item name="source">
            <Select style={{ width: 140 }} options={RECOVERY_SOURCES.map((s) => ({ value: s, label: t(`coll.source.${s}`) }))} />
          </Form.Item>
          <Button onClick={() => void recover()}>{t('coll.newRecovery')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** One collection case: its loans, plan (一户一策), actions, promises, recoveries, write-off and timeline. */
export function CaseDetailPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const { data: c, error, loading, reload } = useAsync((signal) => collectionApi.get(id, signal), [id], { onError: showError });
  if (error && isApiError(error) && error.status === 404) {
    return <Result status="404" title={error.message} extra={<Link to="/collection">{t('coll.back')}</Link>} />;
  }
  if (!c) return <Spin spinning={loading} />;
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/collection" aria-label={t('coll.back')}>
              <ArrowLeftOutlined />
            </Link>
            {t('coll.detailTitle', { id: c.id })}
            <StatusTag tone={CASE_TONES[c.status]} testId="case-status" data={{ status: c.status }}>
              {t(`coll.status.${c.status}`)}
            </StatusTag>
          </Space>
        }
        extra={<Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('coll.customer')}>{c.customerNameMasked ?? c.customerId}</Descriptions.Item>
          <Descriptions.Item label={t('coll.branch')}>{c.branchName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('coll.lead')}>{c.leadName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('coll.officer')}>{c.officerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('coll.nplBalance')}>
            <Yuan value={c.nplBalance} strong />
          </Descriptions.Item>
          <Descriptions.Item label={t('coll.writtenOffClaim')}>
            <Yuan value={c.writtenOffClaim} />
          </Descriptions.Item>
          <Descriptions.Item label={t('coll.openedOn')}>{c.openedOn}</Descriptions.Item>
          <Descriptions.Item label={t('coll.closedOn')}>
            {c.closedOn ? `${c.closedOn} ${c.closeReason ? t(`coll.close.${c.closeReason}`) : ''}` : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <LoansCard c={c} />
            <PlanCard c={c} reload={reload} />
            <ActionsCard c={c} reload={reload} />
            <PromisesCard c={c} reload={reload} />
            <RecoveriesCard c={c} reload={reload} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('coll.timeline')} size="small" data-testid="case-timeline">
            <Timeline items={c.timeline.map((e) => ({ children: `${e.date} ${e.text}` }))} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
