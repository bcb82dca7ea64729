import { useEffect, useState, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Input, Select, Space, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Id } from '../../shared/api';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { formatDateTime, isFuture } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { RoleTags, useRoles } from '../shell/roles';
import { tid } from '../shell/testid';
import { useReviewCount } from '../review/pendingCount';
import { accessApi, type Staff } from './api';
import { BranchTreeSelect, useBranches } from './branchTree';
import { CreateStaffModal } from './CreateStaffModal';
import { StaffDetailDrawer } from './StaffDetailDrawer';

type Filters = {
  q?: string;
  branchId?: string;
  role?: string;
};

export function StaffPage() {
  const { t } = useI18n();
  const can = useCan();
  const { roles } = useRoles();
  const reviewCount = useReviewCount();
  const canWrite = can('staff:write');
  const { data: branchData } = useBranches();
  const [qInput, setQInput] = useState('');
  const [creating, setCreating] = useState(false);
  const [detailId, setDetailId] = useState<Id | null>(null);
  const [params, setParams] = useSearchParams();

  // /staff?create=1 (the home page's quick link) opens the form.
  useEffect(() => {
    if (params.get('create') !== '1') return;
    if (canWrite) setCreating(true);
    const next = new URLSearchParams(params);
    next.delete('create');
    setParams(next, { replace: true });
  }, [params, setParams, canWrite]);

  const list = usePagedQuery<Staff, Filters>(
    (f, signal) => {
      const branchId = f.branchId ? (branchData?.items.find((b) => String(b.id) === f.branchId)?.id ?? f.branchId) : undefined;
      return accessApi.staff({ page: f.page, pageSize: f.pageSize, q: f.q || undefined, branchId, role: f.role }, signal);
    },
    { onError: showError },
  );
  const { filters, reload } = list;

  const applyFilters = (next: Partial<Filters>) => list.search({ ...filters, ...next });

  const columns: TableColumnsType<Staff> = [
    {
      title: t('staff.username'),
      dataIndex: 'username',
      width: 140,
      fixed: 'left',
      render: (u: string) => <span className="hn-mono">{u}</span>,
    },
    { title: t('staff.name'), dataIndex: 'name', width: 120 },
    { title: t('staff.branch'), dataIndex: 'branchName', ellipsis: true, render: (b: string | null) => b ?? '—' },
    { title: t('staff.roles'), dataIndex: 'roles', render: (r: string[]) => <RoleTags codes={r} /> },
    {
      title: t('staff.mobile'),
      dataIndex: 'mobileMasked',
      width: 130,
      render: (m: string | null) => <span className="hn-mono">{m ?? '—'}</span>,
    },
    {
      title: t('staff.status'),
      dataIndex: 'status',
      width: 130,
      render: (s: string, row) => (
        <Space size={4}>
          <Tag color={s === 'ACTIVE' ? 'success' : 'default'}>{tryT(t, `common.status.${s}`, s)}</Tag>
          {isFuture(row.lockedUntil) && <Tag color="error">{t('staff.locked')}</Tag>}
        </Space>
      ),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_: unknown, row) => (
        <Button
          type="link"
          size="small"
          data-testid={`staff-detail-${row.username}`}
          onClick={(e) => {
            e.stopPropagation();
            setDetailId(row.id);
          }}
        >
          {t('common.detail')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('staff.title')}
        subtitle={t('staff.subtitle')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="staff-create">
              {t('staff.create')}
            </Button>
          )
        }
      />
      <Card>
        <PagedTable<Staff, Filters>
          query={list}
          columns={columns}
          settingsKey="staff"
          toolbar={
            <>
              <Input.Search
                allowClear
                style={{ width: 240 }}
                placeholder={t('staff.searchPlaceholder')}
                value={qInput}
                onChange={(e) => {
                  setQInput(e.target.value);
                  if (!e.target.value) applyFilters({ q: undefined });
                }}
                onSearch={(v) => applyFilters({ q: v.trim() || undefined })}
                data-testid="staff-search"
              />
              <BranchTreeSelect
                style={{ width: 240 }}
                placeholder={t('staff.filterBranch')}
                branches={branchData?.items}
                value={filters.branchId}
                onChange={(v) => applyFilters({ branchId: v })}
                data-testid="staff-filter-branch"
              />
              <Select
                style={{ width: 180 }}
                allowClear
                placeholder={t('staff.filterRole')}
                value={filters.role}
                onChange={(v?: string) => applyFilters({ role: v })}
                options={roles.map((r) => ({ value: r.code, label: r.label }))}
                data-testid="staff-filter-role"
              />
              <Button
                onClick={() => {
                  setQInput('');
                  applyFilters({ q: undefined, branchId: undefined, role: undefined });
                }}
              >
                {t('common.reset')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={reload}>
                {t('common.refresh')}
              </Button>
            </>
          }
          exportTo={{ path: '/api/v1/staff', filename: t('staff.title'), onError: showError }}
          rowKey={(r) => String(r.id)}
          size="middle"
          tableLayout={undefined}
          scroll={{ x: 1100 }}
          rowClassName={() => 'hn-clickable-row'}
          onRow={(r) => ({ ...tid<HTMLAttributes<HTMLElement>>(`staff-row-${r.username}`), onClick: () => setDetailId(r.id) })}
          emptyText={t('common.noData')}
          pageSizeOptions={[10, 20, 50, 100]}
        />
      </Card>
      <CreateStaffModal
        open={creating}
        branches={branchData?.items}
        onClose={() => setCreating(false)}
        onDone={() => {
          reload();
          reviewCount.refresh();
        }}
      />
      <StaffDetailDrawer staffId={detailId} onClose={() => setDetailId(null)} onChanged={reload} />
    </>
  );
}
