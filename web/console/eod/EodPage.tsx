import { useState, type HTMLAttributes } from 'react';
import dayjs from 'dayjs';
import { App, Button, Card, Col, DatePicker, Descriptions, Empty, Row, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlayCircleOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useAsync } from '../../shared/useAsync';
import { PagedTable, StatusTag, defineStatusTones, usePagedQuery, type StatusTone } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { eodApi, type EodPartition, type EodRun, type EodStep } from './api';
import { announceBusinessDateChanged } from '../../shared/businessDateEvents';

const TONE = defineStatusTones<'RUNNING' | 'DONE' | 'FAILED' | 'PARTIAL'>({
  RUNNING: 'pending',
  DONE: 'success',
  FAILED: 'danger',
  PARTIAL: 'warning',
});

/** A run's, step's or partition's status in the shared status vocabulary. */
function EodStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const tone: StatusTone = (TONE as Record<string, StatusTone>)[status] ?? 'info';
  return (
    <StatusTag tone={tone} data={{ status }}>
      {tryT(t, `eod.status.${status}`, status)}
    </StatusTag>
  );
}

function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`;
}

export function EodPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [to, setTo] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [businessDate, setBusinessDate] = useState<string | null>(null);
  const runs = usePagedQuery<EodRun, Record<string, never>>(
    async (q, signal) => {
      const page = await eodApi.runsPage(q, signal);
      setBusinessDate(page.businessDate);
      return page;
    },
    { pageSize: 15, onError: showError },
  );
  const detail = useAsync((signal) => (selected ? eodApi.run(selected, signal) : Promise.resolve(undefined)), [selected], {
    enabled: selected !== null,
    onError: showError,
  });

  async function runTo() {
    if (!to) return;
    setBusy(true);
    const hide = message.loading(t('eod.running'), 0);
    try {
      const r = await eodApi.runTo(to.format('YYYY-MM-DD'));
      message.success(t('eod.done', { date: r.businessDate }));
      for (const day of r.days.filter((d) => d.anchorError))
        message.warning(t('eod.anchorFailed', { date: day.date, error: day.anchorError ?? '' }), 10);
      runs.reload();
      // show the day just closed: its steps, partitions and durations
      const closed = dayjs(r.businessDate).subtract(1, 'day').format('YYYY-MM-DD');
      if (closed === selected) detail.reload();
      else setSelected(closed);
    } catch (e) {
      showError(e);
      runs.reload();
    } finally {
      // days before a failure did close: the date may have moved either way
      announceBusinessDateChanged();
      hide();
      setBusy(false);
    }
  }

  async function rerun(date: string) {
    setBusy(true);
    try {
      await eodApi.rerun(date);
      announceBusinessDateChanged();
      runs.reload();
      detail.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }

  const runColumns: TableColumnsType<EodRun> = [
    { title: t('eod.date'), dataIndex: 'businessDate', render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('eod.status'), dataIndex: 'status', render: (v: string) => <EodStatusTag status={v} /> },
    { title: t('eod.partitions'), dataIndex: 'partitions', align: 'right' },
    { title: t('eod.duration'), dataIndex: 'durationMs', align: 'right', render: (v: number | null) => ms(v) },
    {
      key: 'rerun',
      render: (_: unknown, r: EodRun) =>
        r.status === 'FAILED' && can('eod:run') ? (
          <Button
            size="small"
            icon={<RedoOutlined />}
            loading={busy}
            onClick={(e) => (e.stopPropagation(), void rerun(r.businessDate))}
            data-testid="eod-rerun"
          >
            {t('eod.rerun')}
          </Button>
        ) : null,
    },
  ];

  const partitionColumns: TableColumnsType<EodPartition> = [
    { title: '#', dataIndex: 'partition', width: 60 },
    {
      title: t('eod.range'),
      // customer ids from (inclusive) to (exclusive); records from before customer partitions have none
      render: (_: unknown, p: EodPartition) => (
        <span className="hn-mono">{p.fromCustomerId === null ? '—' : `${p.fromCustomerId} – ${p.toCustomerId}`}</span>
      ),
    },
    { title: t('eod.status'), dataIndex: 'status', render: (v: string) => <EodStatusTag status={v} /> },
    { title: t('eod.rows'), dataIndex: 'rows', align: 'right' },
    { title: t('eod.duration'), dataIndex: 'durationMs', align: 'right', render: (v: number) => ms(v) },
    { title: t('eod.worker'), dataIndex: 'worker' },
    {
      title: t('eod.error'),
      dataIndex: 'error',
      render: (v: unknown) => (v ? <Typography.Text type="danger">{JSON.stringify(v).slice(0, 200)}</Typography.Text> : null),
    },
  ];

  const stepColumns: TableColumnsType<EodStep> = [
    { title: t('eod.step'), dataIndex: 'step', render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('eod.status'), dataIndex: 'status', render: (v: string) => <EodStatusTag status={v} /> },
    { title: t('eod.partitions'), render: (_: unknown, s: EodStep) => s.partitions.length, align: 'right' },
    { title: t('eod.rows'), dataIndex: 'rows', align: 'right' },
    { title: t('eod.duration'), dataIndex: 'durationMs', align: 'right', render: (v: number) => ms(v) },
  ];

  return (
    <>
      <PageHeader
        title={t('eod.title')}
        subtitle={t('eod.subtitle')}
        extra={<Button icon={<ReloadOutlined />} onClick={runs.reload} aria-label={t('common.refresh')} />}
      />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size="large">
          <span>
            {t('eod.businessDate')}：
            <Typography.Text strong className="hn-mono" data-testid="eod-business-date">
              {businessDate ?? '—'}
            </Typography.Text>
          </span>
          {can('eod:run') && (
            <Space>
              <span>{t('eod.runTo')}</span>
              <DatePicker value={to} onChange={setTo} placeholder={t('eod.runToHint')} data-testid="eod-to" />
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                disabled={!to}
                loading={busy}
                onClick={() => void runTo()}
                data-testid="eod-run"
              >
                {t('eod.run')}
              </Button>
            </Space>
          )}
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t('eod.runs')}>
            <PagedTable<EodRun, Record<string, never>>
              query={runs}
              rowKey="businessDate"
              columns={runColumns}
              settingsKey="eod-runs"
              testId="eod-runs"
              emptyText={t('eod.empty')}
              pageSizeOptions={[15, 30, 60]}
              exportTo={{ path: '/api/v1/eod/runs', filename: t('eod.runs'), onError: showError }}
              onRow={(r) =>
                ({
                  onClick: () => setSelected(r.businessDate),
                  style: { cursor: 'pointer' },
                  'data-testid': `eod-run-row-${r.businessDate}`,
                  'data-status': r.status,
                }) as HTMLAttributes<HTMLElement>
              }
              rowClassName={(r) => (r.businessDate === selected ? 'ant-table-row-selected' : '')}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('eod.steps')}>
            {!detail.data ? (
              <Empty description={t('eod.selectRun')} />
            ) : (
              <>
                <Descriptions size="small" column={2} style={{ marginBottom: 12 }} data-testid="eod-run-detail">
                  <Descriptions.Item label={t('eod.date')}>
                    <span data-testid="eod-detail-date">{detail.data.businessDate}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('eod.status')}>
                    <EodStatusTag status={detail.data.status} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('eod.duration')}>{ms(detail.data.durationMs)}</Descriptions.Item>
                  <Descriptions.Item label={t('eod.partitions')}>{detail.data.partitions ?? '—'}</Descriptions.Item>
                </Descriptions>
                <Table<EodStep>
                  rowKey="step"
                  size="small"
                  columns={stepColumns}
                  dataSource={detail.data.steps}
                  pagination={false}
                  data-testid="eod-steps"
                  onRow={(s) => ({ 'data-testid': `eod-step-${s.step}`, 'data-status': s.status }) as HTMLAttributes<HTMLElement>}
                  expandable={{
                    expandedRowRender: (s) => (
                      <Table<EodPartition>
                        rowKey="partition"
                        size="small"
                        columns={partitionColumns}
                        dataSource={s.partitions}
                        pagination={false}
                        data-testid={`eod-partitions-${s.step}`}
                      />
                    ),
                  }}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
