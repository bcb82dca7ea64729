/**
 * 厅堂营销: the maturity tasks in scope (maturing CDs for the lobby staff, offline-loan renewals for the
 * officers; paged, filtered, exported; an outcome recorded on one), the leads lobby staff hand to a field
 * officer of their branch (内外勤联动) and the officer sees, the figures per branch or staff member, and
 * the parameters (days ahead N, task expiry) a param manager submits for review.
 */
import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Segmented, Select, Table, Tabs, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { defineStatusTones, PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  LOBBY_OUTCOMES,
  LOBBY_TASK_KINDS,
  LOBBY_TASK_STATUSES,
  lobbyApi,
  type LobbyFiguresItem,
  type LobbyLeadItem,
  type LobbyOutcome,
  type LobbyParamValues,
  type LobbyParamsVersion,
  type LobbyTaskItem,
  type LobbyTaskKind,
  type LobbyTaskStatus,
} from './api';

const STATUS_TONES = defineStatusTones<LobbyTaskStatus>({
  OPEN: 'pending',
  CONTACTED: 'warning',
  CONVERTED: 'success',
  EXPIRED: 'closed',
});

export function LobbyPage() {
  const { t } = useI18n();
  const can = useCan();
  const tabs = [
    { key: 'tasks', label: <span data-testid="lobby-tab-tasks">{t('lob.tab.tasks')}</span>, children: <Tasks /> },
    { key: 'leads', label: <span data-testid="lobby-tab-leads">{t('lob.tab.leads')}</span>, children: <Leads /> },
    { key: 'figures', label: <span data-testid="lobby-tab-figures">{t('lob.tab.figures')}</span>, children: <Figures /> },
    ...(can('lobby:params') || can('lobby:read')
      ? [{ key: 'params', label: <span data-testid="lobby-tab-params">{t('lob.tab.params')}</span>, children: <Params /> }]
      : []),
  ];
  return (
    <>
      <PageHeader title={t('lob.title')} subtitle={t('lob.subtitle')} />
      <Tabs items={tabs} destroyOnHidden />
    </>
  );
}

type TaskFilters = { kind?: LobbyTaskKind; status?: LobbyTaskStatus };

function Tasks() {
  const { t } = useI18n();
  const can = useCan();
  const list = usePagedQuery<LobbyTaskItem, TaskFilters>((q, signal) => lobbyApi.tasks(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;
  const [recording, setRecording] = useState<LobbyTaskItem | null>(null);
  const [outcome, setOutcome] = useState<LobbyOutcome | undefined>();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!recording || !outcome) return;
    setSaving(true);
    try {
      await lobbyApi.outcome(recording.id, { outcome, note: note.trim() || null });
      showSuccess(t('lob.recorded'));
      setRecording(null);
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const columns: TableColumnsType<LobbyTaskItem> = [
    { title: t('lob.id'), dataIndex: 'id', width: 80, fixed: 'left' },
    { title: t('lob.kind'), dataIndex: 'kind', width: 120, render: (v: LobbyTaskKind) => t(`lob.kind.${v}`) },
    { title: t('lob.customer'), dataIndex: 'customerNameMasked', width: 90 },
    { title: t('lob.ref'), dataIndex: 'sourceRef', width: 160, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('lob.branch'), dataIndex: ['branch', 'name'], width: 120 },
    { title: t('lob.staff'), key: 'staff', width: 90, render: (_: unknown, r) => r.staff?.name ?? '—' },
    {
      title: t('lob.principal'),
      dataIndex: 'principal',
      width: 120,
      align: 'right',
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    { title: t('lob.maturity'), dataIndex: 'maturityDate', width: 110 },
    { title: t('lob.expires'), dataIndex: 'expiresOn', width: 110 },
    {
      title: t('lob.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: LobbyTaskStatus, r) => (
        <StatusTag tone={STATUS_TONES[v]} data={{ status: v }} testId={`lobby-task-status-${r.id}`}>
          {t(`lob.status.${v}`)}
        </StatusTag>
      ),
    },
    {
      title: t('lob.outcome'),
      key: 'outcome',
      width: 180,
      render: (_: unknown, r) => (r.outcome ? `${t(`lob.outcome.${r.outcome}`)}${r.outcomeNote ? `：${r.outcomeNote}` : ''}` : '—'),
    },
    { title: t('lob.converted'), dataIndex: 'convertedAmount', width: 120, align: 'right', render: (v: string | null) => v ?? '—' },
    ...(can('lobby:work')
      ? [
          {
            title: '',
            key: 'act',
            width: 100,
            fixed: 'right' as const,
            render: (_: unknown, r: LobbyTaskItem) =>
              r.status === 'EXPIRED' ? null : (
                <Button
                  size="small"
                  onClick={() => {
                    setRecording(r);
                    setOutcome(r.outcome ?? undefined);
                    setNote(r.outcomeNote ?? '');
                  }}
                  data-testid={`lobby-record-${r.id}`}
                >
                  {t('lob.record')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Card>
      <PagedTable<LobbyTaskItem, TaskFilters>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="lobby-tasks"
        testId="lobby-tasks-table"
        emptyText={t('lob.empty')}
        scroll={{ x: 1500 }}
        exportTo={{ path: '/api/v1/lobby/tasks', filename: t('lob.tab.tasks'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`lobby-task-${r.id}`)}
        toolbar={
          <>
            <Select<LobbyTaskKind>
              allowClear
              style={{ width: 150 }}
              placeholder={t('lob.kind')}
              value={draft.kind}
              onChange={(v) => setDraft((f) => ({ ...f, kind: v ?? undefined }))}
              options={LOBBY_TASK_KINDS.map((k) => ({ value: k, label: t(`lob.kind.${k}`) }))}
            />
            <Select<LobbyTaskStatus>
              allowClear
              style={{ width: 120 }}
              placeholder={t('lob.status')}
              value={draft.status}
              onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
              options={LOBBY_TASK_STATUSES.map((s) => ({ value: s, label: t(`lob.status.${s}`) }))}
            />
            <Button type="primary" onClick={() => search()}>
              {t('common.search')}
            </Button>
            <Button onClick={reset}>{t('common.reset')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </>
        }
      />
      <Modal
        open={recording !== null}
        title={recording ? t('lob.record.title', { ref: recording.sourceRef }) : ''}
        onCancel={() => setRecording(null)}
        onOk={() => void submit()}
        okText={t('lob.record')}
        okButtonProps={{ loading: saving, disabled: !outcome, 'data-testid': 'lobby-outcome-submit' } as never}
        destroyOnHidden
      >
        <Select<LobbyOutcome>
          style={{ width: '100%', marginBottom: 12 }}
          placeholder={t('lob.outcome')}
          value={outcome}
          onChange={setOutcome}
          options={LOBBY_OUTCOMES.map((o) => ({ value: o, label: t(`lob.outcome.${o}`) }))}
          data-testid="lobby-outcome-select"
        />
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('lob.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="lobby-outcome-note"
        />
      </Modal>
    </Card>
  );
}

interface LeadForm {
  officerId: number;
  name: string;
  idNumber: string;
  mobile: string;
  need: string;
}

function Leads() {
  const { t } = useI18n();
  const can = useCan();
  const mayLead = can('lobby:lead');
  const list = usePagedQuery<LobbyLeadItem, Record<string, never>>((q, signal) => lobbyApi.leads(q, signal), { onError: showError });
  const { data: officers } = useAsync((signal) => lobbyApi.officers(signal), [mayLead], { enabled: mayLead, onError: showError });
  const [form] = Form.useForm<LeadForm>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const lead = await lobbyApi.createLead(v);
      showSuccess(t('lob.lead.created', { name: lead.officer.name }));
      form.resetFields();
      list.reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const columns: TableColumnsType<LobbyLeadItem> = [
    { title: t('lob.lead.name'), dataIndex: 'nameMasked', width: 90 },
    { title: t('lob.lead.idNumber'), dataIndex: 'idNumberMasked', width: 180, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('lob.lead.mobile'), dataIndex: 'mobileMasked', width: 130 },
    { title: t('lob.lead.need'), dataIndex: 'need', width: 220 },
    { title: t('lob.lead.by'), dataIndex: ['lobbyStaff', 'name'], width: 110 },
    { title: t('lob.lead.officer'), dataIndex: ['officer', 'name'], width: 100 },
    { title: t('lob.lead.date'), dataIndex: 'businessDate', width: 110 },
    { title: t('lob.lead.amount'), dataIndex: 'convertedAmount', width: 120, align: 'right', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <>
      {mayLead && (
        <Card title={t('lob.lead.new')} style={{ marginBottom: 16 }}>
          <Form<LeadForm> form={form} layout="inline" data-testid="lobby-lead-form">
            <Form.Item name="officerId" label={t('lob.lead.officer')} rules={[{ required: true }]}>
              <Select<number>
                style={{ width: 140 }}
                options={(officers?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                data-testid="lobby-lead-officer"
              />
            </Form.Item>
            <Form.Item name="name" label={t('lob.lead.name')} rules={[{ required: true }]}>
              <Input style={{ width: 110 }} maxLength={50} data-testid="lobby-lead-name" />
            </Form.Item>
            <Form.Item name="idNumber" label={t('lob.lead.idNumber')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} maxLength={20} data-testid="lobby-lead-id" />
            </Form.Item>
            <Form.Item name="mobile" label={t('lob.lead.mobile')} rules={[{ required: true }]}>
              <Input style={{ width: 140 }} maxLength={20} data-testid="lobby-lead-mobile" />
            </Form.Item>
            <Form.Item name="need" label={t('lob.lead.need')} rules={[{ required: true }]}>
              <Input style={{ width: 220 }} maxLength={500} data-testid="lobby-lead-need" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="lobby-lead-submit">
                {t('lob.lead.new')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Card>
        <PagedTable<LobbyLeadItem, Record<string, never>>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="lobby-leads"
          testId="lobby-leads-table"
          emptyText={t('lob.lead.empty')}
          scroll={{ x: 1100 }}
          exportTo={{ path: '/api/v1/lobby/leads', filename: t('lob.tab.leads'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`lobby-lead-${r.id}`)}
          toolbar={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />}
        />
      </Card>
    </>
  );
}

type FigureFilters = { by?: 'branch' | 'staff' };

function Figures() {
  const { t } = useI18n();
  const list = usePagedQuery<LobbyFiguresItem, FigureFilters>((q, signal) => lobbyApi.figures(q, signal), {
    onError: showError,
    initialFilters: { by: 'branch' },
  });
  const { draft, setDraft, search } = list;
  const num = (key: keyof LobbyFiguresItem, title: string) => ({ title, dataIndex: key, width: 100, align: 'right' as const });
  const columns: TableColumnsType<LobbyFiguresItem> = [
    { title: t('lob.fig.name'), dataIndex: 'name', width: 160, fixed: 'left' },
    num('tasks', t('lob.fig.tasks')),
    num('contacted', t('lob.fig.contacted')),
    num('converted', t('lob.fig.converted')),
    { ...num('convertedAmount', t('lob.converted')), width: 130 },
    num('leads', t('lob.fig.leads')),
    num('leadsConverted', t('lob.fig.leadsConverted')),
    { ...num('leadsAmount', t('lob.fig.leadsAmount')), width: 130 },
  ];
  return (
    <Card>
      <PagedTable<LobbyFiguresItem, FigureFilters>
        query={list}
        columns={columns}
        rowKey={(r) => `${r.by}-${r.id ?? 0}`}
        settingsKey="lobby-figures"
        testId="lobby-figures-table"
        emptyText={t('lob.empty')}
        exportTo={{ path: '/api/v1/lobby/figures', filename: t('lob.tab.figures'), onError: showError }}
        toolbar={
          <>
            <Segmented<'branch' | 'staff'>
              value={draft.by ?? 'branch'}
              onChange={(v) => {
                setDraft((f) => ({ ...f, by: v }));
                search({ by: v });
              }}
              options={[
                { value: 'branch', label: t('lob.fig.by.branch') },
                { value: 'staff', label: t('lob.fig.by.staff') },
              ]}
            />
          </>
        }
      />
    </Card>
  );
}

function Params() {
  const { t } = useI18n();
  const can = useCan();
  const editable = can('lobby:params');
  const [form] = Form.useForm<LobbyParamValues>();
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const { data, loading, reload } = useAsync(
    async (signal) => {
      const v = await lobbyApi.params(signal);
      form.setFieldsValue({ effectiveFrom: v.businessDate, daysAhead: v.current.daysAhead, taskExpiryDays: v.current.taskExpiryDays });
      return v;
    },
    [],
    { onError: showError },
  );
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const res = await lobbyApi.submitParams(v);
      setSubmitted(res.reviewRequestId);
      showSuccess(t('lob.p.submitted', { id: res.reviewRequestId }));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const columns: TableColumnsType<LobbyParamsVersion> = [
    { title: t('lob.p.version'), dataIndex: 'version', width: 70 },
    { title: t('lob.p.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120 },
    { title: t('lob.p.daysAhead'), dataIndex: 'daysAhead', width: 110 },
    { title: t('lob.p.expiry'), dataIndex: 'taskExpiryDays', width: 110 },
    {
      title: t('lob.p.review'),
      dataIndex: 'reviewRequestId',
      width: 120,
      render: (v: number | null) => (v === null ? t('lob.p.seeded') : `#${v}`),
    },
    { title: '', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <>
      {submitted !== null && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('lob.p.submitted', { id: submitted })} />}
      <Card
        title={data ? t('lob.p.current', { v: data.current.version, d: data.businessDate }) : undefined}
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        <Form<LobbyParamValues> form={form} layout="inline" disabled={!editable} data-testid="lobby-params-form">
          <Form.Item name="effectiveFrom" label={t('lob.p.effectiveFrom')} rules={[{ required: true }]}>
            <Input style={{ width: 130 }} maxLength={10} />
          </Form.Item>
          <Form.Item name="daysAhead" label={t('lob.p.daysAhead')} rules={[{ required: true }]}>
            <InputNumber min={1} max={180} precision={0} />
          </Form.Item>
          <Form.Item name="taskExpiryDays" label={t('lob.p.expiry')} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} precision={0} />
          </Form.Item>
          {editable && (
            <Form.Item>
              <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="lobby-params-submit">
                {t('lob.p.submit')}
              </Button>
            </Form.Item>
          )}
        </Form>
      </Card>
      <Card title={t('lob.p.history')}>
        <Table<LobbyParamsVersion> rowKey="version" columns={columns} dataSource={data?.history ?? []} pagination={false} size="small" />
      </Card>
    </>
  );
}
