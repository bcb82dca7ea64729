/**
 * 还款提醒: the reminders end-of-day prepared (paged, filtered, exported) and, on a second tab, the
 * reminder parameters and templates with their versions and a form a parameter manager submits for review.
 */
import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Switch, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
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
  REMINDER_KINDS,
  REMINDER_STATUSES,
  remindersApi,
  WARNING_LEVELS,
  type ReminderItem,
  type ReminderKind,
  type ReminderParamIssue,
  type ReminderParamsVersion,
  type ReminderParamValues,
  type ReminderStatus,
} from './api';

type Filters = { date?: string; kind?: ReminderKind; status?: ReminderStatus; customerId?: number };

const STATUS_TONES = defineStatusTones<ReminderStatus>({ QUEUED: 'pending', SENT: 'success', FAILED: 'danger', SKIPPED_OPT_OUT: 'closed' });

export function RemindersPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('rem.title')} subtitle={t('rem.subtitle')} />
      <Tabs
        items={[
          { key: 'list', label: t('rem.tab.list'), children: <ReminderList /> },
          { key: 'params', label: <span data-testid="rem-tab-params">{t('rem.tab.params')}</span>, children: <ReminderParams /> },
        ]}
      />
    </>
  );
}

function ReminderList() {
  const { t } = useI18n();
  const list = usePagedQuery<ReminderItem, Filters>((q, signal) => remindersApi.list(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;
  const columns: TableColumnsType<ReminderItem> = [
    { title: t('rem.date'), dataIndex: 'businessDate', width: 110, fixed: 'left' },
    {
      title: t('rem.customer'),
      dataIndex: 'customerName',
      width: 110,
      render: (v: string, r) => `${v} · ${r.customerId}`,
    },
    { title: t('rem.loan'), dataIndex: 'loanId', width: 80 },
    { title: t('rem.kind'), dataIndex: 'kind', width: 130, render: (k: ReminderKind) => <Tag>{t(`rem.kind.${k}`)}</Tag> },
    { title: t('rem.dueDate'), dataIndex: 'dueDate', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('rem.amount'),
      dataIndex: 'amount',
      width: 110,
      align: 'right',
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    { title: t('rem.dpd'), dataIndex: 'dpd', width: 80, align: 'right' },
    {
      title: t('rem.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: ReminderStatus) => (
        <StatusTag tone={STATUS_TONES[s]} data={{ status: s }}>
          {t(`rem.status.${s}`)}
        </StatusTag>
      ),
    },
    { title: t('rem.sendAfter'), dataIndex: 'sendAfter', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('rem.sentAt'), dataIndex: 'sentAt', width: 160, render: (v: string | null) => (v ? formatDateTime(v) : '—') },
    { title: t('rem.text'), dataIndex: 'text', width: 420 },
  ];
  return (
    <Card>
      <PagedTable<ReminderItem, Filters>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="reminders"
        testId="reminders-table"
        emptyText={t('rem.empty')}
        scroll={{ x: 1500 }}
        exportTo={{ path: '/api/v1/reminders', filename: t('rem.title'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`reminder-row-${r.id}`)}
        toolbar={
          <>
            <DatePicker
              placeholder={t('rem.date')}
              onChange={(d) => setDraft((f) => ({ ...f, date: d ? d.format('YYYY-MM-DD') : undefined }))}
              data-testid="reminders-filter-date"
            />
            <Select<ReminderKind>
              allowClear
              style={{ width: 150 }}
              placeholder={t('rem.kind')}
              value={draft.kind}
              onChange={(v) => setDraft((f) => ({ ...f, kind: v ?? undefined }))}
              options={REMINDER_KINDS.map((k) => ({ value: k, label: t(`rem.kind.${k}`) }))}
              data-testid="reminders-filter-kind"
            />
            <Select<ReminderStatus>
              allowClear
              style={{ width: 130 }}
              placeholder={t('rem.status')}
              value={draft.status}
              onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
              options={REMINDER_STATUSES.map((s) => ({ value: s, label: t(`rem.status.${s}`) }))}
              data-testid="reminders-filter-status"
            />
            <InputNumber<number>
              style={{ width: 140 }}
              min={1}
              precision={0}
              placeholder={t('rem.customerId')}
              value={draft.customerId ?? null}
              onChange={(v) => setDraft((f) => ({ ...f, customerId: v ?? undefined }))}
              onPressEnter={() => search()}
            />
            <Button type="primary" onClick={() => search()} data-testid="reminders-search">
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

function ReminderParams() {
  const { t } = useI18n();
  const can = useCan();
  const editable = can('product:write');
  const [form] = Form.useForm<ReminderParamValues>();
  const [issues, setIssues] = useState<ReminderParamIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const { data, loading, reload } = useAsync(
    async (signal) => {
      const v = await remindersApi.params(signal);
      const { version: _v, reviewRequestId: _r, createdAt: _c, ...values } = v.current;
      form.setFieldsValue(values);
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
      const res = await remindersApi.submit(v);
      setSubmitted(res.reviewRequestId);
      showSuccess(t('rem.p.submitted', { id: res.reviewRequestId }));
      reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'REMINDER_PARAMS_INVALID' && Array.isArray(e.details)) setIssues(e.details as ReminderParamIssue[]);
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const issueOf = (field: string) => issues.find((i) => i.field === field)?.message;
  const summary = (v: ReminderParamsVersion) =>
    t('rem.p.summary', {
      before: v.daysBeforeDue,
      onDue: v.onDue ? t('rem.on') : t('rem.off'),
      y: v.overdueEveryDays.YELLOW,
      o: v.overdueEveryDays.ORANGE,
      r: v.overdueEveryDays.RED,
      qs: v.quietHours.start,
      qe: v.quietHours.end,
    });
  const columns: TableColumnsType<ReminderParamsVersion> = [
    { title: t('rem.p.version'), dataIndex: 'version', width: 70 },
    { title: t('rem.p.values'), key: 'summary', render: (_: unknown, v) => summary(v) },
    {
      title: t('rem.p.review'),
      dataIndex: 'reviewRequestId',
      width: 120,
      render: (v: number | null) => (v === null ? t('rem.p.seeded') : `#${v}`),
    },
    { title: t('rem.p.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      {submitted !== null && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={<span data-testid="rem-submitted">{t('rem.p.submitted', { id: submitted })}</span>}
        />
      )}
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('rem.p.readOnly')} />}
      <Card
        title={data ? t('rem.p.current', { v: data.current.version }) : undefined}
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        <Form<ReminderParamValues> form={form} layout="vertical" disabled={!editable} data-testid="rem-params-form">
          <Form.Item name="daysBeforeDue" label={t('rem.p.daysBeforeDue')} help={issueOf('daysBeforeDue')} rules={[{ required: true }]}>
            <InputNumber min={0} max={15} precision={0} data-testid="rem-days-before" />
          </Form.Item>
          <Form.Item name="onDue" label={t('rem.p.onDue')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item label={t('rem.p.every')}>
            {WARNING_LEVELS.map((l) => (
              <Form.Item
                key={l}
                name={['overdueEveryDays', l]}
                label={t(`rem.p.level.${l}`)}
                help={issueOf(`overdueEveryDays.${l}`)}
                style={{ display: 'inline-block', marginRight: 16 }}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={30} precision={0} />
              </Form.Item>
            ))}
          </Form.Item>
          <Form.Item label={t('rem.p.quiet')} help={issueOf('quietHours')}>
            <Form.Item name={['quietHours', 'start']} label={t('rem.p.quietStart')} style={{ display: 'inline-block', marginRight: 16 }}>
              <Input style={{ width: 90 }} maxLength={5} />
            </Form.Item>
            <Form.Item name={['quietHours', 'end']} label={t('rem.p.quietEnd')} style={{ display: 'inline-block' }}>
              <Input style={{ width: 90 }} maxLength={5} />
            </Form.Item>
          </Form.Item>
          <Form.Item name="hotline" label={t('rem.p.hotline')} help={issueOf('hotline')} rules={[{ required: true }]}>
            <Input style={{ width: 200 }} maxLength={20} />
          </Form.Item>
          <Card type="inner" title={t('rem.p.templates')} style={{ marginBottom: 16 }}>
            {REMINDER_KINDS.map((k) => (
              <Form.Item
                key={k}
                name={['templates', k]}
                label={t(`rem.kind.${k}`)}
                validateStatus={issueOf(`templates.${k}`) ? 'error' : undefined}
                help={
                  issueOf(`templates.${k}`) ??
                  t('rem.p.placeholders', { list: (data?.placeholders[k] ?? []).map((p) => `{${p}}`).join(' ') })
                }
              >
                <Input.TextArea autoSize={{ minRows: 2 }} maxLength={200} showCount data-testid={`rem-template-${k}`} />
              </Form.Item>
            ))}
          </Card>
          {editable && (
            <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="rem-params-submit">
              {t('rem.p.submit')}
            </Button>
          )}
        </Form>
      </Card>
      <Card title={t('rem.p.history')}>
        <Table<ReminderParamsVersion>
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
