import { useMemo, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Empty, Select, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { REVIEW_STATUSES, reviewApi, type ReviewRequest, type ReviewStatus } from './api';
import { ReviewDrawer } from './ReviewDrawer';
import { personText, ReviewStatusTag } from './ui';
import { useReviewCount } from './pendingCount';

const KNOWN_TYPES = ['STAFF_CREATE', 'ROLE_GRANT', 'ROLE_REVOKE', 'IMPORT', 'PRODUCT_PARAMS', 'LPR_RATE', 'DECISION_POLICY', 'REVIEW_POLICY'];

export function ReviewPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const { mine } = useReviewCount();

  const statusParam = params.get('status') as ReviewStatus | null;
  const status: ReviewStatus = statusParam && REVIEW_STATUSES.includes(statusParam) ? statusParam : 'PENDING';
  const type = params.get('type') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(5, Number(params.get('pageSize')) || 20));
  const openId = params.get('id');

  const update = (next: Record<string, string | number | undefined | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === null || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };

  const { data, loading, reload } = useAsync((signal) => reviewApi.list({ status, type, page, pageSize }, signal), [status, type, page, pageSize], {
    onError: showError,
  });

  const typeOptions = useMemo(() => {
    const names = new Map<string, string>();
    for (const code of KNOWN_TYPES) names.set(code, tryT(t, `review.type.${code}`, code));
    for (const r of data?.items ?? []) if (r.typeName) names.set(r.type, r.typeName);
    if (type && !names.has(type)) names.set(type, tryT(t, `review.type.${type}`, type));
    return [...names].map(([value, label]) => ({ value, label }));
  }, [data, t, type]);

  const columns: TableColumnsType<ReviewRequest> = [
    { title: t('review.type'), dataIndex: 'typeName', width: 140, render: (name: string, r) => <Tag>{name || r.type}</Tag> },
    {
      title: t('review.titleCol'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, r) => (
        <>
          <Typography.Text>{title}</Typography.Text>
          {r.status === 'PENDING' && r.canCheck && (
            <Tag color="gold" style={{ marginInlineStart: 8 }}>
              {t('review.mine')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('review.maker'), dataIndex: 'maker', width: 170, render: (m: ReviewRequest['maker']) => personText(m) },
    { title: t('review.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    ...(status !== 'PENDING'
      ? ([
          { title: t('review.checker'), dataIndex: 'checker', width: 170, render: (c: ReviewRequest['checker']) => personText(c) },
          { title: t('review.decidedAt'), dataIndex: 'decidedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
        ] as TableColumnsType<ReviewRequest>)
      : []),
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: string) => <ReviewStatusTag status={s} /> },
  ];

  return (
    <>
      <PageHeader title={t('review.title')} subtitle={t('review.subtitle')} />
      <Card>
        <Tabs
          activeKey={status}
          onChange={(k) => update({ status: k === 'PENDING' ? undefined : k, page: undefined, id: undefined })}
          items={REVIEW_STATUSES.map((s) => ({
            key: s,
            label:
              s === 'PENDING' && mine ? (
                <span data-testid={`review-tab-${s}`}>
                  {t(`review.tab.${s}`)} <Badge count={mine} size="small" />
                </span>
              ) : (
                <span data-testid={`review-tab-${s}`}>{t(`review.tab.${s}`)}</span>
              ),
          }))}
          tabBarExtraContent={
            <div style={{ display: 'flex', gap: 8 }}>
              <Select
                allowClear
                style={{ width: 180 }}
                placeholder={t('review.typeFilter')}
                value={type}
                options={typeOptions}
                onChange={(v?: string) => update({ type: v, page: undefined })}
                data-testid="review-type-filter"
              />
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </div>
          }
        />
        <Table<ReviewRequest>
          rowKey={(r) => String(r.id)}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          size="middle"
          rowClassName={() => 'hn-clickable-row'}
          onRow={(r) => ({ ...tid<HTMLAttributes<HTMLElement>>(`review-row-${r.id}`), onClick: () => update({ id: String(r.id) }) })}
          locale={{ emptyText: <Empty description={t(`review.empty.${status}`)} /> }}
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
      <ReviewDrawer id={openId} onClose={() => update({ id: undefined })} onDecided={() => reload()} />
    </>
  );
}
