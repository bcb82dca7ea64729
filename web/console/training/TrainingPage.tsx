/**
 * 培训与考试 (issue 15 §4): training sessions in scope with their attendance (签到), the question banks and
 * their questions, the papers with their results and score distribution (ECharts), and each staff
 * member's training record — every list paged and exported to Excel. Staff take the exams on the mobile
 * workbench (/m/staff/exams); the server scores them.
 */
import { useMemo, useState, type HTMLAttributes } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  type TableColumnsType,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan, useUser } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { Chart } from '../risk/Chart';
import {
  QUESTION_KINDS,
  trainingApi,
  type PaperInput,
  type PaperItem,
  type QuestionItem,
  type QuestionKind,
  type RecordItem,
  type ResultItem,
  type SessionItem,
} from './api';

export function TrainingPage() {
  const { t } = useI18n();
  const tabs = [
    { key: 'sessions', label: <span data-testid="training-tab-sessions">{t('trn.tab.sessions')}</span>, children: <Sessions /> },
    { key: 'banks', label: <span data-testid="training-tab-banks">{t('trn.tab.banks')}</span>, children: <Banks /> },
    { key: 'papers', label: <span data-testid="training-tab-papers">{t('trn.tab.papers')}</span>, children: <Papers /> },
    { key: 'records', label: <span data-testid="training-tab-records">{t('trn.tab.records')}</span>, children: <Records /> },
  ];
  return (
    <>
      <PageHeader title={t('trn.title')} subtitle={t('trn.subtitle')} />
      <Tabs items={tabs} destroyOnHidden />
    </>
  );
}

/** Staff in the actor's scope to pick from, when they may list staff. */
function useStaffOptions() {
  const can = useCan();
  const may = can('staff:read');
  const { data } = useAsync((signal) => trainingApi.staff(signal), [may], { enabled: may, onError: showError });
  return (data?.items ?? []).filter((s) => s.status === 'ACTIVE').map((s) => ({ value: s.id, label: `${s.name}（${s.branchName}）` }));
}

// ---------- sessions ----------

interface SessionForm {
  topic: string;
  trainerName: string;
  sessionDate: string;
  place: string;
  durationMinutes: number;
  scope: 'bank' | 'branch';
}

function Sessions() {
  const { t } = useI18n();
  const can = useCan();
  const user = useUser();
  const list = usePagedQuery<SessionItem, Record<string, never>>((q, signal) => trainingApi.sessions(q, signal), { onError: showError });
  const [creating, setCreating] = useState(false);
  const [attending, setAttending] = useState<SessionItem | null>(null);
  const [form] = Form.useForm<SessionForm>();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await trainingApi.createSession({
        topic: v.topic,
        trainerName: v.trainerName,
        sessionDate: v.sessionDate,
        place: v.place,
        durationMinutes: v.durationMinutes,
        branchId: v.scope === 'bank' ? null : user.branchId,
      });
      showSuccess(t('trn.created'));
      setCreating(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  const columns: TableColumnsType<SessionItem> = [
    { title: t('trn.id'), dataIndex: 'id', width: 70 },
    { title: t('trn.date'), dataIndex: 'sessionDate', width: 110 },
    { title: t('trn.topic'), dataIndex: 'topic', width: 220 },
    { title: t('trn.trainer'), dataIndex: 'trainerName', width: 120 },
    { title: t('trn.place'), dataIndex: 'place', width: 140 },
    { title: t('trn.duration'), dataIndex: 'durationMinutes', width: 100, align: 'right' },
    { title: t('trn.scope'), key: 'scope', width: 120, render: (_: unknown, r) => r.branch?.name ?? t('trn.scope.bank') },
    { title: t('trn.present'), dataIndex: 'present', width: 80, align: 'right' },
    { title: t('trn.absent'), dataIndex: 'absent', width: 80, align: 'right' },
    {
      title: '',
      key: 'act',
      width: 90,
      render: (_: unknown, r) => (
        <Button size="small" onClick={() => setAttending(r)} data-testid={`training-attendance-${r.id}`}>
          {t('trn.attendance')}
        </Button>
      ),
    },
  ];
  return (
    <Card>
      <PagedTable<SessionItem, Record<string, never>>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey="training-sessions"
        testId="training-sessions-table"
        emptyText={t('trn.empty')}
        scroll={{ x: 1100 }}
        exportTo={{ path: '/api/v1/training/sessions', filename: t('trn.tab.sessions'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`training-session-${r.id}`)}
        toolbar={
          <>
            {can('training:write') && (
              <Button type="primary" onClick={() => setCreating(true)} data-testid="training-session-new">
                {t('trn.newSession')}
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </>
        }
      />
      <Modal open={creating} title={t('trn.newSession')} onCancel={() => setCreating(false)} onOk={() => void save()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ scope: 'branch', durationMinutes: 90 }}>
          <Form.Item name="topic" label={t('trn.topic')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="trainerName" label={t('trn.trainerName')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="sessionDate" label={t('trn.date')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="place" label={t('trn.place')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('trn.duration')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1440} />
          </Form.Item>
          <Form.Item name="scope" label={t('trn.scope')}>
            <Radio.Group
              options={[
                { value: 'branch', label: t('trn.scope.branch') },
                { value: 'bank', label: t('trn.scope.bank') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
      {attending && <Attendance session={attending} onClose={() => (setAttending(null), list.reload())} />}
    </Card>
  );
}

function Attendance({ session, onClose }: { session: SessionItem; onClose: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const staffOptions = useStaffOptions();
  const { data, reload } = useAsync((signal) => trainingApi.session(session.id, signal), [session.id], { onError: showError });
  const [staffIds, setStaffIds] = useState<number[]>([]);
  const [present, setPresent] = useState(true);
  const mark = async () => {
    try {
      await trainingApi.attendance(session.id, { entries: staffIds.map((staffId) => ({ staffId, present })) });
      setStaffIds([]);
      reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Modal open title={t('trn.attendance.title', { topic: session.topic })} onCancel={onClose} footer={null} width={640}>
      {can('training:write') && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Select
            mode="multiple"
            style={{ width: 320 }}
            placeholder={t('trn.attendance.staff')}
            options={staffOptions}
            value={staffIds}
            onChange={setStaffIds}
            optionFilterProp="label"
            data-testid="training-attendance-staff"
          />
          <Radio.Group
            value={present}
            onChange={(e) => setPresent(e.target.value as boolean)}
            options={[
              { value: true, label: t('trn.attendance.presentYes') },
              { value: false, label: t('trn.attendance.presentNo') },
            ]}
          />
          <Button type="primary" disabled={staffIds.length === 0} onClick={() => void mark()} data-testid="training-attendance-mark">
            {t('trn.attendance.mark')}
          </Button>
        </Space>
      )}
      <Table
        size="small"
        rowKey="staffId"
        pagination={false}
        dataSource={data?.attendance ?? []}
        columns={[
          { title: t('trn.attendance.staff'), dataIndex: 'staffName' },
          { title: t('trn.r.branch'), dataIndex: 'branchName' },
          {
            title: t('trn.present'),
            dataIndex: 'present',
            render: (v: boolean) => (
              <Tag color={v ? 'green' : 'default'}>{v ? t('trn.attendance.presentYes') : t('trn.attendance.presentNo')}</Tag>
            ),
          },
          { title: t('trn.attendance.markedAt'), dataIndex: 'markedAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Modal>
  );
}

// ---------- banks and questions ----------

interface QuestionForm {
  kind: QuestionKind;
  stem: string;
  options?: string;
  answer: number[];
  explanation?: string;
}

function Banks() {
  const { t } = useI18n();
  const can = useCan();
  const { data: banks, reload: reloadBanks } = useAsync((signal) => trainingApi.banks(signal), [], { onError: showError });
  const [bankId, setBankId] = useState<number | undefined>();
  const { data: questions, reload } = useAsync(
    (signal) => (bankId ? trainingApi.questions(bankId, signal) : Promise.resolve({ items: [] as QuestionItem[] })),
    [bankId],
    { onError: showError },
  );
  const [name, setName] = useState('');
  const [form] = Form.useForm<QuestionForm>();
  const kind = Form.useWatch('kind', form);
  const optionText = Form.useWatch('options', form);
  const optionList = kind === 'TRUE_FALSE' ? ['正确', '错误'] : (optionText ?? '').split('\n').filter((o) => o.trim());
  const createBank = async () => {
    try {
      const b = await trainingApi.createBank({ name: name.trim() });
      setName('');
      reloadBanks();
      setBankId(b.id);
    } catch (e) {
      showError(e);
    }
  };
  const add = async () => {
    const v = await form.validateFields();
    if (!bankId) return;
    try {
      await trainingApi.addQuestion(bankId, {
        kind: v.kind,
        stem: v.stem,
        ...(v.kind === 'TRUE_FALSE' ? {} : { options: optionList.map((o) => o.trim()) }),
        answer: v.answer,
        ...(v.explanation?.trim() ? { explanation: v.explanation.trim() } : {}),
      });
      form.resetFields();
      reload();
      reloadBanks();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          style={{ width: 280 }}
          placeholder={t('trn.bank.pick')}
          value={bankId}
          onChange={setBankId}
          options={(banks?.items ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.questions}）` }))}
          data-testid="training-bank-select"
        />
        {can('training:write') && (
          <>
            <Input style={{ width: 220 }} placeholder={t('trn.bank.name')} value={name} onChange={(e) => setName(e.target.value)} />
            <Button disabled={!name.trim()} onClick={() => void createBank()} data-testid="training-bank-new">
              {t('trn.bank.new')}
            </Button>
          </>
        )}
      </Space>
      <Table<QuestionItem>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={questions?.items ?? []}
        locale={{ emptyText: <Empty description={t('trn.empty')} /> }}
        columns={[
          { title: t('trn.id'), dataIndex: 'id', width: 70 },
          { title: t('trn.q.kind'), dataIndex: 'kind', width: 90, render: (v: QuestionKind) => t(`trn.q.kind.${v}`) },
          { title: t('trn.q.stem'), dataIndex: 'stem' },
          {
            title: t('trn.q.options'),
            key: 'options',
            render: (_: unknown, r) => r.options.map((o, i) => `${String.fromCharCode(65 + i)}. ${o}`).join('　'),
          },
          {
            title: t('trn.q.answer'),
            key: 'answer',
            width: 90,
            render: (_: unknown, r) => r.answer.map((i) => String.fromCharCode(65 + i)).join(''),
          },
          { title: t('trn.q.explanation'), dataIndex: 'explanation' },
        ]}
      />
      {bankId && can('training:write') && (
        <Card size="small" title={t('trn.q.add')} style={{ marginTop: 12 }}>
          <Form form={form} layout="vertical" initialValues={{ kind: 'SINGLE' }}>
            <Form.Item name="kind" label={t('trn.q.kind')}>
              <Radio.Group options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`trn.q.kind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="stem" label={t('trn.q.stem')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            {kind !== 'TRUE_FALSE' && (
              <Form.Item name="options" label={t('trn.q.options')} rules={[{ required: true }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
            )}
            <Form.Item name="answer" label={t('trn.q.answer')} rules={[{ required: true }]}>
              <Checkbox.Group options={optionList.map((o, i) => ({ value: i, label: `${String.fromCharCode(65 + i)}. ${o}` }))} />
            </Form.Item>
            <Form.Item name="explanation" label={t('trn.q.explanation')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Button type="primary" onClick={() => void add()} data-testid="training-question-add">
              {t('trn.q.add')}
            </Button>
          </Form>
        </Card>
      )}
    </Card>
  );
}

// ---------- papers, results and distribution ----------

interface PaperForm {
  title: string;
  sessionId?: number;
  bankId: number;
  questionIds?: number[];
  draw?: number;
  points: number;
  passScore: number;
  timeLimitMinutes: number;
  opensAt: string;
  closesAt: string;
  maxAttempts: number;
  scope: 'bank' | 'branch';
}

function Papers() {
  const { t } = useI18n();
  const can = useCan();
  const user = useUser();
  const list = usePagedQuery<PaperItem, Record<string, never>>((q, signal) => trainingApi.papers(q, signal), { onError: showError });
  const [selected, setSelected] = useState<PaperItem | null>(null);
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<PaperItem | null>(null);
  const { data: banks } = useAsync((signal) => trainingApi.banks(signal), [creating], { enabled: creating, onError: showError });
  const { data: sessions } = useAsync((signal) => trainingApi.sessions({ page: 1, pageSize: 200 }, signal), [creating], {
    enabled: creating,
    onError: showError,
  });
  const [form] = Form.useForm<PaperForm>();
  const bankId = Form.useWatch('bankId', form);
  const { data: questions } = useAsync(
    (signal) => (bankId ? trainingApi.questions(bankId, signal) : Promise.resolve({ items: [] as QuestionItem[] })),
    [bankId],
    { onError: showError },
  );
  const save = async () => {
    const v = await form.validateFields();
    const body: PaperInput = {
      title: v.title,
      ...(v.sessionId ? { sessionId: v.sessionId } : {}),
      branchId: v.scope === 'bank' ? null : user.branchId,
      passScore: v.passScore,
      timeLimitMinutes: v.timeLimitMinutes,
      opensAt: new Date(v.opensAt).toISOString(),
      closesAt: new Date(v.closesAt).toISOString(),
      maxAttempts: v.maxAttempts,
      ...(v.questionIds?.length ? { questions: v.questionIds.map((questionId) => ({ questionId, points: v.points })) } : {}),
      ...(v.draw ? { draw: { bankId: v.bankId, count: v.draw, points: v.points } } : {}),
    };
    try {
      await trainingApi.createPaper(body);
      showSuccess(t('trn.created'));
      setCreating(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  const columns: TableColumnsType<PaperItem> = [
    { title: t('trn.id'), dataIndex: 'id', width: 70 },
    { title: t('trn.paper.title'), dataIndex: 'title', width: 200 },
    { title: t('trn.paper.session'), key: 'session', width: 160, render: (_: unknown, r) => r.session?.topic ?? '—' },
    { title: t('trn.scope'), key: 'scope', width: 110, render: (_: unknown, r) => r.branch?.name ?? t('trn.scope.bank') },
    { title: t('trn.paper.questions'), dataIndex: 'questionCount', width: 70, align: 'right' },
    { title: t('trn.paper.total'), dataIndex: 'totalScore', width: 70, align: 'right' },
    { title: t('trn.paper.pass'), dataIndex: 'passScore', width: 80, align: 'right' },
    { title: t('trn.paper.limit'), dataIndex: 'timeLimitMinutes', width: 100, align: 'right' },
    { title: t('trn.paper.opens'), dataIndex: 'opensAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('trn.paper.closes'), dataIndex: 'closesAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('trn.paper.assigned'), dataIndex: 'assigned', width: 70, align: 'right' },
    { title: t('trn.paper.takers'), dataIndex: 'takers', width: 70, align: 'right' },
    { title: t('trn.paper.passed'), dataIndex: 'passed', width: 70, align: 'right' },
    {
      title: '',
      key: 'act',
      width: 190,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space>
          <Button size="small" onClick={() => setSelected(r)} data-testid={`training-paper-results-${r.id}`}>
            {t('trn.paper.results')}
          </Button>
          {can('training:write') && (
            <Button size="small" onClick={() => setAssigning(r)} data-testid={`training-paper-assign-${r.id}`}>
              {t('trn.paper.assign')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Card>
        <PagedTable<PaperItem, Record<string, never>>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="training-papers"
          testId="training-papers-table"
          emptyText={t('trn.empty')}
          scroll={{ x: 1600 }}
          exportTo={{ path: '/api/v1/training/papers', filename: t('trn.tab.papers'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`training-paper-${r.id}`)}
          toolbar={
            <>
              {can('training:write') && (
                <Button type="primary" onClick={() => setCreating(true)} data-testid="training-paper-new">
                  {t('trn.paper.new')}
                </Button>
              )}
              <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
            </>
          }
        />
      </Card>
      {selected && <Results key={selected.id} paper={selected} />}
      <Modal
        open={creating}
        title={t('trn.paper.new')}
        onCancel={() => setCreating(false)}
        onOk={() => void save()}
        width={640}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ points: 10, passScore: 60, timeLimitMinutes: 30, maxAttempts: 1, scope: 'branch' }}
        >
          <Form.Item name="title" label={t('trn.paper.title')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="sessionId" label={t('trn.paper.session')}>
            <Select allowClear options={(sessions?.items ?? []).map((s) => ({ value: s.id, label: `${s.sessionDate} ${s.topic}` }))} />
          </Form.Item>
          <Form.Item name="bankId" label={t('trn.paper.bank')} rules={[{ required: true }]}>
            <Select options={(banks?.items ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.questions}）` }))} />
          </Form.Item>
          <Form.Item name="questionIds" label={t('trn.paper.fixed')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(questions?.items ?? []).map((q) => ({ value: q.id, label: `#${q.id} ${q.stem}` }))}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item name="draw" label={t('trn.paper.draw')}>
              <InputNumber min={1} max={200} />
            </Form.Item>
            <Form.Item name="points" label={t('trn.paper.points')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100} />
            </Form.Item>
            <Form.Item name="passScore" label={t('trn.paper.pass')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="timeLimitMinutes" label={t('trn.paper.limit')} rules={[{ required: true }]}>
              <InputNumber min={1} max={600} />
            </Form.Item>
            <Form.Item name="maxAttempts" label={t('trn.paper.attempts')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="opensAt" label={t('trn.paper.opens')} rules={[{ required: true }]}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="closesAt" label={t('trn.paper.closes')} rules={[{ required: true }]}>
              <Input type="datetime-local" />
            </Form.Item>
          </Space>
          <Form.Item name="scope" label={t('trn.scope')}>
            <Radio.Group
              options={[
                { value: 'branch', label: t('trn.scope.branch') },
                { value: 'bank', label: t('trn.scope.bank') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
      {assigning && <Assign paper={assigning} onClose={() => (setAssigning(null), list.reload())} />}
    </>
  );
}

function Assign({ paper, onClose }: { paper: PaperItem; onClose: () => void }) {
  const { t } = useI18n();
  const staffOptions = useStaffOptions();
  const [staffIds, setStaffIds] = useState<number[]>([]);
  const [attendees, setAttendees] = useState(false);
  const save = async () => {
    try {
      const r = await trainingApi.assign(paper.id, { staffIds, ...(attendees ? { sessionAttendees: true } : {}) });
      showSuccess(t('trn.paper.assigned.done', { added: r.added, assigned: r.assigned }));
      onClose();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Modal open title={`${t('trn.paper.assign')}：${paper.title}`} onCancel={onClose} onOk={() => void save()}>
      <Select
        mode="multiple"
        style={{ width: '100%', marginBottom: 12 }}
        placeholder={t('trn.paper.assignStaff')}
        options={staffOptions}
        value={staffIds}
        onChange={setStaffIds}
        optionFilterProp="label"
      />
      {paper.session && (
        <Checkbox checked={attendees} onChange={(e) => setAttendees(e.target.checked)}>
          {t('trn.paper.assignAttendees')}
        </Checkbox>
      )}
    </Modal>
  );
}

function Results({ paper }: { paper: PaperItem }) {
  const { t } = useI18n();
  const list = usePagedQuery<ResultItem, { paperId: number }>((q, signal) => trainingApi.results(q, signal), {
    initialFilters: { paperId: paper.id },
    onError: showError,
  });
  const { data: dist } = useAsync((signal) => trainingApi.distribution(paper.id, signal), [paper.id], { onError: showError });
  const option = useMemo(
    () =>
      dist
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 20, top: 20, bottom: 30 },
            xAxis: { type: 'category', data: dist.buckets.map((b) => `${b.from}–${b.to}`) },
            yAxis: { type: 'value', minInterval: 1, name: t('trn.dist.count') },
            series: [
              {
                type: 'bar',
                data: dist.buckets.map((b) => ({ value: b.count, itemStyle: { color: b.from >= dist.passScore ? '#52c41a' : '#faad14' } })),
              },
            ],
          }
        : null,
    [dist, t],
  );
  const columns: TableColumnsType<ResultItem> = [
    { title: t('trn.r.branch'), dataIndex: 'branchName', width: 120 },
    { title: t('trn.r.staff'), dataIndex: 'staffName', width: 100 },
    { title: t('trn.r.attempt'), dataIndex: 'attemptNo', width: 80, align: 'right' },
    { title: t('trn.r.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('trn.r.score'),
      key: 'score',
      width: 100,
      align: 'right',
      render: (_: unknown, r) => (r.score === null ? '—' : `${r.score} / ${r.totalScore}`),
    },
    {
      title: t('trn.r.passed'),
      key: 'passed',
      width: 160,
      render: (_: unknown, r) => (
        <Space size={4}>
          {r.passed === null ? (
            <Tag>{t(`trn.r.status.${r.status}`)}</Tag>
          ) : (
            <Tag color={r.passed ? 'green' : 'red'} data-testid={`training-result-passed-${r.attemptId}`}>
              {r.passed ? t('trn.r.pass') : t('trn.r.fail')}
            </Tag>
          )}
          {r.late && <Tag color="orange">{t('trn.r.late')}</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('trn.dist.title', { title: paper.title })} style={{ marginTop: 16 }} data-testid="training-results">
      {dist && (
        <div data-testid="training-dist-summary" style={{ marginBottom: 8 }}>
          {t('trn.dist.summary', { takers: dist.takers, passed: dist.passed, rate: dist.passRatePct ?? '—', avg: dist.average ?? '—' })}
        </div>
      )}
      {option && <Chart option={option} height={240} testId="training-dist-chart" />}
      <PagedTable<ResultItem, { paperId: number }>
        query={list}
        columns={columns}
        rowKey="attemptId"
        settingsKey="training-results"
        testId="training-results-table"
        emptyText={t('trn.empty')}
        exportTo={{ path: '/api/v1/training/results', filename: `${t('trn.paper.results')}-${paper.title}`, onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`training-result-${r.attemptId}`)}
      />
    </Card>
  );
}

// ---------- records ----------

function Records() {
  const { t } = useI18n();
  const list = usePagedQuery<RecordItem, Record<string, never>>((q, signal) => trainingApi.records(q, signal), { onError: showError });
  const [open, setOpen] = useState<RecordItem | null>(null);
  const { data: detail } = useAsync(
    (signal) => (open ? trainingApi.record(open.staffId, signal) : Promise.resolve(null)),
    [open?.staffId],
    { onError: showError },
  );
  const columns: TableColumnsType<RecordItem> = [
    { title: t('trn.r.branch'), dataIndex: 'branchName', width: 140 },
    {
      title: t('trn.r.staff'),
      dataIndex: 'staffName',
      width: 110,
      render: (v: string, r) => (
        <a onClick={() => setOpen(r)} data-testid={`training-record-open-${r.staffId}`}>
          {v}
        </a>
      ),
    },
    { title: t('trn.rec.attended'), dataIndex: 'sessionsAttended', width: 120, align: 'right' },
    { title: t('trn.rec.absent'), dataIndex: 'sessionsAbsent', width: 100, align: 'right' },
    { title: t('trn.rec.minutes'), dataIndex: 'trainingMinutes', width: 130, align: 'right' },
    { title: t('trn.rec.exams'), dataIndex: 'examsTaken', width: 120, align: 'right' },
    { title: t('trn.rec.examsPassed'), dataIndex: 'examsPassed', width: 120, align: 'right' },
    { title: t('trn.rec.lastExam'), dataIndex: 'lastExamAt', width: 170, render: (v: string | null) => formatDateTime(v) },
  ];
  return (
    <Card>
      <PagedTable<RecordItem, Record<string, never>>
        query={list}
        columns={columns}
        rowKey="staffId"
        settingsKey="training-records"
        testId="training-records-table"
        emptyText={t('trn.empty')}
        exportTo={{ path: '/api/v1/training/records', filename: t('trn.tab.records'), onError: showError }}
        onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`training-record-${r.staffId}`)}
        toolbar={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />}
      />
      <Drawer
        open={open !== null}
        width={560}
        title={open ? t('trn.rec.detail', { name: open.staffName }) : ''}
        onClose={() => setOpen(null)}
      >
        {detail && (
          <>
            <Descriptions size="small" column={1} items={[{ key: 'b', label: t('trn.r.branch'), children: detail.branchName }]} />
            <Table
              size="small"
              rowKey="sessionId"
              pagination={false}
              title={() => t('trn.tab.sessions')}
              dataSource={detail.sessions}
              columns={[
                { title: t('trn.date'), dataIndex: 'sessionDate' },
                { title: t('trn.topic'), dataIndex: 'topic' },
                {
                  title: t('trn.present'),
                  dataIndex: 'present',
                  render: (v: boolean) => (v ? t('trn.attendance.presentYes') : t('trn.attendance.presentNo')),
                },
              ]}
            />
            <Table
              size="small"
              rowKey={(r) => `${r.paperId}-${r.attemptNo}`}
              pagination={false}
              title={() => t('trn.paper.results')}
              dataSource={detail.exams}
              columns={[
                { title: t('trn.r.paper'), dataIndex: 'title' },
                { title: t('trn.r.attempt'), dataIndex: 'attemptNo' },
                { title: t('trn.r.score'), key: 's', render: (_: unknown, r) => `${r.score} / ${r.totalScore}` },
                { title: t('trn.r.passed'), dataIndex: 'passed', render: (v: boolean) => (v ? t('trn.r.pass') : t('trn.r.fail')) },
              ]}
            />
          </>
        )}
      </Drawer>
    </Card>
  );
}
