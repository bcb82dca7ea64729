/**
 * 转介有礼: the rewards ledger (paged, filtered, exported) and, on a second tab, the reward rules with
 * their versions and a form a parameter manager submits for review.
 */
import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Switch, Table, Tabs, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { isApiError } from '../../shared/api';
import { defineStatusTones, PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  REWARD_STATUSES,
  referralsApi,
  type ReferralParamIssue,
  type ReferralParamsVersion,
  type ReferralParamValues,
  type RewardItem,
  type RewardReason,
  type RewardStatus,
} from './api';

type Filters = { referrerCustomerId?: number; status?: RewardStatus };
type ParamsForm = Omit<ReferralParamValues, 'effectiveFrom'> & { effectiveFrom: Dayjs };

const STATUS_TONES = defineStatusTones<RewardStatus>({ PENDING: 'pending', PAID: 'success', REJECTED: 'closed' });

export function ReferralsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('ref.title')} subtitle={t('ref.subtitle')} />
      <Tabs
        items={[
          { key: 'rewards', label: t('ref.tab.rewards'), children: <RewardList /> },
          { key: 'params', label: <span data-testid="ref-tab-params">{t('ref.tab.params')}</span>, children: <ReferralParams /> },
        ]}
      />
    </>
  );
}

function RewardList() {
  const { t } = useI18n();
  const list = usePagedQuery<RewardItem, Filters>((q, signal) => referralsApi.rewards(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;
  const columns: TableColumnsType<RewardItem> = [
    { title: t('ref.date'), dataIndex: 'businessDate', width: 110, fixed: 'left' },
    {
      title: t('ref.referrer'),
      dataIndex: 'referrerNameMasked',
      width: 130,
      render: (v: string | null, r) => `${v ?? '—'} · ${r.referrerCustomerId}`,
    },
    {
      title: t('ref.referred'),
      dataIndex: 'referredNameMasked',
      width: 130,
      render: (v: string | null, r) => `${v ?? '—'} · ${r.referredCustomerId}`,
    },
    { title: t('ref.loan'), dataIndex: 'loanId', width: 90 },
    {
      title: t('ref.amount'),
      dataIndex: 'amount',
      width: 110,
      align: 'right',
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    {
      title: t('ref.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: RewardStatus) => (
        <StatusTag tone={STATUS_TONES[s]} data={{ status: s }}>
          {t(`ref.status.${s}`)}
        </StatusTag>
      ),
    },
    { title: t('ref.reason'), dataIndex: 'reason', width: 200, render: (r: RewardReason | null) => (r ? t(`ref.reason.${r}`) : '—') },
    { title: t('ref.paidOn'), dataIndex: 'paidOn', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('ref.version'), dataIndex: 'paramsVersion', width: 90 },
  ];
  return (
    <Card>
      <PagedTable<RewardItem, Filters>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="referral-rewards"
        testId="referral-rewards-table"
        emptyText={t('ref.empty')}
        scroll={{ x: 1100 }}
        exportTo={{ path: '/api/v1/marketing/referral-rewards', filename: t('ref.title'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`referral-reward-row-${r.id}`)}
        toolbar={
          <>
            <InputNumber<number>
              style={{ width: 160 }}
              min={1}
              precision={0}
              placeholder={t('ref.referrerId')}
              value={draft.referrerCustomerId ?? null}
              onChange={(v) => setDraft((f) => ({ ...f, referrerCustomerId: v ?? undefined }))}
              onPressEnter={() => search()}
              data-testid="referral-rewards-filter-referrer"
            />
            <Select<RewardStatus>
              allowClear
              style={{ width: 130 }}
              placeholder={t('ref.status')}
              value={draft.status}
              onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
              options={REWARD_STATUSES.map((s) => ({ value: s, label: t(`ref.status.${s}`) }))}
              data-testid="referral-rewards-filter-status"
            />
            <Button type="primary" onClick={() => search()} data-testid="referral-rewards-search">
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

function ReferralParams() {
  const { t } = useI18n();
  const can = useCan();
  const editable = can('product:write');
  const [form] = Form.useForm<ParamsForm>();
  const [issues, setIssues] = useState<ReferralParamIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const { data, loading, reload } = useAsync(
    async (signal) => {
      const v = await referralsApi.params(signal);
      const { version: _v, reviewRequestId: _r, createdAt: _c, effectiveFrom: _e, ...values } = v.current;
      form.setFieldsValue({ ...values, effectiveFrom: dayjs(v.businessDate) });
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
      const res = await referralsApi.submit({ ...v, effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD') });
      setSubmitted(res.reviewRequestId);
      showSuccess(t('ref.p.submitted', { id: res.reviewRequestId }));
      reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'REFERRAL_PARAMS_INVALID' && Array.isArray(e.details)) setIssues(e.details as ReferralParamIssue[]);
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const issueOf = (field: string) => issues.find((i) => i.field === field)?.message;
  const capText = (n: number) => (n === 0 ? t('ref.p.noCap') : String(n));
  const columns: TableColumnsType<ReferralParamsVersion> = [
    { title: t('ref.version'), dataIndex: 'version', width: 80 },
    {
      title: t('ref.tab.params'),
      key: 'summary',
      render: (_: unknown, v) =>
        t('ref.p.summary', { amount: v.rewardAmount, m: capText(v.monthlyCap), y: capText(v.yearlyCap), from: v.effectiveFrom }),
    },
    {
      title: t('ref.p.review'),
      dataIndex: 'reviewRequestId',
      width: 120,
      render: (v: number | null) => (v === null ? t('ref.p.seeded') : `#${v}`),
    },
    { title: t('ref.p.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      {submitted !== null && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={<span data-testid="ref-submitted">{t('ref.p.submitted', { id: submitted })}</span>}
        />
      )}
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('ref.p.readOnly')} />}
      <Card
        title={data ? t('ref.p.current', { v: data.current.version, date: data.businessDate }) : undefined}
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        <Form<ParamsForm> form={form} layout="vertical" disabled={!editable} data-testid="ref-params-form">
          <Form.Item
            name="rewardAmount"
            label={t('ref.p.rewardAmount')}
            validateStatus={issueOf('rewardAmount') ? 'error' : undefined}
            help={issueOf('rewardAmount')}
            rules={[{ required: true }]}
          >
            <Input style={{ width: 160 }} maxLength={12} data-testid="ref-reward-amount" />
          </Form.Item>
          <Form.Item name="monthlyCap" label={t('ref.p.monthlyCap')} help={issueOf('monthlyCap')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} precision={0} data-testid="ref-monthly-cap" />
          </Form.Item>
          <Form.Item name="yearlyCap" label={t('ref.p.yearlyCap')} help={issueOf('yearlyCap')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} precision={0} data-testid="ref-yearly-cap" />
          </Form.Item>
          <Form.Item name="excludeSelfReferral" label={t('ref.p.excludeSelf')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="excludeExistingBorrower" label={t('ref.p.excludeExisting')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('ref.p.effectiveFrom')} help={issueOf('effectiveFrom')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => !!data && d.isBefore(dayjs(data.businessDate), 'day')} data-testid="ref-effective-from" />
          </Form.Item>
          {editable && (
            <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="ref-params-submit">
              {t('ref.p.submit')}
            </Button>
          )}
        </Form>
      </Card>
      <Card title={t('ref.p.history')}>
        <Table<ReferralParamsVersion>
          rowKey="version"
          columns={columns}
          dataSource={data?.history ?? []}
          loading={loading}
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
        />
      </Card>
    </>
  );
}
