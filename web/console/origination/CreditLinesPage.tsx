/** 授信额度: credit lines in the user's data scope, by status or customer. */
import { useState, type HTMLAttributes } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Empty, Input, Progress, Select, Space, Table, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { CREDIT_LINE_STATUSES, originationApi, type CreditLine } from './api';
import { usedPercent, yuan } from './money';
import { CreditLineStatusTag, useProducts } from './ui';

export function CreditLinesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const products = useProducts();
  const status = params.get('status') ?? undefined;
  const customerId = params.get('customerId') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(5, Number(params.get('pageSize')) || 20));
  const [customerInput, setCustomerInput] = useState(customerId ?? '');

  const update = (next: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };

  const { data, loading, reload } = useAsync(
    (signal) => originationApi.creditLines({ status, customerId, page, pageSize }, signal),
    [status, customerId, page, pageSize],
    { onError: showError },
  );

  const columns: TableColumnsType<CreditLine> = [
    { title: t('orig.lineId'), dataIndex: 'id', width: 90 },
    { title: t('orig.customer'), key: 'customer', width: 130, render: (_: unknown, l) => l.customerNameMasked ?? `#${l.customerId}` },
    { title: t('orig.product'), dataIndex: 'productCode', width: 110, render: (c: string) => products.nameOf(c) },
    { title: t('orig.limit'), dataIndex: 'limit', width: 130, align: 'right', render: (v: string) => yuan(v) },
    { title: t('orig.available'), dataIndex: 'available', width: 130, align: 'right', render: (v: string) => yuan(v) },
    {
      title: t('orig.usedPct'),
      key: 'used',
      width: 160,
      render: (_: unknown, l) => <Progress percent={usedPercent(l.limit, l.available, l.used)} size="small" status={l.status === 'FROZEN' ? 'exception' : 'normal'} />,
    },
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: string) => <CreditLineStatusTag status={s} /> },
    { title: t('orig.rate'), dataIndex: 'annualRatePct', width: 90, render: (v: string) => (v ? `${v}%` : '—') },
    { title: t('orig.expiry'), dataIndex: 'expiryDate', width: 120 },
    { title: t('orig.openedOn'), dataIndex: 'openedOn', width: 120 },
  ];

  return (
    <>
      <PageHeader title={t('orig.lines.title')} subtitle={t('orig.lines.subtitle')} />
      <Card
        title={
          <Space wrap>
            <Select
              allowClear
              style={{ width: 150 }}
              placeholder={t('orig.filter.status')}
              value={status}
              onChange={(v?: string) => update({ status: v, page: undefined })}
              options={CREDIT_LINE_STATUSES.map((s) => ({ value: s, label: tryT(t, `orig.lineStatus.${s}`, s) }))}
              data-testid="lines-status-filter"
            />
            <Input.Search
              allowClear
              style={{ width: 200 }}
              placeholder={t('orig.filter.customerId')}
              value={customerInput}
              onChange={(e) => setCustomerInput(e.target.value.replace(/\D/g, ''))}
              onSearch={(v) => update({ customerId: v.trim() || undefined, page: undefined })}
              data-testid="lines-customer-filter"
            />
          </Space>
        }
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        }
      >
        <Table<CreditLine>
          rowKey={(r) => String(r.id)}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 1200 }}
          rowClassName={() => 'hn-clickable-row'}
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`line-row-${r.id}`),
            onClick: () => navigate(`/credit-lines/${encodeURIComponent(String(r.id))}`),
          })}
          locale={{ emptyText: <Empty description={t('orig.lines.empty')} /> }}
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
