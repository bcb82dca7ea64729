/**
 * 工作清单: an officer's prospects to follow up on the business date — due follow-ups first (earliest
 * date first), then the new ones — paged and exported; a branch head chooses the officer to look at.
 */
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Select } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { prospectApi, type ProspectItem, type ProspectStatus } from './api';
import { ProspectStatusTag, useOfficers } from './parts';

type Filters = { officerId?: number };

export function WorkListPage() {
  const { t } = useI18n();
  const [businessDate, setBusinessDate] = useState<string | null>(null);
  const officers = useOfficers();
  const list = usePagedQuery<ProspectItem, Filters>(
    async (q, signal) => {
      const page = await prospectApi.workList(q, signal);
      setBusinessDate(page.businessDate);
      return page;
    },
    { onError: showError },
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
    { title: t('pros.nextContactDate'), dataIndex: 'nextContactDate', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('pros.nextStep'), dataIndex: 'nextStep', width: 180, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('pros.mobile'), dataIndex: 'mobileMasked', width: 130, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('pros.village'), dataIndex: 'village', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('pros.officer'), dataIndex: ['officer', 'name'], width: 100 },
    { title: t('pros.lastContactAt'), dataIndex: 'lastContactAt', width: 160, render: (v: string | null) => formatDateTime(v) },
    { title: t('pros.createdDate'), dataIndex: 'createdDate', width: 110 },
  ];
  return (
    <>
      <PageHeader title={t('pros.workTitle')} subtitle={t('pros.workSubtitle', { date: businessDate ?? '—' })} />
      <Card>
        <PagedTable<ProspectItem, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="prospect-work-list"
          testId="work-list-table"
          emptyText={t('pros.workEmpty')}
          scroll={{ x: 1200 }}
          exportTo={{ path: '/api/v1/marketing/work-list', filename: t('pros.workTitle'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`work-row-${r.id}`)}
          toolbar={
            <>
              {officers.length > 0 && (
                <Select<number>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: 200 }}
                  placeholder={t('pros.workOfficer')}
                  value={list.filters.officerId}
                  onChange={(v) => list.search({ officerId: v ?? undefined })}
                  options={officers.map((o) => ({ value: o.id, label: `${o.name}（${o.username}）` }))}
                  data-testid="work-list-officer"
                />
              )}
              <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
            </>
          }
        />
      </Card>
    </>
  );
}
