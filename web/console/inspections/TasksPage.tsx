/** 贷后检查任务: the inspector's work list (mine by default), shared list with Excel export. */
import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Select, Switch, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { useCan } from '../shell/auth';
import { inspectionApi, TASK_STATUSES, type TaskStatus, type TaskSummary } from './api';
import { InspectionNav, TaskStatusTag } from './ui';

type Filters = { mine?: 'true' | 'false'; status?: TaskStatus; kind?: 'ROUTINE' | 'SPECIAL' };

export function TasksPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const can = useCan();
  const list = usePagedQuery<TaskSummary, Filters>((q, signal) => inspectionApi.tasks(q, signal), {
    onError: showError,
    initialFilters: can('inspection:work') ? { mine: 'true' } : {},
  });
  const { draft, setDraft, search, reset, reload } = list;

  const columns: TableColumnsType<TaskSummary> = [
    {
      title: '#',
      dataIndex: 'id',
      width: 90,
      fixed: 'left',
      render: (id: number) => (
        <Typography.Link className="hn-mono" data-testid={`insp-task-link-${id}`}>
          {id}
        </Typography.Link>
      ),
    },
    {
      title: t('insp.task.kind'),
      dataIndex: 'kind',
      width: 160,
      render: (k: TaskSummary['kind'], r) =>
        k === 'ROUTINE' ? t('insp.task.seq', { n: r.routineSeq ?? 0 }) : (r.campaignName ?? t('insp.task.kind.SPECIAL')),
    },
    { title: t('insp.task.loan'), dataIndex: 'loanId', width: 100, render: (v: number) => <span className="hn-mono">{v}</span> },
    { title: t('insp.task.customer'), dataIndex: 'customerNameMasked', width: 100, render: (v: string | null, r) => v ?? r.customerId },
    { title: t('insp.task.branch'), dataIndex: 'branchName', width: 150, ellipsis: true },
    { title: t('insp.task.inspector'), dataIndex: 'inspectorName', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('insp.task.scheduledOn'), dataIndex: 'scheduledOn', width: 120, sorter: true },
    { title: t('insp.task.dueDate'), dataIndex: 'dueDate', width: 120, sorter: true },
    { title: t('insp.task.findings'), dataIndex: 'findingCount', width: 80, align: 'right' },
    {
      title: t('insp.task.result'),
      dataIndex: 'result',
      width: 100,
      render: (v: TaskSummary['result']) => (v ? t(`insp.task.result.${v}`) : '—'),
    },
    {
      title: t('insp.task.status'),
      dataIndex: 'status',
      width: 100,
      fixed: 'right',
      sorter: true,
      render: (s: TaskStatus, r) => <TaskStatusTag status={s} testId={`insp-task-status-${r.id}`} />,
    },
  ];

  return (
    <>
      <PageHeader title={t('insp.tasks.title')} subtitle={t('insp.tasks.subtitle')} extra={<InspectionNav />} />
      <Card>
        <PagedTable<TaskSummary, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="inspection-tasks"
          testId="insp-tasks-table"
          emptyText={t('insp.tasks.empty')}
          exportTo={{ path: '/api/v1/inspections/tasks', filename: t('insp.tasks.title'), onError: showError }}
          toolbar={
            <>
              <span>
                <Switch
                  size="small"
                  checked={draft.mine === 'true'}
                  onChange={(on) => search({ ...draft, mine: on ? 'true' : undefined })}
                  data-testid="insp-tasks-mine"
                />{' '}
                {t('insp.tasks.mine')}
              </span>
              <Select<TaskStatus>
                allowClear
                style={{ width: 140 }}
                placeholder={t('insp.task.status')}
                value={draft.status}
                onChange={(v) => setDraft((d) => ({ ...d, status: v ?? undefined }))}
                options={TASK_STATUSES.map((s) => ({ value: s, label: t(`insp.task.status.${s}`) }))}
              />
              <Select<'ROUTINE' | 'SPECIAL'>
                allowClear
                style={{ width: 140 }}
                placeholder={t('insp.task.kind')}
                value={draft.kind}
                onChange={(v) => setDraft((d) => ({ ...d, kind: v ?? undefined }))}
                options={(['ROUTINE', 'SPECIAL'] as const).map((k) => ({ value: k, label: t(`insp.task.kind.${k}`) }))}
              />
              <Button type="primary" onClick={() => search()}>
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`insp-task-row-${r.id}`),
            onClick: () => navigate(`/inspections/tasks/${r.id}`),
            style: { cursor: 'pointer' },
          })}
        />
      </Card>
    </>
  );
}
