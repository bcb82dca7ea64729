/** 贷款申请: the applications in the user's data scope, filtered by status and product, with 导出 Excel. */
import { useNavigate } from 'react-router-dom';
import { Typography, type TableColumnsType } from 'antd';
import { tryT, useI18n } from '../i18n';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { APPLICATION_STATUSES } from './api';
import {
  ADDRESS_FILTERS,
  ApplicationStatusBadge,
  FilterSelect,
  listPage,
  OriginationList,
  OutcomeBadge,
  useKeyColumns,
  useOriginationList,
  useProductOptions,
  type ApplicationFilters,
  type ApplicationListItem,
} from './lists';
import { yuan } from './money';

export function ApplicationsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const productOptions = useProductOptions();
  const list = useOriginationList<ApplicationListItem, ApplicationFilters>(listPage.applications, ADDRESS_FILTERS.applications);

  const columns: TableColumnsType<ApplicationListItem> = [
    ...useKeyColumns<ApplicationListItem>(t('orig.appId')),
    { title: t('orig.channel'), dataIndex: 'channel', width: 120, render: (c: string) => tryT(t, `orig.channel.${c}`, c) },
    { title: t('orig.requested'), dataIndex: 'requestedAmount', width: 130, align: 'right', render: (v: string) => yuan(v) },
    { title: t('orig.outcome'), dataIndex: 'outcome', width: 100, render: (o: string | null) => <OutcomeBadge outcome={o} /> },
    { title: t('orig.grade'), dataIndex: 'grade', width: 70, render: (g: string | null) => g ?? '—' },
    { title: t('orig.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('orig.deadline'),
      dataIndex: 'deadlineAt',
      width: 160,
      render: (v: string | null) =>
        v ? <Typography.Text type={new Date(v).getTime() < Date.now() ? 'danger' : undefined}>{formatDateTime(v)}</Typography.Text> : '—',
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 120,
      fixed: 'right',
      render: (s: string) => <ApplicationStatusBadge status={s} />,
    },
  ];

  return (
    <>
      <PageHeader title={t('orig.apps.title')} subtitle={t('orig.apps.subtitle')} />
      <OriginationList<ApplicationListItem, ApplicationFilters>
        name="applications"
        list={list}
        columns={columns}
        exportName={t('orig.apps.title')}
        emptyText={t('orig.apps.empty')}
        testId="applications-table"
        rowTestId={(r) => `application-row-${r.id}`}
        onOpen={(r) => navigate(`/applications/${encodeURIComponent(String(r.id))}`)}
        filters={
          <>
            <FilterSelect
              list={list}
              field="status"
              placeholder={t('orig.filter.status')}
              options={APPLICATION_STATUSES.map((s) => ({ value: s, label: tryT(t, `orig.status.${s}`, s) }))}
              testId="applications-status-filter"
            />
            <FilterSelect
              list={list}
              field="productCode"
              placeholder={t('orig.filter.product')}
              options={productOptions}
              testId="applications-product-filter"
            />
          </>
        }
      />
    </>
  );
}
