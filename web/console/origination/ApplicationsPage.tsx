/** 贷款申请: the applications in the user's data scope, filtered by status and product. */
import type { HTMLAttributes } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Empty, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { APPLICATION_STATUSES, originationApi, type ApplicationListItem } from './api';
import { yuan } from './money';
import { ApplicationStatusTag, OutcomeTag, useProducts } from './ui';

export function ApplicationsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const products = useProducts();
  const status = params.get('status') ?? undefined;
  const productCode = params.get('product') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(5, Number(params.get('pageSize')) || 20));

  const update = (next: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };

  const { data, loading, reload } = useAsync(
    (signal) => originationApi.applications({ status, productCode, page, pageSize }, signal),
    [status, productCode, page, pageSize],
    { onError: showError },
  );

  const columns: TableColumnsType<ApplicationListItem> = [
    { title: t('orig.appId'), dataIndex: 'id', width: 90 },
    { title: t('orig.customer'), key: 'customer', width: 110, render: (_: unknown, r) => r.customerNameMasked ?? `#${r.customerId}` },
    { title: t('orig.product'), dataIndex: 'productCode', width: 110, render: (c: string) => products.nameOf(c) },
    { title: t('orig.channel'), dataIndex: 'channel', width: 120, render: (c: string) => tryT(t, `orig.channel.${c}`, c) },
    { title: t('orig.requested'), dataIndex: 'requestedAmount', width: 130, align: 'right', render: (v: string) => yuan(v) },
    { title: t('common.status'), dataIndex: 'status', width: 120, render: (s: string) => <ApplicationStatusTag status={s} /> },
    { title: t('orig.outcome'), dataIndex: 'outcome', width: 100, render: (o: string | null) => <OutcomeTag outcome={o} /> },
    { title: t('orig.grade'), dataIndex: 'grade', width: 70, render: (g: string | null) => g ?? '—' },
    { title: t('orig.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('orig.deadline'),
      dataIndex: 'deadlineAt',
      width: 160,
      render: (v: string | null) => (v ? <Typography.Text type={new Date(v).getTime() < Date.now() ? 'danger' : undefined}>{formatDateTime(v)}</Typography.Text> : '—'),
    },
  ];

  return (
    <>
      <PageHeader title={t('orig.apps.title')} subtitle={t('orig.apps.subtitle')} />
      <Card
        title={
          <Space wrap>
            <Select
              allowClear
              style={{ width: 170 }}
              placeholder={t('orig.filter.status')}
              value={status}
              onChange={(v?: string) => update({ status: v, page: undefined })}
              options={APPLICATION_STATUSES.map((s) => ({ value: s, label: tryT(t, `orig.status.${s}`, s) }))}
              data-testid="applications-status-filter"
            />
            <Select
              allowClear
              style={{ width: 170 }}
              placeholder={t('orig.filter.product')}
              value={productCode}
              onChange={(v?: string) => update({ product: v, page: undefined })}
              options={products.options}
              data-testid="applications-product-filter"
            />
          </Space>
        }
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        }
      >
        <Table<ApplicationListItem>
          rowKey={(r) => String(r.id)}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 1200 }}
          rowClassName={() => 'hn-clickable-row'}
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`application-row-${r.id}`),
            onClick: () => navigate(`/applications/${encodeURIComponent(String(r.id))}`),
          })}
          locale={{ emptyText: <Empty description={t('orig.apps.empty')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, ps) => update({ page: ps !== pageSize || p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }),
          }}
        />
      </Card>
    </>
  );
}
