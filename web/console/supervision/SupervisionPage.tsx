/**
 * 典型与问责 (issue 15 §3): three tabs — the interviews and statements of bottom-ranked units (list, export,
 * a form with the attendees picker and the commitments editor; the detail page holds the follow-ups), the
 * exemplars (recorded as drafts, edited, published) and the one accountability register (543 breaches and
 * manual records, filters, totals, export; a manual record entered, a proposed one confirmed or waived).
 */
import { useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router-dom';
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
  Tabs,
  Typography,
  type TableColumnsType,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { BranchTreeSelect, useBranches } from '../access/branchTree';
import { useI18n } from '../i18n';
import { useCan, useUser } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  ACCOUNTABILITY_KINDS,
  ACCOUNTABILITY_STATUSES,
  EXEMPLAR_STATUSES,
  INTERVIEW_KINDS,
  INTERVIEW_STATUSES,
  MANUAL_ACCOUNTABILITY_KINDS,
  supervisionApi,
  type AccountabilityItem,
  type AccountabilityKind,
  type AccountabilityStatus,
  type AccountabilityTotals,
  type ExemplarItem,
  type ExemplarStatus,
  type InterviewItem,
  type InterviewKind,
  type InterviewStatus,
  type UnitKind,
} from './api';
import { ACCOUNTABILITY_TONES, dateOf, dayOf, EXEMPLAR_TONES, INTERVIEW_TONES, useBusinessDate, useStaffOptions } from './parts';

export function SupervisionPage() {
  const { t } = useI18n();
  const tabs = [
    { key: 'interviews', label: <span data-testid="sup-tab-interviews">{t('sup.tab.interviews')}</span>, children: <Interviews /> },
    { key: 'exemplars', label: <span data-testid="sup-tab-exemplars">{t('sup.tab.exemplars')}</span>, children: <Exemplars /> },
    {
      key: 'accountability',
      label: <span data-testid="sup-tab-accountability">{t('sup.tab.accountability')}</span>,
      children: <Register />,
    },
  ];
  return (
    <>
      <PageHeader title={t('sup.title')} subtitle={t('sup.subtitle')} />
      <Tabs items={tabs} destroyOnHidden />
    </>
  );
}

type RangeFilters = { from?: string; to?: string; branchId?: string };

function RangeFilter<F extends RangeFilters>({ draft, setDraft }: { draft: F; setDraft: (u: (d: F) => F) => void }) {
  const { t } = useI18n();
  return (
    <DatePicker.RangePicker
      value={draft.from && draft.to ? [dayjs(draft.from), dayjs(draft.to)] : null}
      placeholder={[t('sup.from'), t('sup.to')]}
      onChange={(v) => setDraft((f) => ({ ...f, from: v?.[0] ? dateOf(v[0]) : undefined, to: v?.[1] ? dateOf(v[1]) : undefined }))}
    />
  );
}

/** The unit fields of a form: a branch (tree) or a staff member (select); a branch head's branch-level choice is refused by the server. */
function UnitFields({ unitKind, allowBranch = true }: { unitKind: UnitKind; allowBranch?: boolean }) {
  const { t } = useI18n();
  const staff = useStaffOptions();
  const branches = useBranches();
  return (
    <>
      <Form.Item name="unitKind" label={t('sup.unitKind')} rules={[{ required: true }]}>
        <Segmented<UnitKind>
          options={(allowBranch ? (['STAFF', 'BRANCH'] as const) : (['STAFF'] as const)).map((k) => ({
            value: k,
            label: t(`sup.unitKind.${k}`),
          }))}
          data-testid="sup-unit-kind"
        />
      </Form.Item>
      {unitKind === 'STAFF' ? (
        <Form.Item name="staffId" label={t('sup.staff')} rules={[{ required: true }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={staff} data-testid="sup-unit-staff" />
        </Form.Item>
      ) : (
        <Form.Item name="branchId" label={t('sup.branch')} rules={[{ required: true }]}>
          <BranchTreeSelect branches={branches.data?.items} disableInactive data-testid="sup-unit-branch" />
        </Form.Item>
      )}
    </>
  );
}

const unitOf = (v: { unitKind: UnitKind; staffId?: number; branchId?: string }) =>
  v.unitKind === 'STAFF' ? { unitKind: v.unitKind, staffId: v.staffId } : { unitKind: v.unitKind, branchId: Number(v.branchId) };

// ---------- interviews and statements ----------

type InterviewFilters = RangeFilters & { kind?: InterviewKind; status?: InterviewStatus };

interface InterviewForm {
  kind: InterviewKind;
  unitKind: UnitKind;
  staffId?: number;
  branchId?: string;
  period: [Dayjs, Dayjs];
  rankNote?: string;
  heldOn: Dayjs;
  summary: string;
  attendeeStaffIds: number[];
  externalAttendees: string[];
  commitments: Array<{ text: string; dueDate: Dayjs }>;
}

function Interviews() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const list = usePagedQuery<InterviewItem, InterviewFilters>(
    (q, signal) => supervisionApi.interviews({ ...q, branchId: q.branchId ? Number(q.branchId) : undefined }, signal),
    { onError: showError },
  );
  const { draft, setDraft, search, reset, reload } = list;
  const [open, setOpen] = useState(false);
  const columns: TableColumnsType<InterviewItem> = [
    { title: t('sup.id'), dataIndex: 'id', width: 70, fixed: 'left' },
    { title: t('sup.kind'), dataIndex: 'kind', width: 90, render: (v: InterviewKind) => t(`sup.kind.${v}`) },
    { title: t('sup.iv.heldOn'), dataIndex: 'heldOn', width: 110 },
    {
      title: t('sup.unit'),
      dataIndex: 'unitName',
      width: 180,
      render: (v: string, r) => (
        <Link to={`/supervision/interviews/${r.id}`} data-testid={`sup-interview-link-${r.id}`}>
          {v}
        </Link>
      ),
    },
    { title: t('sup.period'), key: 'period', width: 200, render: (_: unknown, r) => `${r.periodFrom} ~ ${r.periodTo}` },
    { title: t('sup.iv.rankNote'), dataIndex: 'rankNote', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('sup.iv.commitments'), dataIndex: 'commitmentsTotal', width: 90, align: 'right' },
    { title: t('sup.iv.open'), dataIndex: 'commitmentsOpen', width: 80, align: 'right' },
    { title: t('sup.iv.nextDue'), dataIndex: 'nextDueDate', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('sup.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: InterviewStatus, r) => (
        <StatusTag tone={INTERVIEW_TONES[v]} data={{ status: v }} testId={`sup-interview-status-${r.id}`}>
          {t(`sup.iv.status.${v}`)}
        </StatusTag>
      ),
    },
    { title: t('sup.recordedBy'), dataIndex: ['recordedBy', 'name'], width: 90 },
  ];
  return (
    <Card>
      <PagedTable<InterviewItem, InterviewFilters>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="supervision-interviews"
        testId="sup-interviews-table"
        emptyText={t('sup.empty')}
        scroll={{ x: 1300 }}
        exportTo={{ path: '/api/v1/supervision/interviews', filename: t('sup.tab.interviews'), onError: showError }}
        onRow={(r) => ({
          ...tid<HTMLAttributes<HTMLElement>>(`sup-interview-${r.id}`),
          onDoubleClick: () => navigate(`/supervision/interviews/${r.id}`),
        })}
        toolbar={
          <>
            <Select<InterviewKind>
              allowClear
              style={{ width: 120 }}
              placeholder={t('sup.kind')}
              value={draft.kind}
              onChange={(v) => setDraft((f) => ({ ...f, kind: v ?? undefined }))}
              options={INTERVIEW_KINDS.map((k) => ({ value: k, label: t(`sup.kind.${k}`) }))}
            />
            <Select<InterviewStatus>
              allowClear
              style={{ width: 110 }}
              placeholder={t('sup.status')}
              value={draft.status}
              onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
              options={INTERVIEW_STATUSES.map((s) => ({ value: s, label: t(`sup.iv.status.${s}`) }))}
            />
            <RangeFilter draft={draft} setDraft={setDraft} />
            <Button type="primary" onClick={() => search()}>
              {t('common.search')}
            </Button>
            <Button onClick={reset}>{t('common.reset')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            {can('supervision:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="sup-interview-new">
                {t('sup.iv.new')}
              </Button>
            )}
          </>
        }
      />
      {open && (
        <InterviewModal
          onClose={(created) => {
            setOpen(false);
            if (created) reload();
          }}
        />
      )}
    </Card>
  );
}

function InterviewModal({ onClose }: { onClose: (created: boolean) => void }) {
  const { t } = useI18n();
  const user = useUser();
  const D = useBusinessDate();
  const staff = useStaffOptions();
  const [form] = Form.useForm<InterviewForm>();
  const unitKind = Form.useWatch('unitKind', form) ?? 'STAFF';
  const [saving, setSaving] = useState(false);
  if (!D) return null;
  const today = dayjs(D);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await supervisionApi.createInterview({
        kind: v.kind,
        ...unitOf(v),
        periodFrom: dateOf(v.period[0]),
        periodTo: dateOf(v.period[1]),
        rankNote: v.rankNote?.trim() || undefined,
        heldOn: dateOf(v.heldOn),
        summary: v.summary,
        attendeeStaffIds: v.attendeeStaffIds ?? [],
        externalAttendees: v.externalAttendees ?? [],
        commitments: v.commitments.map((c) => ({ text: c.text, dueDate: dateOf(c.dueDate) })),
      });
      showSuccess(t('sup.iv.recorded'));
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={t('sup.iv.new')}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t('sup.save')}
      cancelText={t('sup.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'sup-interview-submit' } as never}
      destroyOnHidden
    >
      <Form<InterviewForm>
        form={form}
        layout="vertical"
        data-testid="sup-interview-form"
        initialValues={{
          kind: 'INTERVIEW',
          unitKind: 'STAFF',
          period: [today.subtract(3, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')],
          heldOn: today,
          attendeeStaffIds: [user.id],
          externalAttendees: [],
          commitments: [{ text: '', dueDate: today.add(30, 'day') }],
        }}
      >
        <Form.Item name="kind" label={t('sup.kind')} rules={[{ required: true }]}>
          <Segmented<InterviewKind>
            options={INTERVIEW_KINDS.map((k) => ({ value: k, label: t(`sup.kind.${k}`) }))}
            data-testid="sup-iv-kind"
          />
        </Form.Item>
        <UnitFields unitKind={unitKind} allowBranch={user.scope === 'BANK'} />
        <Space wrap>
          <Form.Item name="period" label={t('sup.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="rankNote" label={t('sup.iv.rankNote')}>
            <Input maxLength={100} placeholder={t('sup.iv.rankNote.placeholder')} data-testid="sup-iv-rank" />
          </Form.Item>
          <Form.Item name="heldOn" label={t('sup.iv.heldOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="sup-iv-held-on" />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label={t('sup.iv.summary')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="sup-iv-summary" />
        </Form.Item>
        <Form.Item name="attendeeStaffIds" label={t('sup.iv.attendees')}>
          <Select<number[]> mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={staff} data-testid="sup-iv-attendees" />
        </Form.Item>
        <Form.Item name="externalAttendees" label={t('sup.iv.external')}>
          <Select<string[]> mode="tags" open={false} placeholder={t('sup.iv.external.placeholder')} data-testid="sup-iv-external" />
        </Form.Item>
        <Typography.Text strong>{t('sup.iv.commitments')}</Typography.Text>
        <Form.List name="commitments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true }]}>
                    <Input
                      style={{ width: 420 }}
                      maxLength={500}
                      placeholder={t('sup.iv.commitment')}
                      data-testid={`sup-iv-commitment-${f.name}`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true }]}>
                    <DatePicker placeholder={t('sup.iv.due')} data-testid={`sup-iv-due-${f.name}`} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ text: '', dueDate: today.add(30, 'day') })}
                data-testid="sup-iv-add-commitment"
              >
                {t('sup.iv.addCommitment')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

// ---------- exemplars ----------

type ExemplarFilters = RangeFilters & { status?: ExemplarStatus };

interface ExemplarForm {
  unitKind: UnitKind;
  staffId?: number;
  branchId?: string;
  title: string;
  story: string;
  period: [Dayjs, Dayjs];
  exemplarDate: Dayjs;
}

function Exemplars() {
  const { t } = useI18n();
  const can = useCan();
  const list = usePagedQuery<ExemplarItem, ExemplarFilters>(
    (q, signal) => supervisionApi.exemplars({ ...q, branchId: q.branchId ? Number(q.branchId) : undefined }, signal),
    { onError: showError },
  );
  const { draft, setDraft, search, reset, reload } = list;
  const [editing, setEditing] = useState<ExemplarItem | 'new' | null>(null);
  const [viewing, setViewing] = useState<ExemplarItem | null>(null);
  const publish = (r: ExemplarItem) =>
    Modal.confirm({
      title: `${t('sup.ex.publish')}：${r.title}`,
      onOk: async () => {
        try {
          await supervisionApi.publishExemplar(r.id);
          showSuccess(t('sup.ex.published'));
          reload();
        } catch (e) {
          showError(e);
        }
      },
    });
  const columns: TableColumnsType<ExemplarItem> = [
    { title: t('sup.id'), dataIndex: 'id', width: 70, fixed: 'left' },
    { title: t('sup.ex.date'), dataIndex: 'exemplarDate', width: 110 },
    { title: t('sup.unit'), dataIndex: 'unitName', width: 180 },
    {
      title: t('sup.ex.title'),
      dataIndex: 'title',
      width: 240,
      render: (v: string, r) => (
        <Typography.Link onClick={() => setViewing(r)} data-testid={`sup-exemplar-title-${r.id}`}>
          {v}
        </Typography.Link>
      ),
    },
    { title: t('sup.period'), key: 'period', width: 200, render: (_: unknown, r) => `${r.periodFrom} ~ ${r.periodTo}` },
    {
      title: t('sup.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: ExemplarStatus, r) => (
        <StatusTag tone={EXEMPLAR_TONES[v]} data={{ status: v }} testId={`sup-exemplar-status-${r.id}`}>
          {t(`sup.ex.status.${v}`)}
        </StatusTag>
      ),
    },
    { title: t('sup.recordedBy'), dataIndex: ['recordedBy', 'name'], width: 90 },
    { title: t('sup.ex.publishedBy'), key: 'publishedBy', width: 90, render: (_: unknown, r) => r.publishedBy?.name ?? '—' },
    ...(can('supervision:write')
      ? [
          {
            title: '',
            key: 'act',
            width: 140,
            fixed: 'right' as const,
            render: (_: unknown, r: ExemplarItem) =>
              r.status === 'DRAFT' ? (
                <Space>
                  <Button size="small" onClick={() => setEditing(r)} data-testid={`sup-exemplar-edit-${r.id}`}>
                    {t('sup.ex.edit')}
                  </Button>
                  <Button size="small" type="primary" onClick={() => publish(r)} data-testid={`sup-exemplar-publish-${r.id}`}>
                    {t('sup.ex.publish')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Card>
      <PagedTable<ExemplarItem, ExemplarFilters>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="supervision-exemplars"
        testId="sup-exemplars-table"
        emptyText={t('sup.empty')}
        scroll={{ x: 1300 }}
        exportTo={{ path: '/api/v1/supervision/exemplars', filename: t('sup.tab.exemplars'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`sup-exemplar-${r.id}`)}
        toolbar={
          <>
            <Select<ExemplarStatus>
              allowClear
              style={{ width: 110 }}
              placeholder={t('sup.status')}
              value={draft.status}
              onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
              options={EXEMPLAR_STATUSES.map((s) => ({ value: s, label: t(`sup.ex.status.${s}`) }))}
            />
            <RangeFilter draft={draft} setDraft={setDraft} />
            <Button type="primary" onClick={() => search()}>
              {t('common.search')}
            </Button>
            <Button onClick={reset}>{t('common.reset')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            {can('supervision:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="sup-exemplar-new">
                {t('sup.ex.new')}
              </Button>
            )}
          </>
        }
      />
      {editing && (
        <ExemplarModal
          item={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      )}
      <Modal open={viewing !== null} title={viewing?.title} footer={null} onCancel={() => setViewing(null)} width={640}>
        {viewing && (
          <>
            <Typography.Paragraph type="secondary">
              {viewing.unitName} · {viewing.periodFrom} ~ {viewing.periodTo} · {viewing.exemplarDate}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{viewing.story}</Typography.Paragraph>
          </>
        )}
      </Modal>
    </Card>
  );
}

function ExemplarModal({ item, onClose }: { item: ExemplarItem | null; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const D = useBusinessDate();
  const [form] = Form.useForm<ExemplarForm>();
  const unitKind = Form.useWatch('unitKind', form) ?? item?.unitKind ?? 'STAFF';
  const [saving, setSaving] = useState(false);
  if (!D) return null;
  const today = dayjs(D);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const body = {
        ...unitOf(v),
        title: v.title,
        story: v.story,
        periodFrom: dateOf(v.period[0]),
        periodTo: dateOf(v.period[1]),
        exemplarDate: dateOf(v.exemplarDate),
      };
      if (item) await supervisionApi.updateExemplar(item.id, body);
      else await supervisionApi.createExemplar(body);
      showSuccess(t('sup.saved'));
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={680}
      title={item ? `${t('sup.ex.edit')}：${item.title}` : t('sup.ex.new')}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t('sup.save')}
      cancelText={t('sup.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'sup-exemplar-submit' } as never}
      destroyOnHidden
    >
      <Form<ExemplarForm>
        form={form}
        layout="vertical"
        initialValues={
          item
            ? {
                unitKind: item.unitKind,
                staffId: item.staff?.id,
                branchId: item.staff ? undefined : String(item.branch.id),
                title: item.title,
                story: item.story,
                period: [dayOf(item.periodFrom)!, dayOf(item.periodTo)!],
                exemplarDate: dayOf(item.exemplarDate)!,
              }
            : { unitKind: 'STAFF', period: [today.subtract(3, 'month').startOf('month'), today], exemplarDate: today }
        }
      >
        <UnitFields unitKind={unitKind} />
        <Form.Item name="title" label={t('sup.ex.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="sup-exemplar-title" />
        </Form.Item>
        <Form.Item name="story" label={t('sup.ex.story')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={5} maxLength={5000} data-testid="sup-exemplar-story" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="period" label={t('sup.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="exemplarDate" label={t('sup.ex.date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

// ---------- the accountability register ----------

type RegisterFilters = RangeFilters & { kind?: AccountabilityKind; status?: AccountabilityStatus; staffId?: number };

interface AccountabilityForm {
  kind: (typeof MANUAL_ACCOUNTABILITY_KINDS)[number];
  staffId: number;
  businessDate: Dayjs;
  description: string;
  /** Yuan as typed (string mode: no float in between). */
  penalty: string;
  status: 'PROPOSED' | 'CONFIRMED';
}

function Register() {
  const { t } = useI18n();
  const can = useCan();
  const branches = useBranches();
  const staff = useStaffOptions();
  const [totals, setTotals] = useState<AccountabilityTotals | null>(null);
  const list = usePagedQuery<AccountabilityItem, RegisterFilters>(
    async (q, signal) => {
      const page = await supervisionApi.accountability({ ...q, branchId: q.branchId ? Number(q.branchId) : undefined }, signal);
      setTotals(page.totals);
      return page;
    },
    { onError: showError },
  );
  const { draft, setDraft, search, reset, reload } = list;
  const [recording, setRecording] = useState(false);
  const [waiving, setWaiving] = useState<AccountabilityItem | null>(null);
  const [reason, setReason] = useState('');
  const decide = async (r: AccountabilityItem, decision: 'CONFIRM' | 'WAIVE', why?: string) => {
    try {
      await supervisionApi.decideAccountability(r.id, { decision, reason: why });
      showSuccess(t('sup.saved'));
      setWaiving(null);
      reload();
    } catch (e) {
      showError(e);
    }
  };
  const columns: TableColumnsType<AccountabilityItem> = [
    { title: t('sup.id'), dataIndex: 'id', width: 80, fixed: 'left' },
    { title: t('sup.acc.date'), dataIndex: 'businessDate', width: 110 },
    { title: t('sup.kind'), dataIndex: 'kind', width: 120, render: (v: AccountabilityKind) => t(`sup.acc.kind.${v}`) },
    { title: t('sup.branch'), key: 'branch', width: 120, render: (_: unknown, r) => r.branch?.name ?? '—' },
    { title: t('sup.acc.person'), dataIndex: ['staff', 'name'], width: 90 },
    { title: t('sup.acc.description'), dataIndex: 'description', width: 240 },
    {
      title: t('sup.acc.penalty'),
      dataIndex: 'penalty',
      width: 120,
      align: 'right',
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    {
      title: t('sup.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: AccountabilityStatus, r) => (
        <StatusTag tone={ACCOUNTABILITY_TONES[v]} data={{ status: v }} testId={`sup-acc-status-${r.id}`}>
          {t(`sup.acc.status.${v}`)}
        </StatusTag>
      ),
    },
    { title: t('sup.acc.reason'), dataIndex: 'reason', width: 160, render: (v: string | null) => v ?? '—' },
    { title: t('sup.recordedBy'), key: 'recordedBy', width: 100, render: (_: unknown, r) => r.recordedBy?.name ?? t('sup.acc.system') },
    ...(can('supervision:write')
      ? [
          {
            title: '',
            key: 'act',
            width: 140,
            fixed: 'right' as const,
            render: (_: unknown, r: AccountabilityItem) =>
              r.kind !== 'SLA_543' && r.status === 'PROPOSED' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => void decide(r, 'CONFIRM')} data-testid={`sup-acc-confirm-${r.id}`}>
                    {t('sup.acc.confirm')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => {
                      setWaiving(r);
                      setReason('');
                    }}
                    data-testid={`sup-acc-waive-${r.id}`}
                  >
                    {t('sup.acc.waive')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Card>
      {totals && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sup-acc-totals"
          message={t('sup.acc.totals', {
            count: totals.count,
            penaltyCount: totals.penaltyCount,
            amount: totals.penaltyAmount,
            proposed: totals.proposed,
            waived: totals.waived,
          })}
        />
      )}
      <PagedTable<AccountabilityItem, RegisterFilters>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="supervision-accountability"
        testId="sup-acc-table"
        emptyText={t('sup.empty')}
        scroll={{ x: 1400 }}
        exportTo={{ path: '/api/v1/supervision/accountability', filename: t('sup.tab.accountability'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`sup-acc-${r.id}`)}
        toolbar={
          <>
            <Select<AccountabilityKind>
              allowClear
              style={{ width: 140 }}
              placeholder={t('sup.kind')}
              value={draft.kind}
              onChange={(v) => setDraft((f) => ({ ...f, kind: v ?? undefined }))}
              options={ACCOUNTABILITY_KINDS.map((k) => ({ value: k, label: t(`sup.acc.kind.${k}`) }))}
              data-testid="sup-acc-filter-kind"
            />
            <Select<AccountabilityStatus>
              allowClear
              style={{ width: 110 }}
              placeholder={t('sup.status')}
              value={draft.status}
              onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
              options={ACCOUNTABILITY_STATUSES.map((s) => ({ value: s, label: t(`sup.acc.status.${s}`) }))}
            />
            <BranchTreeSelect
              style={{ width: 180 }}
              placeholder={t('sup.branch')}
              branches={branches.data?.items}
              value={draft.branchId}
              onChange={(v) => setDraft((f) => ({ ...f, branchId: v }))}
            />
            <Select<number>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 160 }}
              placeholder={t('sup.acc.person')}
              value={draft.staffId}
              onChange={(v) => setDraft((f) => ({ ...f, staffId: v ?? undefined }))}
              options={staff}
            />
            <RangeFilter draft={draft} setDraft={setDraft} />
            <Button type="primary" onClick={() => search()}>
              {t('common.search')}
            </Button>
            <Button onClick={reset}>{t('common.reset')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            {can('supervision:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="sup-acc-new">
                {t('sup.acc.new')}
              </Button>
            )}
          </>
        }
      />
      {recording && (
        <AccountabilityModal
          onClose={(saved) => {
            setRecording(false);
            if (saved) reload();
          }}
        />
      )}
      <Modal
        open={waiving !== null}
        title={t('sup.acc.waive')}
        onCancel={() => setWaiving(null)}
        onOk={() => waiving && void decide(waiving, 'WAIVE', reason.trim())}
        okButtonProps={{ disabled: !reason.trim() }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('sup.acc.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

function AccountabilityModal({ onClose }: { onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const D = useBusinessDate();
  const staff = useStaffOptions();
  const [form] = Form.useForm<AccountabilityForm>();
  const [saving, setSaving] = useState(false);
  if (!D) return null;
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await supervisionApi.recordAccountability({
        kind: v.kind,
        staffId: v.staffId,
        businessDate: dateOf(v.businessDate),
        description: v.description,
        penalty: String(v.penalty),
        status: v.status,
      });
      showSuccess(t('sup.saved'));
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('sup.acc.new')}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t('sup.save')}
      cancelText={t('sup.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'sup-acc-submit' } as never}
      destroyOnHidden
    >
      <Form<AccountabilityForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'COLLECTION', businessDate: dayjs(D), penalty: '0.00', status: 'CONFIRMED' }}
      >
        <Form.Item name="kind" label={t('sup.kind')} rules={[{ required: true }]}>
          <Select options={MANUAL_ACCOUNTABILITY_KINDS.map((k) => ({ value: k, label: t(`sup.acc.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="staffId" label={t('sup.acc.person')} rules={[{ required: true }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={staff} data-testid="sup-acc-staff" />
        </Form.Item>
        <Form.Item name="businessDate" label={t('sup.acc.date')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="description" label={t('sup.acc.description')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="sup-acc-description" />
        </Form.Item>
        <Form.Item name="penalty" label={t('sup.acc.penalty')} rules={[{ required: true }]}>
          <InputNumber<string> stringMode min="0" precision={2} style={{ width: 160 }} data-testid="sup-acc-penalty" />
        </Form.Item>
        <Form.Item name="status" label={t('sup.acc.recordStatus')}>
          <Segmented options={(['CONFIRMED', 'PROPOSED'] as const).map((s) => ({ value: s, label: t(`sup.acc.status.${s}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
