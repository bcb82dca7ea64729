/** 外部名单: court enforcement, dishonest debtors and the bank blacklist (masked), filtered by type and status. */
import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Empty, Select, Table, Tag, type TableColumnsType } from 'antd';
import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MessageKey } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { externalListApi, LIST_TYPES, type ListEntry, type ListType } from './api';

const TYPE_COLOR: Record<ListType, string> = { COURT_ENFORCEMENT: 'orange', DISHONEST: 'red', BANK_BLACKLIST: 'purple' };
const typeKey = (type: ListType) => `ext.type.${type}` as MessageKey;

export function ExternalListsPage() {
  const { t } = useI18n();
  const can = useCan();
  const [listType, setListType] = useState<ListType | undefined>(undefined);
  const [active, setActive] = useState<'true' | 'false' | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const { data, loading, reload } = useAsync(
    (signal) => externalListApi.list({ page, pageSize, listType, active }, signal),
    [page, pageSize, listType, active],
    { onError: showError },
  );

  const columns: TableColumnsType<ListEntry> = [
    {
      title: t('ext.listType'),
      dataIndex: 'listType',
      width: 130,
      render: (v: ListType) => <Tag color={TYPE_COLOR[v]}>{t(typeKey(v))}</Tag>,
    },
    { title: t('ext.name'), dataIndex: 'nameMasked', width: 100 },
    { title: t('ext.idNumber'), dataIndex: 'idNumberMasked', width: 190, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('ext.caseNo'), dataIndex: 'caseNo', width: 200, render: (v: string | null) => v ?? '—' },
    { title: t('ext.source'), dataIndex: 'source', ellipsis: true },
    { title: t('ext.listedOn'), dataIndex: 'listedOn', width: 110 },
    { title: t('ext.removedOn'), dataIndex: 'removedOn', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('ext.status'),
      dataIndex: 'active',
      width: 90,
      render: (v: boolean, r) => (
        <Tag color={v ? 'error' : 'default'} data-testid={`external-status-${r.id}`}>
          {v ? t('ext.active') : t('ext.removed')}
        </Tag>
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
            {data?.businessDate ? ` ${t('ext.subtitleDate', { date: data.businessDate })}` : ''}
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
        <div className="hn-toolbar">
          <Select<ListType | 'ALL'>
            style={{ width: 180 }}
            value={listType ?? 'ALL'}
            aria-label={t('ext.filter.type')}
            onChange={(v) => {
              setListType(v === 'ALL' ? undefined : v);
              setPage(1);
            }}
            options={[
              { value: 'ALL', label: t('ext.filter.allTypes') },
              ...LIST_TYPES.map((type) => ({ value: type, label: t(typeKey(type)) })),
            ]}
            data-testid="external-type-filter"
          />
          <Select<'ALL' | 'true' | 'false'>
            style={{ width: 140 }}
            value={active ?? 'ALL'}
            aria-label={t('ext.filter.status')}
            onChange={(v) => {
              setActive(v === 'ALL' ? undefined : v);
              setPage(1);
            }}
            options={[
              { value: 'ALL', label: t('ext.filter.allStatus') },
              { value: 'true', label: t('ext.active') },
              { value: 'false', label: t('ext.removed') },
            ]}
            data-testid="external-status-filter"
          />
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="external-refresh">
            {t('common.refresh')}
          </Button>
        </div>
        <Table<ListEntry>
          rowKey={(r) => String(r.id)}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 1100 }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`external-row-${r.id}`)}
          locale={{ emptyText: <Empty description={t('ext.empty')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, ps) => {
              setPage(ps !== pageSize ? 1 : p);
              setPageSize(ps);
            },
          }}
          data-testid="external-lists-table"
        />
      </Card>
    </>
  );
}
