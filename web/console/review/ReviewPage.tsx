import { useEffect, useMemo, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Select, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { REVIEW_STATUSES, reviewApi, type ReviewRequest, type ReviewStatus } from './api';
import { ReviewDrawer } from './ReviewDrawer';
import { personText, ReviewStatusTag } from './ui';
import { useReviewCount } from './pendingCount';

type Filters = { status?: ReviewStatus; type?: string };

const KNOWN_TYPES = [
  'STAFF_CREATE',
  'ROLE_GRANT',
  'ROLE_REVOKE',
  'IMPORT',
  'PRODUCT_PARAMS',
  'LPR_RATE',
  'DECISION_POLICY',
  'REVIEW_POLICY',
];

export function ReviewPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const { mine } = useReviewCount();

  const statusParam = params.get('status') as ReviewStatus | null;
  const status: ReviewStatus = statusParam && REVIEW_STATUSES.includes(statusParam) ? statusParam : 'PENDING';
  const type = params.get('type') ?? undefined;
  const openId = params.get('id');

  const update = (next: Record<string, string | number | undefined | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === null || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };

  // the tab and the type live in the address (links open a tab and a request); the list follows them
  const list = usePagedQuery<ReviewRequest, Filters>((q, signal) => reviewApi.list(q, signal), {
    initialFilters: { status, type },
    onError: showError,
  });
  const { reload, search, filters } = list;
  useEffect(() => {
    if (filters.status !== status || filters.type !== type) search({ status, type });
  }, [status, type, filters.status, filters.type, search]);
  const data = list.data;

  const typeOptions = useMemo(() => {
    const names = new Map<string, string>();
    for (const code of KNOWN_TYPES) names.set(code, tryT(t, `review.type.${code}`, code));
    for (const r of data?.items ?? []) if (r.typeName) names.set(r.type, r.typeName);
    if (type && !names.has(type)) names.set(type, tryT(t, `review.type.${type}`, type));
    return [...names].map(([value, label]) => ({ value, label }));
  }, [data, t, type]);

  const columns: TableColumnsType<ReviewRequest> = [
    { title: t('review.type'), dataIndex: 'typeName', width: 140, fixed: 'left', render: (name: string, r) => <Tag>{name || r.type}</Tag> },
    {
      title: t('review.titleCol'),
      dataIndex: 'title',
      width: 320,
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
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: ReviewRequest['status']) => <ReviewStatusTag status={s} /> },
  ];

  return (
    <>
      <PageHeader title={t('review.title')} subtitle={t('review.subtitle')} />
      <Card>
        <Tabs
          activeKey={status}
          onChange={(k) => update({ status: k === 'PENDING' ? undefined : k, id: undefined })}
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
        />
        <PagedTable<ReviewRequest, Filters>
          query={list}
          columns={columns}
          settingsKey={`review-${status}`}
          toolbar={
            <>
              <Select
                allowClear
                style={{ width: 180 }}
                placeholder={t('review.typeFilter')}
                value={type}
                options={typeOptions}
                onChange={(v?: string) => update({ type: v })}
                data-testid="review-type-filter"
              />
              <Button onClick={() => update({ type: undefined })}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
          exportTo={{ path: '/api/v1/review/requests', filename: t('review.title'), onError: showError }}
          rowKey={(r) => String(r.id)}
          rowClassName={() => 'hn-clickable-row'}
          onRow={(r) => ({ ...tid<HTMLAttributes<HTMLElement>>(`review-row-${r.id}`), onClick: () => update({ id: String(r.id) }) })}
          emptyText={t(`review.empty.${status}`)}
          testId="review-list"
        />
      </Card>
      <ReviewDrawer id={openId} onClose={() => update({ id: undefined })} onDecided={() => reload()} />
    </>
  );
}
