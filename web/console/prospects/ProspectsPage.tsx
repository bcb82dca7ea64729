/**
 * 客户清单: the pipeline (prospects per state under the list's filters, as a bar chart in pipeline
 * order) above the prospects in scope — paged, filtered by state, officer, branch and village, exported
 * to Excel — with the import page and the assignment dialog for those who may use them.
 */
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Card, Input, Select, Space } from 'antd';
import { ReloadOutlined, ScheduleOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { Chart } from '../risk/Chart';
import { BranchTreeSelect } from '../access/branchTree';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { PROSPECT_STATUSES, prospectApi, type ProspectFilters, type ProspectItem, type ProspectStatus } from './api';
import { AssignDialog, ProspectStatusTag, useBranchOptions, useOfficers } from './parts';

export function ProspectsPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const list = usePagedQuery<ProspectItem, ProspectFilters>((q, signal) => prospectApi.list(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, filters } = list;
  const officers = useOfficers();
  const canBranches = can('branch:read');
  const { data: branches } = useBranchOptions();
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState(false);
  const mayAssign = can('prospect:assign');

  const { officerId, branchId, village } = filters;
  const { data: pipeline, reload: reloadPipeline } = useAsync(
    (signal) => prospectApi.pipeline({ officerId, branchId, village }, signal),
    [officerId, branchId, village, list.data],
    { onError: showError },
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: (pipeline?.states ?? []).map((s) => t(`pros.status.${s.status}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: (pipeline?.states ?? []).map((s) => s.count),
        },
      ],
    }),
    [pipeline, t],
  );

  const columns = [
    {
      title: t('pros.id'),
      dataIndex: 'id',
      width: 80,
      fixed: 'left' as const,
      render: (id: number) => <Link to={`/marketing/prospects/${id}`}>{id}</Link>,
    },
    { title: t('pros.name'), dataIndex: 'nameMasked', width: 90, fixed: 'left' as const },
    { title: t('pros.status'), dataIndex: 'status', width: 100, render: (s: ProspectStatus) => <ProspectStatusTag status={s} /> },
    { title: t('pros.officer'), dataIndex: ['officer', 'name'], width: 100 },
    { title: t('pros.branch'), dataIndex: ['branch', 'name'], width: 150 },
    { title: t('pros.village'), dataIndex: 'village', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('pros.mobile'), dataIndex: 'mobileMasked', width: 130, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('pros.idNumber'), dataIndex: 'idNumberMasked', width: 190, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('pros.nextStep'), dataIndex: 'nextStep', width: 160, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('pros.nextContactDate'), dataIndex: 'nextContactDate', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('pros.lastContactAt'), dataIndex: 'lastContactAt', width: 160, render: (v: string | null) => formatDateTime(v) },
    { title: t('pros.createdDate'), dataIndex: 'createdDate', width: 110 },
  ];

  return (
    <>
      <PageHeader
        title={t('pros.title')}
        subtitle={t('pros.subtitle')}
        extra={
          <Space>
            <Button icon={<ScheduleOutlined />} onClick={() => navigate('/marketing/work-list')} data-testid="prospects-work-list">
              {t('pros.workList')}
            </Button>
            {can('prospect:import') && (
              <Button
                type="primary"
                icon={<UploadOutlined />}
                onClick={() => navigate('/marketing/prospects/import')}
                data-testid="prospects-import"
              >
                {t('pros.import')}
              </Button>
            )}
          </Space>
        }
      />
      <Card
        title={t('pros.pipeline')}
        extra={pipeline ? <span data-testid="prospects-pipeline-total">{t('pros.pipelineTotal', { total: pipeline.total })}</span> : null}
        style={{ marginBottom: 16 }}
      >
        <Chart option={option} height={220} testId="prospects-pipeline" />
        <Space wrap size={[16, 4]} data-testid="prospects-pipeline-counts">
          {(pipeline?.states ?? []).map((s) => (
            <span key={s.status} data-testid={`prospects-pipeline-${s.status}`} data-count={s.count}>
              {t(`pros.status.${s.status}`)}：{s.count}
            </span>
          ))}
        </Space>
      </Card>
      <Card>
        <PagedTable<ProspectItem, ProspectFilters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="prospects"
          testId="prospects-table"
          emptyText={t('pros.empty')}
          scroll={{ x: 1600 }}
          exportTo={{ path: '/api/v1/marketing/prospects', filename: t('pros.title'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`prospect-row-${r.id}`)}
          rowSelection={mayAssign ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map((k) => Number(k))) } : undefined}
          toolbar={
            <>
              <Select<ProspectStatus>
                allowClear
                style={{ width: 120 }}
                placeholder={t('pros.status')}
                value={draft.status}
                onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
                options={PROSPECT_STATUSES.map((s) => ({ value: s, label: t(`pros.status.${s}`) }))}
                data-testid="prospects-filter-status"
              />
              {officers.length > 0 && (
                <Select<number>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: 150 }}
                  placeholder={t('pros.officer')}
                  value={draft.officerId === undefined ? undefined : Number(draft.officerId)}
                  onChange={(v) => setDraft((f) => ({ ...f, officerId: v ?? undefined }))}
                  options={officers.map((o) => ({ value: o.id, label: o.name }))}
                  data-testid="prospects-filter-officer"
                />
              )}
              {canBranches && (
                <BranchTreeSelect
                  style={{ width: 200 }}
                  placeholder={t('pros.branch')}
                  branches={branches?.items}
                  value={draft.branchId}
                  onChange={(v) => setDraft((f) => ({ ...f, branchId: v }))}
                  data-testid="prospects-filter-branch"
                />
              )}
              <Input
                allowClear
                style={{ width: 150 }}
                placeholder={t('pros.village')}
                value={draft.village ?? ''}
                onChange={(e) => setDraft((f) => ({ ...f, village: e.target.value || undefined }))}
                onPressEnter={() => search()}
                data-testid="prospects-filter-village"
              />
              <Button type="primary" onClick={() => search()} data-testid="prospects-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => {
                  list.reload();
                  reloadPipeline();
                }}
                aria-label={t('common.refresh')}
              />
              {mayAssign && (
                <Button icon={<TeamOutlined />} onClick={() => setAssigning(true)} data-testid="prospects-assign">
                  {selected.length > 0 ? t('pros.assignSelected', { count: selected.length }) : t('pros.assign')}
                </Button>
              )}
            </>
          }
        />
      </Card>
      {assigning && (
        <AssignDialog
          open
          prospectIds={selected}
          onClose={() => setAssigning(false)}
          onDone={() => {
            setAssigning(false);
            setSelected([]);
            list.reload();
          }}
        />
      )}
    </>
  );
}
