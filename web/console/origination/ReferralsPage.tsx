/** 人工审批: referred and contested applications, oldest deadline first; overdue ones in red. */
import type { HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Empty, Table, Tag, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { originationApi, type ReferralItem } from './api';
import { yuan } from './money';
import { ReferralDrawer } from './ReferralDrawer';
import { ApplicationStatusTag, Countdown, useProducts } from './ui';

export function ReferralsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const products = useProducts();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(5, Number(params.get('pageSize')) || 20));
  const openId = params.get('id');

  const update = (next: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };

  const { data, loading, reload } = useAsync((signal) => originationApi.referrals(page, pageSize, signal), [page, pageSize], { onError: showError });
  const items = data?.items ?? [];
  const overdueCount = items.filter((r) => r.overdue).length;

  const columns: TableColumnsType<ReferralItem> = [
    { title: t('orig.appId'), dataIndex: 'id', width: 90 },
    { title: t('orig.customer'), key: 'customer', width: 110, render: (_: unknown, r) => r.customerNameMasked ?? `#${r.customerId}` },
    { title: t('orig.product'), dataIndex: 'productCode', width: 110, render: (c: string) => products.nameOf(c) },
    { title: t('orig.requested'), dataIndex: 'requestedAmount', width: 130, align: 'right', render: (v: string) => yuan(v) },
    {
      title: t('orig.ref.reason'),
      dataIndex: 'reason',
      width: 130,
      render: (r: string) => <Tag color={r === 'MANUAL_REVIEW' ? 'purple' : 'orange'}>{tryT(t, `orig.ref.reason.${r}`, r)}</Tag>,
    },
    { title: t('common.status'), dataIndex: 'status', width: 120, render: (s: string) => <ApplicationStatusTag status={s} /> },
    { title: t('orig.grade'), dataIndex: 'grade', width: 70, render: (g: string | null) => g ?? '—' },
    { title: t('orig.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('orig.deadline'), dataIndex: 'deadlineAt', width: 160, render: (v: string | null) => formatDateTime(v) },
    { title: t('orig.ref.countdown'), key: 'countdown', width: 150, render: (_: unknown, r) => <Countdown deadlineAt={r.deadlineAt} overdue={r.overdue} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('orig.ref.title')}
        subtitle={t('orig.ref.subtitle')}
        extra={overdueCount > 0 ? <Badge status="error" text={t('orig.ref.overdueCount', { n: overdueCount })} /> : undefined}
      />
      <Card
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        }
        title={t('orig.ref.queue')}
      >
        <Table<ReferralItem>
          rowKey={(r) => String(r.id)}
          columns={columns}
          dataSource={items}
          loading={loading}
          size="middle"
          scroll={{ x: 1200 }}
          rowClassName={(r) => (r.overdue ? 'hn-clickable-row hn-orig-overdue' : 'hn-clickable-row')}
          onRow={(r) => ({ ...tid<HTMLAttributes<HTMLElement>>(`referral-row-${r.id}`), onClick: () => update({ id: String(r.id) }) })}
          locale={{ emptyText: <Empty description={t('orig.ref.empty')} /> }}
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
      <ReferralDrawer id={openId} onClose={() => update({ id: undefined })} onDecided={reload} />
    </>
  );
}
