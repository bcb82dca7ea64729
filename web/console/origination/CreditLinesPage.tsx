/** 授信额度: credit lines in the user's data scope, by status or customer, with 导出 Excel. */
import { useNavigate } from 'react-router-dom';
import { Input, Progress, type TableColumnsType } from 'antd';
import { tryT, useI18n } from '../i18n';
import { PageHeader } from '../shell/pages';
import { CREDIT_LINE_STATUSES } from './api';
import {
  ADDRESS_FILTERS,
  CreditLineStatusBadge,
  FilterSelect,
  listPage,
  OriginationList,
  useKeyColumns,
  useOriginationList,
  type CreditLineFilters,
  type CreditLineSummary,
} from './lists';
import { usedPercent, yuan } from './money';

/** A customer number typed in the filter: digits only, none = no filter. */
function customerIdOf(text: string): number | undefined {
  const n = Number(text.replace(/\D/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function CreditLinesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = useOriginationList<CreditLineSummary, CreditLineFilters>(listPage.creditLines, ADDRESS_FILTERS.creditLines);
  const { draft, setDraft, search } = list;

  const columns: TableColumnsType<CreditLineSummary> = [
    ...useKeyColumns<CreditLineSummary>(t('orig.lineId')),
    { title: t('orig.limit'), dataIndex: 'limit', width: 130, align: 'right', render: (v: string) => yuan(v) },
    { title: t('orig.available'), dataIndex: 'available', width: 130, align: 'right', render: (v: string) => yuan(v) },
    {
      title: t('orig.usedPct'),
      key: 'used',
      width: 160,
      render: (_: unknown, l) => (
        <Progress
          percent={usedPercent(l.limit, l.available, l.used)}
          size="small"
          status={l.status === 'FROZEN' ? 'exception' : 'normal'}
        />
      ),
    },
    { title: t('orig.rate'), dataIndex: 'annualRatePct', width: 90, render: (v: string) => (v ? `${v}%` : '—') },
    { title: t('orig.expiry'), dataIndex: 'expiryDate', width: 120 },
    { title: t('orig.openedOn'), dataIndex: 'openedOn', width: 120 },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      fixed: 'right',
      render: (s: string) => <CreditLineStatusBadge status={s} />,
    },
  ];

  return (
    <>
      <PageHeader title={t('orig.lines.title')} subtitle={t('orig.lines.subtitle')} />
      <OriginationList<CreditLineSummary, CreditLineFilters>
        name="creditLines"
        list={list}
        columns={columns}
        exportName={t('orig.lines.title')}
        emptyText={t('orig.lines.empty')}
        testId="lines-table"
        rowTestId={(r) => `line-row-${r.id}`}
        onOpen={(r) => navigate(`/credit-lines/${encodeURIComponent(String(r.id))}`)}
        filters={
          <>
            <FilterSelect
              list={list}
              field="status"
              width={150}
              placeholder={t('orig.filter.status')}
              options={CREDIT_LINE_STATUSES.map((s) => ({ value: s, label: tryT(t, `orig.lineStatus.${s}`, s) }))}
              testId="lines-status-filter"
            />
            <Input.Search
              allowClear
              style={{ width: 200 }}
              placeholder={t('orig.filter.customerId')}
              value={draft.customerId === undefined ? '' : String(draft.customerId)}
              onChange={(e) => setDraft((d) => ({ ...d, customerId: customerIdOf(e.target.value) }))}
              onSearch={(v) => search({ ...draft, customerId: customerIdOf(v) })}
              data-testid="lines-customer-filter"
            />
          </>
        }
      />
    </>
  );
}
