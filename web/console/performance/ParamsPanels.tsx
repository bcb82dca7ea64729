/**
 * The reviewed parameters of the rankings and the campaign: PERFORMANCE_WEIGHTS (eight weights per level,
 * summing to 100, with the date they take effect) and CAMPAIGN_TARGETS (the campaign's name, dates, the
 * bank's and each branch's targets). Each shows the version in force, the changes awaiting review and the
 * history; a param manager (performance:params) submits a change, a second one approves it in 复核.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import {
  KPI_KEYS,
  performanceApi,
  type CampaignValues,
  type CampaignVersion,
  type KpiWeights,
  type RankingLevel,
  type WeightsVersion,
} from './api';

function Pending({ items }: { items: Array<{ reviewRequestId: number; title: string }> }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <Space direction="vertical" style={{ marginBottom: 16, width: '100%' }} data-testid="perf-pending">
      {items.map((p) => (
        <Alert key={p.reviewRequestId} type="warning" showIcon title={t('perf.p.pending', { id: p.reviewRequestId, title: p.title })} />
      ))}
    </Space>
  );
}

export function WeightsPanel() {
  const { t } = useI18n();
  const can = useCan();
  const editable = can('performance:params');
  const [level, setLevel] = useState<RankingLevel>('BRANCH');
  const [form] = Form.useForm<{ effectiveFrom: string; weights: KpiWeights }>();
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const [total, setTotal] = useState('100');
  const { data, loading, reload } = useAsync(
    async (signal) => {
      const v = await performanceApi.weights(signal);
      form.setFieldsValue({ effectiveFrom: v.businessDate, weights: v.current[level].weights });
      setTotal('100');
      return v;
    },
    [level],
    { onError: showError },
  );
  const recount = () => {
    const w = (form.getFieldValue('weights') ?? {}) as Partial<KpiWeights>;
    // hundredths as integers: no floating-point sums
    const cents = KPI_KEYS.reduce((a, k) => a + Math.round(Number(w[k] ?? 0) * 100), 0);
    setTotal((cents / 100).toFixed(2).replace(/\.00$/, ''));
  };
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const res = await performanceApi.submitWeights({ effectiveFrom: v.effectiveFrom, level, weights: v.weights });
      setSubmitted(res.reviewRequestId);
      showSuccess(t('perf.p.submitted', { id: res.reviewRequestId }));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const columns: TableColumnsType<WeightsVersion> = [
    { title: t('perf.p.version'), dataIndex: 'version', width: 70 },
    { title: t('perf.p.level'), dataIndex: 'level', width: 100, render: (v: RankingLevel) => t(`perf.level.${v}`) },
    { title: t('perf.p.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120 },
    ...KPI_KEYS.map((k) => ({
      title: t(`perf.kpi.${k}`).replace(/（.*）|\s*\(.*\)/, ''),
      key: k,
      width: 90,
      render: (_: unknown, r: WeightsVersion) => `${r.weights[k]}%`,
    })),
    {
      title: t('perf.p.review'),
      dataIndex: 'reviewRequestId',
      width: 110,
      render: (v: number | null) => (v === null ? t('perf.p.seeded') : `#${v}`),
    },
    { title: '', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <>
      {submitted !== null && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('perf.p.submitted', { id: submitted })} />
      )}
      {data && <Pending items={data.pending} />}
      <Card
        title={
          <Space>
            {data ? t('perf.p.current', { d: data.businessDate }) : null}
            <Segmented<RankingLevel>
              value={level}
              options={[
                { value: 'BRANCH', label: t('perf.level.BRANCH') },
                { value: 'OFFICER', label: t('perf.level.OFFICER') },
              ]}
              onChange={setLevel}
            />
            {data && <Tag>{`${t('perf.p.version')} ${data.current[level].version}`}</Tag>}
          </Space>
        }
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        <Form form={form} layout="inline" disabled={!editable} onValuesChange={recount} data-testid="perf-weights-form">
          <Form.Item name="effectiveFrom" label={t('perf.p.effectiveFrom')} rules={[{ required: true }]}>
            <Input style={{ width: 130 }} maxLength={10} />
          </Form.Item>
          {KPI_KEYS.map((k) => (
            <Form.Item
              key={k}
              name={['weights', k]}
              label={t(`perf.kpi.${k}`).replace(/（.*）|\s*\(.*\)/, '')}
              rules={[{ required: true }]}
            >
              <Input style={{ width: 80 }} suffix="%" maxLength={6} data-testid={`perf-weight-${k}`} />
            </Form.Item>
          ))}
          <Form.Item>
            <Typography.Text type={total === '100' ? 'success' : 'danger'} data-testid="perf-weights-total">
              {t('perf.p.total', { t: total })}
            </Typography.Text>
          </Form.Item>
          {editable && (
            <Form.Item>
              <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="perf-weights-submit">
                {t('perf.p.submit')}
              </Button>
            </Form.Item>
          )}
        </Form>
      </Card>
      <Card title={t('perf.p.history')}>
        <Table<WeightsVersion>
          rowKey="version"
          size="small"
          columns={columns}
          dataSource={data?.history ?? []}
          pagination={false}
          scroll={{ x: 1300 }}
        />
      </Card>
    </>
  );
}

export function TargetsPanel() {
  const { t } = useI18n();
  const can = useCan();
  const editable = can('performance:params');
  const [form] = Form.useForm<CampaignValues>();
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const { data, loading, reload } = useAsync(
    async (signal) => {
      const [v, board] = await Promise.all([performanceApi.targets(signal), performanceApi.board({}, signal)]);
      const { name, startDate, endDate, bankGrowthTarget, bankNplReductionTarget, branches } = v.current;
      form.setFieldsValue({ name, startDate, endDate, bankGrowthTarget, bankNplReductionTarget, branches });
      return { ...v, branchOptions: board.rows.map((r) => ({ value: r.branchId, label: r.branchName })) };
    },
    [],
    { onError: showError },
  );
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const res = await performanceApi.submitTargets({ ...v, branches: v.branches ?? [] });
      setSubmitted(res.reviewRequestId);
      showSuccess(t('perf.p.submitted', { id: res.reviewRequestId }));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const names = new Map((data?.branchOptions ?? []).map((o) => [o.value, o.label]));
  const columns: TableColumnsType<CampaignVersion> = [
    { title: t('perf.p.version'), dataIndex: 'version', width: 70 },
    { title: t('perf.t.name'), dataIndex: 'name', width: 140 },
    { title: t('perf.t.start'), dataIndex: 'startDate', width: 110 },
    { title: t('perf.t.end'), dataIndex: 'endDate', width: 110 },
    { title: t('perf.t.bankGrowth'), dataIndex: 'bankGrowthTarget', width: 150, align: 'right' },
    { title: t('perf.t.bankNpl'), dataIndex: 'bankNplReductionTarget', width: 150, align: 'right' },
    {
      title: t('perf.t.branches'),
      key: 'branches',
      render: (_: unknown, r: CampaignVersion) =>
        r.branches.map((b) => `${names.get(b.branchId) ?? `#${b.branchId}`} ${b.growthTarget} / ${b.nplReductionTarget}`).join('；'),
    },
    {
      title: t('perf.p.review'),
      dataIndex: 'reviewRequestId',
      width: 110,
      render: (v: number | null) => (v === null ? t('perf.p.seeded') : `#${v}`),
    },
  ];
  return (
    <>
      {submitted !== null && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('perf.p.submitted', { id: submitted })} />
      )}
      {data && <Pending items={data.pending} />}
      <Card
        title={data ? `${t('perf.p.current', { d: data.businessDate })} · ${t('perf.p.version')} ${data.current.version}` : undefined}
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        <Form form={form} layout="vertical" disabled={!editable} data-testid="perf-targets-form">
          <Space wrap align="start">
            <Form.Item name="name" label={t('perf.t.name')} rules={[{ required: true }]}>
              <Input style={{ width: 180 }} maxLength={60} />
            </Form.Item>
            <Form.Item name="startDate" label={t('perf.t.start')} rules={[{ required: true }]}>
              <Input style={{ width: 130 }} maxLength={10} />
            </Form.Item>
            <Form.Item name="endDate" label={t('perf.t.end')} rules={[{ required: true }]}>
              <Input style={{ width: 130 }} maxLength={10} />
            </Form.Item>
            <Form.Item name="bankGrowthTarget" label={t('perf.t.bankGrowth')} rules={[{ required: true }]}>
              <Input style={{ width: 180 }} maxLength={20} />
            </Form.Item>
            <Form.Item name="bankNplReductionTarget" label={t('perf.t.bankNpl')} rules={[{ required: true }]}>
              <Input style={{ width: 180 }} maxLength={20} />
            </Form.Item>
          </Space>
          <Typography.Text strong>{t('perf.t.branches')}</Typography.Text>
          <Form.List name="branches">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'branchId']} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 180 }}
                        options={data?.branchOptions ?? []}
                        placeholder={t('perf.t.branchId')}
                        showSearch
                        optionFilterProp="label"
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'growthTarget']} rules={[{ required: true }]}>
                      <Input style={{ width: 160 }} placeholder={t('perf.t.growth')} maxLength={20} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'nplReductionTarget']} rules={[{ required: true }]}>
                      <Input style={{ width: 160 }} placeholder={t('perf.t.npl')} maxLength={20} />
                    </Form.Item>
                    {editable && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {editable && (
                  <Form.Item>
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ growthTarget: '0.00', nplReductionTarget: '0.00' })}>
                      {t('perf.t.addBranch')}
                    </Button>
                  </Form.Item>
                )}
              </>
            )}
          </Form.List>
          {editable && (
            <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="perf-targets-submit">
              {t('perf.p.submit')}
            </Button>
          )}
        </Form>
      </Card>
      <Card title={t('perf.p.history')}>
        <Table<CampaignVersion>
          rowKey="version"
          size="small"
          columns={columns}
          dataSource={data?.history ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
        />
      </Card>
    </>
  );
}
