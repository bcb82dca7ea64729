/**
 * 543 服务时效: the breaches of the accountability register (paged, filtered, exported; the branch head
 * confirms or waives one through review), compliance per officer or branch with its daily trend
 * (ECharts), an officer's own stages and timings, and the parameters a param manager submits for review.
 */
import { useMemo, useState, type HTMLAttributes } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  type TableColumnsType,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { defineStatusTones, PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { Chart } from '../risk/Chart';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  BREACH_STATUSES,
  SLA_STAGES,
  slaApi,
  type BreachItem,
  type BreachStatus,
  type ComplianceItem,
  type MyStage,
  type SlaParamIssue,
  type SlaParamValues,
  type SlaParamsVersion,
  type SlaStage,
} from './api';

const STATUS_TONES = defineStatusTones<BreachStatus>({ PROPOSED: 'pending', CONFIRMED: 'danger', WAIVED: 'closed' });

export function SlaPage() {
  const { t } = useI18n();
  const can = useCan();
  const tabs = [
    ...(can('sla:read')
      ? [
          { key: 'breaches', label: <span data-testid="sla-tab-breaches">{t('sla.tab.breaches')}</span>, children: <BreachList /> },
          { key: 'compliance', label: <span data-testid="sla-tab-compliance">{t('sla.tab.compliance')}</span>, children: <Compliance /> },
        ]
      : []),
    ...(can('sla:my-events')
      ? [{ key: 'mine', label: <span data-testid="sla-tab-mine">{t('sla.tab.mine')}</span>, children: <MyTimings /> }]
      : []),
    { key: 'params', label: <span data-testid="sla-tab-params">{t('sla.tab.params')}</span>, children: <SlaParams /> },
  ];
  return (
    <>
      <PageHeader title={t('sla.title')} subtitle={t('sla.subtitle')} />
      <Tabs items={tabs} />
    </>
  );
}

type BreachFilters = { from?: string; to?: string; stage?: SlaStage; status?: BreachStatus };

function BreachList() {
  const { t } = useI18n();
  const can = useCan();
  const list = usePagedQuery<BreachItem, BreachFilters>((q, signal) => slaApi.breaches(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;
  const [deciding, setDeciding] = useState<{ item: BreachItem; decision: 'CONFIRM' | 'WAIVE' } | null>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!deciding) return;
    setSaving(true);
    try {
      const res = await slaApi.decide(deciding.item.id, { decision: deciding.decision, reason: reason.trim() || undefined });
      showSuccess(t('sla.decide.submitted', { id: res.reviewRequestId }));
      setDeciding(null);
      setReason('');
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<BreachItem> = [
    { title: t('sla.date'), dataIndex: 'businessDate', width: 110, fixed: 'left' },
    { title: t('sla.branch'), dataIndex: 'branchName', width: 130 },
    { title: t('sla.officer'), dataIndex: 'officerName', width: 100 },
    { title: t('sla.customer'), dataIndex: 'customerName', width: 130, render: (v: string, r) => `${v || '—'} · ${r.customerId}` },
    { title: t('sla.application'), dataIndex: 'applicationId', width: 90, render: (v: number | null) => v ?? '—' },
    { title: t('sla.stage'), dataIndex: 'stage', width: 150, render: (s: SlaStage) => <Tag>{t(`sla.stage.${s}`)}</Tag> },
    { title: t('sla.overrun'), dataIndex: 'overrunSeconds', width: 100, align: 'right' },
    {
      title: t('sla.penalty'),
      dataIndex: 'penalty',
      width: 100,
      align: 'right',
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    {
      title: t('sla.status'),
      dataIndex: 'status',
      width: 150,
      render: (s: BreachStatus, r) => (
        <Space size={4}>
          <StatusTag tone={STATUS_TONES[s]} data={{ status: s }} testId={`sla-breach-status-${r.id}`}>
            {t(`sla.status.${s}`)}
          </StatusTag>
          {r.pendingReviewId !== null && <Tag color="processing">{t('sla.pending', { id: r.pendingReviewId })}</Tag>}
        </Space>
      ),
    },
    { title: t('sla.reason'), dataIndex: 'reason', width: 220, render: (v: string | null) => v ?? '' },
    {
      title: t('sla.actions'),
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_: unknown, r) =>
        can('sla:decide') && r.status === 'PROPOSED' && r.pendingReviewId === null ? (
          <Space size={4}>
            <Button size="small" danger onClick={() => setDeciding({ item: r, decision: 'CONFIRM' })} data-testid={`sla-confirm-${r.id}`}>
              {t('sla.confirm')}
            </Button>
            <Button size="small" onClick={() => setDeciding({ item: r, decision: 'WAIVE' })} data-testid={`sla-waive-${r.id}`}>
              {t('sla.waive')}
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <Card>
      <PagedTable<BreachItem, BreachFilters>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="sla-breaches"
        testId="sla-breaches-table"
        emptyText={t('sla.empty')}
        scroll={{ x: 1550 }}
        exportTo={{ path: '/api/v1/sla/breaches', filename: t('sla.tab.breaches'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`sla-breach-row-${r.id}`)}
        toolbar={
          <>
            <DatePicker
              placeholder={t('sla.from')}
              onChange={(d) => setDraft((f) => ({ ...f, from: d ? d.format('YYYY-MM-DD') : undefined }))}
            />
            <DatePicker
              placeholder={t('sla.to')}
              onChange={(d) => setDraft((f) => ({ ...f, to: d ? d.format('YYYY-MM-DD') : undefined }))}
            />
            <Select<SlaStage>
              allowClear
              style={{ width: 170 }}
              placeholder={t('sla.stage')}
              value={draft.stage}
              onChange={(v) => setDraft((f) => ({ ...f, stage: v ?? undefined }))}
              options={SLA_STAGES.map((s) => ({ value: s, label: t(`sla.stage.${s}`) }))}
            />
            <Select<BreachStatus>
              allowClear
              style={{ width: 140 }}
              placeholder={t('sla.status')}
              value={draft.status}
              onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
              options={BREACH_STATUSES.map((s) => ({ value: s, label: t(`sla.status.${s}`) }))}
              data-testid="sla-filter-status"
            />
            <Button type="primary" onClick={() => search()} data-testid="sla-search">
              {t('common.search')}
            </Button>
            <Button onClick={reset}>{t('common.reset')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </>
        }
      />
      <Modal
        open={deciding !== null}
        title={
          deciding
            ? t(`sla.decide.title.${deciding.decision}`, {
                officer: deciding.item.officerName,
                stage: t(`sla.stage.${deciding.item.stage}`),
                seconds: deciding.item.overrunSeconds,
                penalty: deciding.item.penalty,
              })
            : ''
        }
        onCancel={() => setDeciding(null)}
        onOk={() => void submit()}
        okText={t('sla.decide.submit')}
        okButtonProps={
          { loading: saving, disabled: deciding?.decision === 'WAIVE' && !reason.trim(), 'data-testid': 'sla-decision-submit' } as never
        }
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('sla.decide.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="sla-decision-reason"
        />
      </Modal>
    </Card>
  );
}

type ComplianceFilters = { from?: string; to?: string; by?: 'officer' | 'branch' };

function Compliance() {
  const { t } = useI18n();
  const list = usePagedQuery<ComplianceItem, ComplianceFilters>((q, signal) => slaApi.compliance(q, signal), {
    onError: showError,
    initialFilters: { by: 'officer' },
  });
  const { draft, setDraft, search, reset, reload, filters } = list;
  const period = { from: filters.from, to: filters.to };
  const { data: trend } = useAsync((signal) => slaApi.trend(period, signal), [period.from, period.to], { onError: showError });
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('sla.trend.rate'), t('sla.trend.breaches')] },
      grid: { left: 48, right: 48, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: (trend?.items ?? []).map((p) => p.date) },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: '%' },
        { type: 'value', minInterval: 1, name: t('sla.trend.breaches') },
      ],
      series: [
        { name: t('sla.trend.rate'), type: 'line', data: (trend?.items ?? []).map((p) => (p.rate === null ? null : Number(p.rate))) },
        { name: t('sla.trend.breaches'), type: 'bar', yAxisIndex: 1, data: (trend?.items ?? []).map((p) => p.breaches) },
      ],
    }),
    [trend, t],
  );
  const columns: TableColumnsType<ComplianceItem> = [
    { title: t('sla.name'), dataIndex: 'name', width: 160, fixed: 'left' },
    { title: t('sla.measured'), dataIndex: 'measured', width: 100, align: 'right' },
    { title: t('sla.breaches'), dataIndex: 'breaches', width: 90, align: 'right' },
    { title: t('sla.confirmed'), dataIndex: 'confirmed', width: 100, align: 'right' },
    { title: t('sla.waived'), dataIndex: 'waived', width: 80, align: 'right' },
    { title: t('sla.rate'), dataIndex: 'rate', width: 100, align: 'right', render: (v: string | null) => v ?? '—' },
    {
      title: t('sla.penalty'),
      dataIndex: 'penalty',
      width: 110,
      align: 'right',
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
  ];
  return (
    <>
      <Card title={t('sla.trend')} style={{ marginBottom: 16 }}>
        {trend && trend.items.length === 0 ? (
          <Alert type="info" showIcon title={t('sla.noData')} />
        ) : (
          <Chart option={option} testId="sla-trend-chart" />
        )}
      </Card>
      <Card>
        <PagedTable<ComplianceItem, ComplianceFilters>
          query={list}
          columns={columns}
          rowKey={(r) => `${r.by}-${r.id ?? 0}`}
          settingsKey="sla-compliance"
          testId="sla-compliance-table"
          emptyText={t('sla.noData')}
          exportTo={{ path: '/api/v1/sla/compliance', filename: t('sla.tab.compliance'), onError: showError }}
          toolbar={
            <>
              <Segmented<'officer' | 'branch'>
                value={draft.by ?? 'officer'}
                onChange={(v) => setDraft((f) => ({ ...f, by: v }))}
                options={[
                  { value: 'officer', label: t('sla.by.officer') },
                  { value: 'branch', label: t('sla.by.branch') },
                ]}
              />
              <DatePicker
                placeholder={t('sla.from')}
                onChange={(d) => setDraft((f) => ({ ...f, from: d ? d.format('YYYY-MM-DD') : undefined }))}
              />
              <DatePicker
                placeholder={t('sla.to')}
                onChange={(d) => setDraft((f) => ({ ...f, to: d ? d.format('YYYY-MM-DD') : undefined }))}
              />
              <Button type="primary" onClick={() => search()} data-testid="sla-compliance-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
        />
      </Card>
    </>
  );
}

type MineFilters = { from?: string; to?: string };

function MyTimings() {
  const { t } = useI18n();
  const list = usePagedQuery<MyStage, MineFilters>((q, signal) => slaApi.myEvents(q, signal), { onError: showError });
  const { setDraft, search, reset, reload } = list;
  const columns: TableColumnsType<MyStage> = [
    { title: t('sla.date'), dataIndex: 'businessDate', width: 110, fixed: 'left' },
    { title: t('sla.stage'), dataIndex: 'stage', width: 150, render: (s: SlaStage) => <Tag>{t(`sla.stage.${s}`)}</Tag> },
    { title: t('sla.customer'), dataIndex: 'customerId', width: 100 },
    { title: t('sla.application'), dataIndex: 'applicationId', width: 90, render: (v: number | null) => v ?? '—' },
    { title: t('sla.started'), dataIndex: 'startedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('sla.ended'), dataIndex: 'endedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('sla.duration'), dataIndex: 'durationSeconds', width: 100, align: 'right' },
    { title: t('sla.limit'), dataIndex: 'limitSeconds', width: 90, align: 'right' },
    {
      title: t('sla.overrun'),
      dataIndex: 'overrunSeconds',
      width: 110,
      align: 'right',
      render: (v: number, r) => (r.breach ? <Tag color="red">{`${t('sla.late')} ${v}`}</Tag> : <Tag color="green">{t('sla.ok')}</Tag>),
    },
    { title: t('sla.status'), dataIndex: 'status', width: 110, render: (s: BreachStatus | null) => (s ? t(`sla.status.${s}`) : '') },
  ];
  return (
    <Card>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sla.mine.note')} />
      <PagedTable<MyStage, MineFilters>
        query={list}
        columns={columns}
        rowKey={(r) => `${r.stage}-${r.customerId}-${r.endedAt}`}
        settingsKey="sla-mine"
        testId="sla-mine-table"
        emptyText={t('sla.noData')}
        scroll={{ x: 1200 }}
        toolbar={
          <>
            <DatePicker
              placeholder={t('sla.from')}
              onChange={(d) => setDraft((f) => ({ ...f, from: d ? d.format('YYYY-MM-DD') : undefined }))}
            />
            <DatePicker
              placeholder={t('sla.to')}
              onChange={(d) => setDraft((f) => ({ ...f, to: d ? d.format('YYYY-MM-DD') : undefined }))}
            />
            <Button type="primary" onClick={() => search()}>
              {t('common.search')}
            </Button>
            <Button onClick={reset}>{t('common.reset')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </>
        }
      />
    </Card>
  );
}

function SlaParams() {
  const { t } = useI18n();
  const can = useCan();
  const editable = can('sla:params');
  const [form] = Form.useForm<SlaParamValues>();
  const [issues, setIssues] = useState<SlaParamIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const { data, loading, reload } = useAsync(
    async (signal) => {
      const v = await slaApi.params(signal);
      const { version: _v, reviewRequestId: _r, createdAt: _c, ...values } = v.current;
      form.setFieldsValue({ ...values, effectiveFrom: v.businessDate });
      return v;
    },
    [],
    { onError: showError },
  );
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setIssues([]);
    try {
      const res = await slaApi.submitParams(v);
      setSubmitted(res.reviewRequestId);
      showSuccess(t('sla.p.submitted', { id: res.reviewRequestId }));
      reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'SLA_PARAMS_INVALID' && Array.isArray(e.details)) setIssues(e.details as SlaParamIssue[]);
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const issueOf = (field: string) => issues.find((i) => i.field === field)?.message;
  const columns: TableColumnsType<SlaParamsVersion> = [
    { title: t('sla.p.version'), dataIndex: 'version', width: 70 },
    { title: t('sla.p.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120 },
    {
      title: t('sla.p.summary', { lock: '', rec: '', dis: '', pen: '' }).replace(/[\s·]+/g, ' '),
      key: 'summary',
      render: (_: unknown, v) =>
        t('sla.p.summary', { lock: v.lockSeconds, rec: v.recommendSeconds, dis: v.disburseSeconds, pen: v.penalty }),
    },
    {
      title: t('sla.p.review'),
      dataIndex: 'reviewRequestId',
      width: 120,
      render: (v: number | null) => (v === null ? t('sla.p.seeded') : `#${v}`),
    },
    { title: t('sla.started'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <>
      {submitted !== null && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('sla.p.submitted', { id: submitted })} />}
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('sla.p.readOnly')} />}
      <Card
        title={data ? t('sla.p.current', { v: data.current.version, d: data.businessDate }) : undefined}
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        <Form<SlaParamValues> form={form} layout="inline" disabled={!editable} data-testid="sla-params-form">
          <Form.Item name="effectiveFrom" label={t('sla.p.effectiveFrom')} help={issueOf('effectiveFrom')} rules={[{ required: true }]}>
            <Input style={{ width: 130 }} maxLength={10} />
          </Form.Item>
          <Form.Item name="lockSeconds" label={t('sla.p.lock')} rules={[{ required: true }]}>
            <InputNumber min={1} max={86400} precision={0} />
          </Form.Item>
          <Form.Item name="recommendSeconds" label={t('sla.p.recommend')} rules={[{ required: true }]}>
            <InputNumber min={1} max={86400} precision={0} />
          </Form.Item>
          <Form.Item name="disburseSeconds" label={t('sla.p.disburse')} rules={[{ required: true }]}>
            <InputNumber min={1} max={86400} precision={0} />
          </Form.Item>
          <Form.Item name="penalty" label={t('sla.p.penalty')} help={issueOf('penalty')} rules={[{ required: true }]}>
            <Input style={{ width: 110 }} maxLength={12} />
          </Form.Item>
          {editable && (
            <Form.Item>
              <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="sla-params-submit">
                {t('sla.p.submit')}
              </Button>
            </Form.Item>
          )}
        </Form>
      </Card>
      <Card title={t('sla.p.history')}>
        <Table<SlaParamsVersion> rowKey="version" columns={columns} dataSource={data?.history ?? []} pagination={false} size="small" />
      </Card>
    </>
  );
}
