/**
 * 人员与设备 (issue 15 §5): the credit staff of each branch at a date and their additions and departures
 * over a period (table, movements and a month-by-month chart, each exported to Excel), and the register
 * of mobile lending devices (the shared list with Excel export; register, issue, return, loss and
 * retirement dialogs; each device's history in a drawer; the figures per branch at a date).
 */
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import {
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { defineStatusTones, ExportButton, PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { Chart } from '../risk/Chart';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  DEVICE_CONDITIONS,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  resourcesApi,
  type DeviceCondition,
  type DeviceFiguresBranch,
  type DeviceItem,
  type DeviceKind,
  type DeviceStatus,
  type StaffMovement,
  type StaffingBranch,
  type StaffingChangesBranch,
} from './api';

const STATUS_TONES = defineStatusTones<DeviceStatus>({
  IN_STOCK: 'pending',
  ISSUED: 'success',
  RETURNED: 'warning',
  LOST: 'danger',
  RETIRED: 'closed',
});

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const dateOrUndefined = (v: string) => (DATE_RE.test(v.trim()) ? v.trim() : undefined);

export function ResourcesPage() {
  const { t } = useI18n();
  const tabs = [
    { key: 'staffing', label: <span data-testid="resources-tab-staffing">{t('res.tab.staffing')}</span>, children: <Staffing /> },
    { key: 'devices', label: <span data-testid="resources-tab-devices">{t('res.tab.devices')}</span>, children: <Devices /> },
  ];
  return (
    <>
      <PageHeader title={t('res.title')} subtitle={t('res.subtitle')} />
      <Tabs items={tabs} destroyOnHidden />
    </>
  );
}

// ---------- credit staff ----------

function Staffing() {
  const { t } = useI18n();
  const [dateDraft, setDateDraft] = useState('');
  const [date, setDate] = useState<string | undefined>();
  const [fromDraft, setFromDraft] = useState('');
  const [toDraft, setToDraft] = useState('');
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const at = useAsync((signal) => resourcesApi.staffing(date, signal), [date], { onError: showError });
  const changes = useAsync((signal) => resourcesApi.changes(period, signal), [period.from, period.to], { onError: showError });

  const staffColumns: TableColumnsType<StaffingBranch> = [
    { title: t('res.branch'), dataIndex: 'branchName', width: 160 },
    { title: t('res.creditStaff'), dataIndex: 'creditStaff', width: 120, align: 'right' },
    { title: t('res.officers'), key: 'officers', render: (_: unknown, r) => r.officers.map((o) => o.name).join('、') || '—' },
  ];
  const changeColumns: TableColumnsType<StaffingChangesBranch> = [
    { title: t('res.branch'), dataIndex: 'branchName', width: 160 },
    { title: t('res.atStart'), dataIndex: 'atStart', width: 100, align: 'right' },
    { title: t('res.added'), dataIndex: 'added', width: 80, align: 'right' },
    { title: t('res.left'), dataIndex: 'left', width: 80, align: 'right' },
    { title: t('res.atEnd'), dataIndex: 'atEnd', width: 100, align: 'right' },
  ];
  const movementColumns: TableColumnsType<StaffMovement> = [
    { title: t('res.mv.date'), dataIndex: 'date', width: 110 },
    { title: t('res.mv.name'), dataIndex: 'name', width: 100 },
    { title: t('res.branch'), dataIndex: 'branchName', width: 140 },
    { title: t('res.mv.kind'), dataIndex: 'kind', width: 80, render: (v: StaffMovement['kind']) => t(`res.mv.kind.${v}`) },
    { title: t('res.mv.reason'), dataIndex: 'reason', width: 110, render: (v: StaffMovement['reason']) => t(`res.mv.reason.${v}`) },
  ];
  const series = changes.data?.series;
  const option = useMemo(
    () =>
      series && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('res.chart.count'), t('res.chart.added'), t('res.chart.left')] },
        grid: { left: 40, right: 40, top: 36, bottom: 30 },
        xAxis: { type: 'category', data: series.map((p) => p.date) },
        yAxis: [
          { type: 'value', minInterval: 1 },
          { type: 'value', minInterval: 1 },
        ],
        series: [
          { name: t('res.chart.count'), type: 'line', data: series.map((p) => p.creditStaff) },
          { name: t('res.chart.added'), type: 'bar', yAxisIndex: 1, data: series.map((p) => p.added) },
          { name: t('res.chart.left'), type: 'bar', yAxisIndex: 1, data: series.map((p) => p.left) },
        ],
      },
    [series, t],
  );

  return (
    <>
      <Card
        style={{ marginBottom: 16 }}
        title={at.data ? t('res.staffAt', { date: at.data.date, n: at.data.total }) : undefined}
        loading={at.loading && !at.data}
        extra={
          <Space>
            <Input
              style={{ width: 130 }}
              placeholder={t('res.date')}
              value={dateDraft}
              maxLength={10}
              onChange={(e) => setDateDraft(e.target.value)}
              data-testid="resources-staffing-date"
            />
            <Button type="primary" onClick={() => setDate(dateOrUndefined(dateDraft))} data-testid="resources-staffing-query">
              {t('res.query')}
            </Button>
            <ExportButton
              path="/api/v1/resources/staffing"
              query={{ date }}
              filename={t('res.tab.staffing')}
              onError={showError}
              testId="resources-staffing-export"
            />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('res.roles')}</Typography.Paragraph>
        <Table<StaffingBranch>
          rowKey="branchId"
          size="small"
          columns={staffColumns}
          dataSource={at.data?.items ?? []}
          pagination={false}
          data-testid="resources-staffing-table"
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`resources-staffing-${r.branchId}`)}
          locale={{ emptyText: t('res.empty') }}
        />
      </Card>
      <Card
        title={changes.data ? t('res.changes', { from: changes.data.from, to: changes.data.to }) : undefined}
        loading={changes.loading && !changes.data}
        extra={
          <Space>
            <Input
              style={{ width: 130 }}
              placeholder={t('res.from')}
              value={fromDraft}
              maxLength={10}
              onChange={(e) => setFromDraft(e.target.value)}
            />
            <Input
              style={{ width: 130 }}
              placeholder={t('res.to')}
              value={toDraft}
              maxLength={10}
              onChange={(e) => setToDraft(e.target.value)}
            />
            <Button type="primary" onClick={() => setPeriod({ from: dateOrUndefined(fromDraft), to: dateOrUndefined(toDraft) })}>
              {t('res.query')}
            </Button>
            <ExportButton
              path="/api/v1/resources/staffing/changes"
              query={period}
              filename={t('res.movements')}
              onError={showError}
              testId="resources-changes-export"
            />
          </Space>
        }
      >
        {changes.data && (
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}>
              <Statistic title={t('res.atStart')} value={changes.data.totals.atStart} />
            </Col>
            <Col span={6}>
              <Statistic title={t('res.added')} value={changes.data.totals.added} />
            </Col>
            <Col span={6}>
              <Statistic title={t('res.left')} value={changes.data.totals.left} />
            </Col>
            <Col span={6}>
              <Statistic title={t('res.atEnd')} value={changes.data.totals.atEnd} />
            </Col>
          </Row>
        )}
        {option && (
          <>
            <Typography.Text strong>{t('res.chart')}</Typography.Text>
            <Chart option={option} height={260} testId="resources-staffing-chart" />
          </>
        )}
        <Table<StaffingChangesBranch>
          rowKey="branchId"
          size="small"
          columns={changeColumns}
          dataSource={changes.data?.items ?? []}
          pagination={false}
          data-testid="resources-changes-table"
          style={{ marginBottom: 16 }}
        />
        <Typography.Text strong>{t('res.movements')}</Typography.Text>
        <Table<StaffMovement>
          rowKey={(r) => `${r.date}-${r.staffId}-${r.kind}-${r.branchId}`}
          size="small"
          columns={movementColumns}
          dataSource={changes.data?.movements ?? []}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: t('res.empty') }}
        />
      </Card>
    </>
  );
}

// ---------- devices ----------

type DeviceFilters = { status?: DeviceStatus; q?: string };

function DeviceFigures({ tick }: { tick: number }) {
  const { t } = useI18n();
  const { data, loading } = useAsync((signal) => resourcesApi.figures(undefined, signal), [tick], { onError: showError });
  const columns: TableColumnsType<DeviceFiguresBranch> = [
    { title: t('res.branch'), dataIndex: 'branchName', width: 160 },
    { title: t('res.dev.total'), dataIndex: 'total', width: 100, align: 'right' },
    { title: t('res.dev.issued'), dataIndex: 'issued', width: 100, align: 'right' },
    { title: t('res.dev.inStock'), dataIndex: 'inStock', width: 100, align: 'right' },
    { title: t('res.dev.lost'), dataIndex: 'lost', width: 80, align: 'right' },
    { title: t('res.dev.retired'), dataIndex: 'retired', width: 80, align: 'right' },
  ];
  return (
    <Card
      style={{ marginBottom: 16 }}
      loading={loading && !data}
      title={data ? t('res.dev.figures', { date: data.date }) : undefined}
      extra={
        <ExportButton
          path="/api/v1/resources/devices/figures"
          filename={t('res.dev.total')}
          onError={showError}
          testId="resources-figures-export"
        />
      }
    >
      {data && (
        <Row gutter={16} style={{ marginBottom: 16 }} data-testid="resources-device-totals">
          <Col span={8}>
            <Statistic title={t('res.dev.total')} value={data.totals.total} />
          </Col>
          <Col span={8}>
            <Statistic title={t('res.dev.issued')} value={data.totals.issued} />
          </Col>
          <Col span={8}>
            <Statistic title={t('res.dev.inStock')} value={data.totals.inStock} />
          </Col>
        </Row>
      )}
      <Table<DeviceFiguresBranch> rowKey="branchId" size="small" columns={columns} dataSource={data?.items ?? []} pagination={false} />
    </Card>
  );
}

function Devices() {
  const { t } = useI18n();
  const can = useCan();
  const writable = can('resources:write');
  const list = usePagedQuery<DeviceItem, DeviceFilters>((q, signal) => resourcesApi.devices(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;
  const [tick, setTick] = useState(0);
  const [creating, setCreating] = useState(false);
  const [issuing, setIssuing] = useState<DeviceItem | null>(null);
  const [returning, setReturning] = useState<DeviceItem | null>(null);
  const [marking, setMarking] = useState<{ device: DeviceItem; status: 'LOST' | 'RETIRED' } | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const changed = () => {
    reload();
    setTick((n) => n + 1);
  };

  const columns: TableColumnsType<DeviceItem> = [
    {
      title: t('res.dev.assetNo'),
      dataIndex: 'assetNo',
      width: 130,
      fixed: 'left',
      render: (v: string, r) => (
        <a onClick={() => setViewing(r.id)} data-testid={`resources-device-open-${r.id}`}>
          {v}
        </a>
      ),
    },
    { title: t('res.dev.serialNo'), dataIndex: 'serialNo', width: 150, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('res.dev.model'), dataIndex: 'model', width: 140 },
    { title: t('res.dev.kind'), dataIndex: 'kind', width: 70, render: (v: DeviceKind) => t(`res.dev.kind.${v}`) },
    {
      title: t('res.dev.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: DeviceStatus, r) => (
        <StatusTag tone={STATUS_TONES[v]} data={{ status: v }} testId={`resources-device-status-${r.id}`}>
          {t(`res.dev.status.${v}`)}
        </StatusTag>
      ),
    },
    { title: t('res.branch'), dataIndex: ['branch', 'name'], width: 120 },
    { title: t('res.dev.holder'), key: 'holder', width: 90, render: (_: unknown, r) => r.holder?.name ?? '—' },
    { title: t('res.dev.issuedOn'), dataIndex: 'issuedOn', width: 110, render: (v: string | null) => v ?? '—' },
    ...(writable
      ? [
          {
            title: '',
            key: 'act',
            width: 230,
            fixed: 'right' as const,
            render: (_: unknown, r: DeviceItem) => (
              <Space size={4}>
                {(r.status === 'IN_STOCK' || r.status === 'RETURNED') && (
                  <Button size="small" type="primary" onClick={() => setIssuing(r)} data-testid={`resources-device-issue-${r.id}`}>
                    {t('res.dev.issue')}
                  </Button>
                )}
                {r.status === 'ISSUED' && (
                  <Button size="small" onClick={() => setReturning(r)} data-testid={`resources-device-return-${r.id}`}>
                    {t('res.dev.return')}
                  </Button>
                )}
                {r.status !== 'LOST' && r.status !== 'RETIRED' && (
                  <Button size="small" danger onClick={() => setMarking({ device: r, status: 'LOST' })}>
                    {t('res.dev.lose')}
                  </Button>
                )}
                {r.status !== 'ISSUED' && r.status !== 'RETIRED' && (
                  <Button size="small" onClick={() => setMarking({ device: r, status: 'RETIRED' })}>
                    {t('res.dev.retire')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <DeviceFigures tick={tick} />
      <Card>
        <PagedTable<DeviceItem, DeviceFilters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="resources-devices"
          testId="resources-devices-table"
          emptyText={t('res.dev.empty')}
          scroll={{ x: 1300 }}
          exportTo={{ path: '/api/v1/resources/devices', filename: t('res.tab.devices'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`resources-device-${r.id}`)}
          toolbar={
            <>
              <Input
                allowClear
                style={{ width: 200 }}
                placeholder={t('res.dev.search')}
                value={draft.q}
                onChange={(e) => setDraft((f) => ({ ...f, q: e.target.value || undefined }))}
                onPressEnter={() => search()}
              />
              <Select<DeviceStatus>
                allowClear
                style={{ width: 120 }}
                placeholder={t('res.dev.status')}
                value={draft.status}
                onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
                options={DEVICE_STATUSES.map((s) => ({ value: s, label: t(`res.dev.status.${s}`) }))}
              />
              <Button type="primary" onClick={() => search()}>
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={changed} aria-label={t('common.refresh')} />
              {writable && (
                <>
                  <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="resources-device-new">
                    {t('res.dev.new')}
                  </Button>
                  <Link to="/imports">
                    <Button icon={<UploadOutlined />}>{t('res.dev.import')}</Button>
                  </Link>
                </>
              )}
            </>
          }
        />
      </Card>
      <CreateDeviceModal open={creating} onClose={() => setCreating(false)} onSaved={changed} />
      <IssueModal device={issuing} onClose={() => setIssuing(null)} onSaved={changed} />
      <ReturnModal device={returning} onClose={() => setReturning(null)} onSaved={changed} />
      <StatusModal target={marking} onClose={() => setMarking(null)} onSaved={changed} />
      <HistoryDrawer id={viewing} onClose={() => setViewing(null)} />
    </>
  );
}

function useSubmit(onDone: () => void) {
  const [saving, setSaving] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setSaving(true);
    try {
      await fn();
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return { saving, run };
}

interface CreateValues {
  assetNo: string;
  serialNo: string;
  model: string;
  kind: DeviceKind;
  branchId: number;
  note?: string;
}

function CreateDeviceModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const branches = useAsync((signal) => resourcesApi.staffing(undefined, signal), [], { enabled: open, onError: showError });
  const { saving, run } = useSubmit(() => {
    onClose();
    onSaved();
  });
  const submit = async () => {
    const v = await form.validateFields();
    await run(async () => {
      const d = await resourcesApi.createDevice({ ...v, note: v.note?.trim() || null });
      showSuccess(t('res.dev.created', { assetNo: d.assetNo }));
      form.resetFields();
    });
  };
  return (
    <Modal
      open={open}
      title={t('res.dev.new')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'resources-device-create-submit' } as never}
      destroyOnHidden
    >
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ kind: 'PAD' }} data-testid="resources-device-form">
        <Form.Item name="assetNo" label={t('res.dev.assetNo')} rules={[{ required: true, max: 40 }]}>
          <Input data-testid="resources-device-assetNo" />
        </Form.Item>
        <Form.Item name="serialNo" label={t('res.dev.serialNo')} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="resources-device-serialNo" />
        </Form.Item>
        <Form.Item name="model" label={t('res.dev.model')} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="resources-device-model" />
        </Form.Item>
        <Form.Item name="kind" label={t('res.dev.kind')} rules={[{ required: true }]}>
          <Select<DeviceKind> options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`res.dev.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="branchId" label={t('res.branch')} rules={[{ required: true }]}>
          <Select<number>
            showSearch
            optionFilterProp="label"
            data-testid="resources-device-branch"
            options={(branches.data?.items ?? []).map((b) => ({ value: b.branchId, label: b.branchName }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('res.dev.note')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IssueModal({ device, onClose, onSaved }: { device: DeviceItem | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [staffId, setStaffId] = useState<number | undefined>();
  const [date, setDate] = useState('');
  const holders = useAsync((signal) => (device ? resourcesApi.holders(device.id, signal) : Promise.resolve({ items: [] })), [device?.id], {
    enabled: device !== null,
    onError: showError,
  });
  const { saving, run } = useSubmit(() => {
    onClose();
    onSaved();
    setStaffId(undefined);
    setDate('');
  });
  const submit = () =>
    run(async () => {
      const d = await resourcesApi.issue(device!.id, { staffId: staffId!, date: dateOrUndefined(date) });
      showSuccess(t('res.dev.issued.ok', { name: d.holder?.name ?? '' }));
    });
  return (
    <Modal
      open={device !== null}
      title={device ? t('res.dev.issue.title', { assetNo: device.assetNo }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('res.dev.issue')}
      okButtonProps={{ loading: saving, disabled: !staffId, 'data-testid': 'resources-issue-submit' } as never}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('res.dev.issue.staff')} required>
          <Select<number>
            value={staffId}
            onChange={setStaffId}
            options={(holders.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            data-testid="resources-issue-staff"
          />
        </Form.Item>
        <Form.Item label={t('res.dev.issue.date')}>
          <Input value={date} maxLength={10} onChange={(e) => setDate(e.target.value)} placeholder="YYYY-MM-DD" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReturnModal({ device, onClose, onSaved }: { device: DeviceItem | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [condition, setCondition] = useState<DeviceCondition>('GOOD');
  const [date, setDate] = useState('');
  const [note, setNote] = useState('');
  const { saving, run } = useSubmit(() => {
    onClose();
    onSaved();
    setCondition('GOOD');
    setDate('');
    setNote('');
  });
  const submit = () =>
    run(async () => {
      await resourcesApi.giveBack(device!.id, { condition, date: dateOrUndefined(date), note: note.trim() || null });
      showSuccess(t('res.dev.returned.ok'));
    });
  return (
    <Modal
      open={device !== null}
      title={device ? t('res.dev.return.title', { assetNo: device.assetNo }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('res.dev.return')}
      okButtonProps={{ loading: saving, 'data-testid': 'resources-return-submit' } as never}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('res.dev.condition')} required>
          <Select<DeviceCondition>
            value={condition}
            onChange={setCondition}
            options={DEVICE_CONDITIONS.map((c) => ({ value: c, label: t(`res.dev.condition.${c}`) }))}
            data-testid="resources-return-condition"
          />
        </Form.Item>
        <Form.Item label={t('res.dev.return.date')}>
          <Input value={date} maxLength={10} onChange={(e) => setDate(e.target.value)} placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item label={t('res.dev.note')}>
          <Input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusModal({
  target,
  onClose,
  onSaved,
}: {
  target: { device: DeviceItem; status: 'LOST' | 'RETIRED' } | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const { saving, run } = useSubmit(() => {
    onClose();
    onSaved();
    setNote('');
  });
  const action = target ? t(target.status === 'LOST' ? 'res.dev.lose' : 'res.dev.retire') : '';
  const submit = () =>
    run(async () => {
      await resourcesApi.setStatus(target!.device.id, { status: target!.status, note: note.trim() });
      showSuccess(t('res.dev.status.ok'));
    });
  return (
    <Modal
      open={target !== null}
      title={target ? t('res.dev.status.title', { action, assetNo: target.device.assetNo }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={action}
      okButtonProps={{ loading: saving, disabled: !note.trim(), danger: target?.status === 'LOST' } as never}
      destroyOnHidden
    >
      <Input.TextArea
        rows={3}
        maxLength={200}
        placeholder={t('res.dev.status.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
    </Modal>
  );
}

function HistoryDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const { data, loading } = useAsync((signal) => resourcesApi.history(id!, signal), [id], { enabled: id !== null, onError: showError });
  const shown = id !== null && data?.device.id === id ? data : undefined;
  return (
    <Drawer open={id !== null} onClose={onClose} width={520} title={t('res.dev.history')} loading={loading && !shown} destroyOnHidden>
      {shown && (
        <div data-testid="resources-device-history">
          <Typography.Paragraph>
            <strong>{shown.device.assetNo}</strong> · {shown.device.model} · <span className="hn-mono">{shown.device.serialNo}</span> ·{' '}
            {shown.device.branch.name} · {t(`res.dev.status.${shown.device.status}`)}
          </Typography.Paragraph>
          <Timeline
            items={shown.events.map((e) => ({
              key: e.id,
              children: (
                <div data-testid={`resources-device-event-${e.kind}`}>
                  <div>
                    {e.businessDate} {t(`res.dev.ev.${e.kind}`)}
                    {e.staff ? ` · ${e.staff.name}` : ''}
                    {e.condition ? ` · ${t(`res.dev.condition.${e.condition}`)}` : ''}
                  </div>
                  {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                  {e.actor && (
                    <div>
                      <Typography.Text type="secondary">
                        {t('res.dev.ev.by')}：{e.actor.name}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              ),
            }))}
          />
        </div>
      )}
    </Drawer>
  );
}
