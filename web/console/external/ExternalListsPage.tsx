/** 外部名单: court enforcement, dishonest debtors and the bank blacklist (masked), filtered by type and status. */
import { type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Select, Tag, type TableColumnsType } from 'antd';
import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { useI18n, type MessageKey } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { externalListApi, LIST_TYPES, type ListEntriesQuery, type ListEntry, type ListType } from './api';

const TYPE_COLOR: Record<ListType, string> = { COURT_ENFORCEMENT: 'orange', DISHONEST: 'red', BANK_BLACKLIST: 'purple' };
const typeKey = (type: ListType) => `ext.type.${type}` as MessageKey;

type Filters = Pick<ListEntriesQuery, 'listType' | 'active'>;

export function ExternalListsPage() {
  const { t } = useI18n();
  const can = useCan();
  const list = usePagedQuery<ListEntry, Filters>((q, signal) => externalListApi.list(q, signal), { onError: showError });
  // the page also names the business date that decides 在册
  const businessDate =
    list.data && 'businessDate' in list.data && typeof list.data.businessDate === 'string' ? list.data.businessDate : undefined;

  const columns: TableColumnsType<ListEntry> = [
    {
      title: t('ext.listType'),
      dataIndex: 'listType',
      width: 130,
      fixed: 'left',
      render: (v: ListType) => <Tag color={TYPE_COLOR[v]}>{t(typeKey(v))}</Tag>,
    },
    { title: t('ext.name'), dataIndex: 'nameMasked', width: 100, fixed: 'left' },
    { title: t('ext.idNumber'), dataIndex: 'idNumberMasked', width: 190, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('ext.caseNo'), dataIndex: 'caseNo', width: 200, render: (v: string | null) => v ?? '—' },
    { title: t('ext.source'), dataIndex: 'source', width: 200, ellipsis: true },
    { title: t('ext.listedOn'), dataIndex: 'listedOn', width: 110 },
    { title: t('ext.removedOn'), dataIndex: 'removedOn', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('ext.status'),
      dataIndex: 'active',
      width: 90,
      render: (v: boolean, r) => (
        <StatusTag tone={v ? 'danger' : 'closed'} testId={`external-status-${r.id}`} data={{ status: v ? 'ACTIVE' : 'REMOVED' }}>
          {v ? t('ext.active') : t('ext.removed')}
        </StatusTag>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('ext.title')}
        subtitle={
          <>
            {t('ext.subtitle')}
            {businessDate ? ` ${t('ext.subtitleDate', { date: businessDate })}` : ''}
          </>
        }
        extra={
          can('import:create') ? (
            <Link to="/imports">
              <Button icon={<CloudUploadOutlined />} data-testid="external-import">
                {t('ext.import')}
              </Button>
            </Link>
          ) : undefined
        }
      />
      <Card>
        <PagedTable<ListEntry, Filters>
          query={list}
          columns={columns}
          settingsKey="external-lists"
          toolbar={
            <>
              <Select<ListType | 'ALL'>
                style={{ width: 180 }}
                value={list.draft.listType ?? 'ALL'}
                aria-label={t('ext.filter.type')}
                // a choice applies at once, as before
                onChange={(v) => list.search({ ...list.draft, listType: v === 'ALL' ? undefined : v })}
                options={[
                  { value: 'ALL', label: t('ext.filter.allTypes') },
                  ...LIST_TYPES.map((type) => ({ value: type, label: t(typeKey(type)) })),
                ]}
                data-testid="external-type-filter"
              />
              <Select<'ALL' | 'true' | 'false'>
                style={{ width: 140 }}
                value={list.draft.active ?? 'ALL'}
                aria-label={t('ext.filter.status')}
                onChange={(v) => list.search({ ...list.draft, active: v === 'ALL' ? undefined : v })}
                options={[
                  { value: 'ALL', label: t('ext.filter.allStatus') },
                  { value: 'true', label: t('ext.active') },
                  { value: 'false', label: t('ext.removed') },
                ]}
                data-testid="external-status-filter"
              />
              <Button onClick={list.reset} data-testid="external-reset">
                {t('common.reset')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="external-refresh">
                {t('common.refresh')}
              </Button>
            </>
          }
          exportTo={{ path: '/api/v1/external-lists', filename: t('ext.title'), onError: showError }}
          rowKey={(r) => String(r.id)}
          scroll={{ x: 1100 }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`external-row-${r.id}`)}
          pageSizeOptions={[10, 20, 50, 100]}
          emptyText={t('ext.empty')}
          testId="external-lists-table"
        />
      </Card>
    </>
  );
}
