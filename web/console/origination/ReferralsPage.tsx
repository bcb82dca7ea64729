/** 人工审批: referred and contested applications, oldest deadline first; overdue ones in red; 导出 Excel of the queue. */
import { useSearchParams } from 'react-router-dom';
import { Badge, type TableColumnsType } from 'antd';
import { REFERRAL_STATUSES } from '../../../src/modules/origination/origination.contract';
import { tryT, useI18n } from '../i18n';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import {
  ADDRESS_FILTERS,
  ApplicationStatusBadge,
  FilterSelect,
  listPage,
  OriginationList,
  ReferralReasonBadge,
  useKeyColumns,
  useOriginationList,
  useProductOptions,
  type ApplicationListItem,
  type ReferralFilters,
} from './lists';
import { yuan } from './money';
import { ReferralDrawer } from './ReferralDrawer';
import { Countdown } from './ui';

export function ReferralsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const productOptions = useProductOptions();
  const openId = params.get('id');
  const list = useOriginationList<ApplicationListItem, ReferralFilters>(listPage.referrals, ADDRESS_FILTERS.referrals);
  const overdueCount = list.items.filter((r) => r.overdue).length;

  const open = (id: string | undefined) => {
    const p = new URLSearchParams(params);
    if (id === undefined) p.delete('id');
    else p.set('id', id);
    setParams(p);
  };

  const columns: TableColumnsType<ApplicationListItem> = [
    ...useKeyColumns<ApplicationListItem>(t('orig.appId')),
    { title: t('orig.requested'), dataIndex: 'requestedAmount', width: 130, align: 'right', render: (v: string) => yuan(v) },
    { title: t('orig.ref.reason'), dataIndex: 'reason', width: 130, render: (r: string | null) => <ReferralReasonBadge reason={r} /> },
    { title: t('orig.grade'), dataIndex: 'grade', width: 70, render: (g: string | null) => g ?? '—' },
    { title: t('orig.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('orig.deadline'), dataIndex: 'deadlineAt', width: 160, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('orig.ref.countdown'),
      key: 'countdown',
      width: 150,
      render: (_: unknown, r) => <Countdown deadlineAt={r.deadlineAt} overdue={r.overdue} />,
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
      <PageHeader
        title={t('orig.ref.title')}
        subtitle={t('orig.ref.subtitle')}
        extra={overdueCount > 0 ? <Badge status="error" text={t('orig.ref.overdueCount', { n: overdueCount })} /> : undefined}
      />
      <OriginationList<ApplicationListItem, ReferralFilters>
        name="referrals"
        list={list}
        columns={columns}
        cardTitle={t('orig.ref.queue')}
        exportName={t('orig.ref.title')}
        emptyText={t('orig.ref.empty')}
        testId="referrals-table"
        rowTestId={(r) => `referral-row-${r.id}`}
        rowClassName={(r) => (r.overdue ? 'hn-clickable-row hn-orig-overdue' : 'hn-clickable-row')}
        onOpen={(r) => open(String(r.id))}
        filters={
          <>
            <FilterSelect
              list={list}
              field="status"
              placeholder={t('orig.filter.status')}
              options={REFERRAL_STATUSES.map((s) => ({ value: s, label: tryT(t, `orig.status.${s}`, s) }))}
              testId="referrals-status-filter"
            />
            <FilterSelect
              list={list}
              field="productCode"
              placeholder={t('orig.filter.product')}
              options={productOptions}
              testId="referrals-product-filter"
            />
          </>
        }
      />
      <ReferralDrawer id={openId} onClose={() => open(undefined)} onDecided={list.reload} />
    </>
  );
}
