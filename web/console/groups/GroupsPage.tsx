/** 重点客群: the groups in scope (paged, filtered, exported) and the branches that name none yet. */
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Input, Select } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { PagedTable, usePagedQuery } from '../../shared/list';
import type { CoveragePage } from '../../../src/modules/groups/groups.contract';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { useCan } from '../shell/auth';
import { GroupFormModal } from './GroupForms';
import { GROUP_KINDS, groupsApi, type GroupItem, type GroupKind } from './api';

type Filters = { kind?: GroupKind; name?: string };

export function GroupsPage() {
  const { t } = useI18n();
  const list = usePagedQuery<GroupItem, Filters>((q, signal) => groupsApi.list(q, signal), { onError: showError });
  const { draft, setDraft, search, reset } = list;
  const can = useCan();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [coverage, setCoverage] = useState<CoveragePage | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    groupsApi.coverage(ctl.signal).then(setCoverage, (e: unknown) => {
      if (!ctl.signal.aborted) showError(e);
    });
    return () => ctl.abort();
  }, []);
  const columns = [
    {
      title: t('grp.id'),
      dataIndex: 'id',
      width: 70,
      fixed: 'left' as const,
      render: (id: number) => <Link to={`/groups/${id}`}>{id}</Link>,
    },
    { title: t('grp.code'), dataIndex: 'code', width: 120, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('grp.kind'), dataIndex: 'kind', width: 110, render: (v: GroupKind) => t(`grp.kind.${v}`) },
    { title: t('grp.name'), dataIndex: 'name', width: 200 },
    { title: t('grp.branch'), dataIndex: ['branch', 'name'], width: 140 },
    { title: t('grp.officer'), dataIndex: ['officer', 'name'], width: 100 },
    { title: t('grp.keyPerson'), dataIndex: ['keyPerson', 'nameMasked'], width: 100 },
    { title: t('grp.keyMobile'), dataIndex: ['keyPerson', 'mobileMasked'], width: 130 },
    { title: t('grp.members'), dataIndex: 'members', width: 80, align: 'right' as const },
    { title: t('grp.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <>
      <PageHeader
        title={t('grp.title')}
        subtitle={t('grp.subtitle')}
        extra={
          can('group:manage') ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="group-create">
              {t('grp.create')}
            </Button>
          ) : null
        }
      />
      <GroupFormModal open={creating} onClose={() => setCreating(false)} onSaved={(g) => navigate(`/groups/${g.id}`)} />
      {coverage ? (
        <Alert
          style={{ marginBottom: 16 }}
          type={coverage.total === 0 ? 'success' : 'warning'}
          data-testid="groups-coverage"
          message={t('grp.coverage', { covered: coverage.covered, branches: coverage.branches })}
          description={coverage.total > 0 ? t('grp.uncovered', { names: coverage.items.map((i) => i.branch.name).join('、') }) : undefined}
        />
      ) : null}
      <Card>
        <PagedTable<GroupItem, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="groups"
          testId="groups-table"
          emptyText={t('grp.empty')}
          scroll={{ x: 1300 }}
          exportTo={{ path: '/api/v1/groups', filename: t('grp.title'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`group-row-${r.id}`)}
          toolbar={
            <>
              <Select<GroupKind>
                allowClear
                style={{ width: 140 }}
                placeholder={t('grp.kind')}
                value={draft.kind}
                onChange={(v) => setDraft((f) => ({ ...f, kind: v ?? undefined }))}
                options={GROUP_KINDS.map((k) => ({ value: k, label: t(`grp.kind.${k}`) }))}
                data-testid="groups-filter-kind"
              />
              <Input
                allowClear
                style={{ width: 180 }}
                placeholder={t('grp.name')}
                value={draft.name ?? ''}
                onChange={(e) => setDraft((f) => ({ ...f, name: e.target.value || undefined }))}
                data-testid="groups-filter-name"
              />
              <Button type="primary" onClick={() => search()} data-testid="groups-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
            </>
          }
        />
      </Card>
    </>
  );
}
