/** 客户管理: customers within the user's data scope, masked; exact search; detail drawer. */
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Input, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Id } from '../../shared/api';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import type { CustomerSort } from '../../../src/modules/customers/customers.contract';
import { customerApi, type CustomerListItem } from './api';
import { CustomerDetailDrawer } from './CustomerDetailDrawer';

/** The sum of the column widths below (px). */
const TABLE_WIDTH = 1130;

type Filters = { q?: string };

export function CustomersPage() {
  const { t } = useI18n();
  const [qInput, setQInput] = useState('');
  const [detailId, setDetailId] = useState<Id | null>(null);

  const list = usePagedQuery<CustomerListItem, Filters, CustomerSort>(
    (q, signal) => customerApi.list({ ...q, q: q.q || undefined }, signal),
    { onError: showError },
  );
  const { reload } = list;

  const search = (v: string) => list.search({ q: v.trim() || undefined });

  // Widths add up to TABLE_WIDTH, which fits a 1,440 px screen beside the menu: there the fixed
  // action column covers nothing; a narrower window scrolls the table under it. Columns with
  // `sorter: true` are sorted by the server (their dataIndex is the list's sort field).
  const columns: TableColumnsType<CustomerListItem> = [
    { title: t('customers.name'), dataIndex: 'nameMasked', width: 90, fixed: 'left' },
    {
      title: t('customers.idNumber'),
      dataIndex: 'idNumberMasked',
      width: 180,
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    { title: t('customers.mobile'), dataIndex: 'mobileMasked', width: 120, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('customers.age'), dataIndex: 'age', width: 80, align: 'right', sorter: true },
    { title: t('customers.sex'), dataIndex: 'sex', width: 60, render: (s: string) => tryT(t, `customers.sex.${s}`, s) },
    { title: t('customers.region'), dataIndex: 'regionCode', width: 80, render: (v: string) => <span className="hn-mono">{v}</span> },
    {
      title: t('customers.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: string) => <Tag color={k === 'INDIVIDUAL_BUSINESS' ? 'blue' : 'default'}>{tryT(t, `customers.kind.${k}`, k)}</Tag>,
    },
    { title: t('customers.branch'), dataIndex: 'branchName', width: 130, ellipsis: true, render: (b: string | null) => b ?? '—' },
    {
      title: t('customers.officer'),
      dataIndex: 'officerName',
      width: 90,
      render: (o: string | null, row) =>
        o ?? (row.officerId === null ? <Typography.Text type="secondary">{t('customers.unassigned')}</Typography.Text> : '—'),
    },
    { title: t('customers.firstSeen'), dataIndex: 'firstSeenDate', width: 130, sorter: true },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 70,
      fixed: 'right',
      render: (_: unknown, row) => (
        <Button
          type="link"
          size="small"
          data-testid={`customer-detail-${row.id}`}
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
      <PageHeader title={t('customers.title')} subtitle={t('customers.subtitle')} />
      <Card>
        <PagedTable<CustomerListItem, Filters>
          query={list}
          columns={columns}
          settingsKey="customers"
          toolbar={
            <>
              <Input.Search
                allowClear
                style={{ width: 300 }}
                placeholder={t('customers.searchPlaceholder')}
                title={t('customers.searchHint')}
                value={qInput}
                onChange={(e) => {
                  setQInput(e.target.value);
                  if (!e.target.value) search('');
                }}
                onSearch={search}
                data-testid="customer-search"
              />
              <Button
                onClick={() => {
                  setQInput('');
                  search('');
                }}
              >
                {t('common.reset')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={reload}>
                {t('common.refresh')}
              </Button>
            </>
          }
          exportTo={{ path: '/api/v1/customers', filename: t('customers.title'), onError: showError }}
          rowKey={(r) => String(r.id)}
          size="middle"
          tableLayout={undefined}
          scroll={{ x: TABLE_WIDTH }}
          rowClassName={() => 'hn-clickable-row'}
          onRow={(r) => ({ ...tid<HTMLAttributes<HTMLElement>>(`customer-row-${r.id}`), onClick: () => setDetailId(r.id) })}
          emptyText={t('customers.empty')}
          pageSizeOptions={[10, 20, 50, 100]}
        />
      </Card>
      <CustomerDetailDrawer customerId={detailId} onClose={() => setDetailId(null)} />
    </>
  );
}
