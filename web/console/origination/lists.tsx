/**
 * What the origination lists (贷款申请, 人工审批, 授信额度) share, on the console's one list
 * mechanism (web/shared/list): their endpoints and typed page fetchers (row types from the
 * origination contract), their status tones, the key columns every one of them starts with, the
 * filter select that applies at once, and the card with the paged table, 查询 / 重置 / 刷新 and
 * 导出 Excel of the applied filters.
 */
import type { HTMLAttributes, ReactNode } from 'react';
import { Button, Card, Select, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type {
  ApplicationListItem,
  ApplicationStatus,
  CreditLineStatus,
  CreditLineSummary,
  ReferralListQuery,
} from '../../../src/modules/origination/origination.contract';
import { api, type Page } from '../../shared/api';
import { PagedTable, StatusTag, defineStatusTones, type Filters, type PagedQuery, type PageRequest, type StatusTone } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { tid } from '../shell/testid';
import { useProducts } from './ui';

export type { ApplicationListItem, CreditLineSummary };

// ---------- endpoints and filters ----------

export const ORIGINATION_LISTS = {
  applications: '/api/v1/applications',
  referrals: '/api/v1/referrals',
  creditLines: '/api/v1/credit-lines',
} as const;
export type OriginationListName = keyof typeof ORIGINATION_LISTS;

export type ApplicationFilters = { status?: ApplicationStatus; productCode?: string };
export type ReferralFilters = { status?: NonNullable<ReferralListQuery['status']>; productCode?: string };
export type CreditLineFilters = { status?: CreditLineStatus; customerId?: number };

function pageOf<T, F extends Filters>(name: OriginationListName) {
  return (q: F & PageRequest, signal: AbortSignal) => api.get<Page<T>>(ORIGINATION_LISTS[name], q, { signal });
}

/** One page of each list under the applied filters (the same query its export carries). */
export const listPage = {
  applications: pageOf<ApplicationListItem, ApplicationFilters>('applications'),
  referrals: pageOf<ApplicationListItem, ReferralFilters>('referrals'),
  creditLines: pageOf<CreditLineSummary, CreditLineFilters>('creditLines'),
};

// ---------- status tags ----------

const APPLICATION_TONES = defineStatusTones<ApplicationStatus>({
  APPROVED: 'success',
  DECLINED: 'danger',
  REFERRED: 'warning',
  MANUAL_REVIEW: 'pending',
  PENDING_GUARANTEE: 'pending',
  SUBMITTED: 'info',
  CANCELLED: 'closed',
});
const LINE_TONES = defineStatusTones<CreditLineStatus>({ ACTIVE: 'success', FROZEN: 'danger', CLOSED: 'closed', EXPIRED: 'closed' });
const OUTCOME_TONES = defineStatusTones<'APPROVE' | 'DECLINE' | 'REFER'>({ APPROVE: 'success', DECLINE: 'danger', REFER: 'warning' });
const REASON_TONES = defineStatusTones<'ENGINE_REFERRAL' | 'MANUAL_REVIEW'>({ ENGINE_REFERRAL: 'warning', MANUAL_REVIEW: 'pending' });

const toneOf = (tones: Record<string, StatusTone>, code: string): StatusTone => tones[code] ?? 'closed';

export function ApplicationStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={toneOf(APPLICATION_TONES, status)} testId={`application-status-${status}`} data={{ status }}>
      {tryT(t, `orig.status.${status}`, status)}
    </StatusTag>
  );
}

export function CreditLineStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={toneOf(LINE_TONES, status)} data={{ status }}>
      {tryT(t, `orig.lineStatus.${status}`, status)}
    </StatusTag>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string | null }) {
  const { t } = useI18n();
  if (!outcome) return <>—</>;
  return (
    <StatusTag tone={toneOf(OUTCOME_TONES, outcome)} data={{ outcome }}>
      {tryT(t, `orig.outcome.${outcome}`, outcome)}
    </StatusTag>
  );
}

export function ReferralReasonBadge({ reason }: { reason: string | null }) {
  const { t } = useI18n();
  if (!reason) return <>—</>;
  return (
    <StatusTag tone={toneOf(REASON_TONES, reason)} data={{ reason }}>
      {tryT(t, `orig.ref.reason.${reason}`, reason)}
    </StatusTag>
  );
}

// ---------- columns and filters ----------

type Keyed = { id: number; customerId: number; customerNameMasked: string | null; productCode: string };

/** The columns every origination list starts with: its number and the customer (both kept in view), then the product. */
export function useKeyColumns<T extends Keyed>(idTitle: string): TableColumnsType<T> {
  const { t } = useI18n();
  const products = useProducts();
  return [
    { title: idTitle, dataIndex: 'id', width: 90, fixed: 'left' },
    { title: t('orig.customer'), key: 'customer', width: 110, fixed: 'left', render: (_: unknown, r: T) => r.customerNameMasked ?? `#${r.customerId}` },
    { title: t('orig.product'), dataIndex: 'productCode', width: 110, render: (c: string) => products.nameOf(c) },
  ];
}

/** The product choices of a filter. */
export function useProductOptions() {
  return useProducts().options;
}

/** A filter select that applies at once: choosing or clearing a value searches with it. */
export function FilterSelect<T, F extends Filters>(props: {
  list: PagedQuery<T, F>;
  field: keyof F & string;
  options: Array<{ value: string; label: ReactNode }>;
  placeholder: string;
  testId: string;
  width?: number;
}) {
  const { list, field, options, placeholder, testId, width = 170 } = props;
  const value = list.draft[field];
  return (
    <Select<string>
      allowClear
      style={{ width }}
      placeholder={placeholder}
      value={typeof value === 'string' ? value : undefined}
      onChange={(v) => list.search({ ...list.draft, [field]: v ?? undefined })}
      options={options}
      data-testid={testId}
    />
  );
}

// ---------- the list card ----------

export interface OriginationListProps<T extends { id: number }, F extends Filters> {
  name: OriginationListName;
  list: PagedQuery<T, F>;
  columns: TableColumnsType<T>;
  /** The workbook's name (the page title). */
  exportName: string;
  emptyText: string;
  /** The page's filters, left of 查询 / 重置 / 刷新. */
  filters: ReactNode;
  cardTitle?: ReactNode;
  rowTestId: (r: T) => string;
  onOpen: (r: T) => void;
  rowClassName?: (r: T) => string;
  testId: string;
}

export function OriginationList<T extends { id: number }, F extends Filters>(props: OriginationListProps<T, F>) {
  const { t } = useI18n();
  const { name, list, columns, exportName, emptyText, filters, cardTitle, rowTestId, onOpen, rowClassName, testId } = props;
  return (
    <Card title={cardTitle}>
      <PagedTable<T, F>
        query={list}
        columns={columns}
        rowKey="id"
        settingsKey={`origination-${name}`}
        testId={testId}
        emptyText={emptyText}
        exportTo={{ path: ORIGINATION_LISTS[name], filename: exportName, onError: showError }}
        toolbar={
          <>
            {filters}
            <Button type="primary" onClick={() => list.search()} data-testid={`${testId}-search`}>
              {t('common.search')}
            </Button>
            <Button onClick={list.reset} data-testid={`${testId}-reset`}>
              {t('common.reset')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </>
        }
        rowClassName={(r) => rowClassName?.(r) ?? 'hn-clickable-row'}
        onRow={(r) => ({ ...tid<HTMLAttributes<HTMLElement>>(rowTestId(r)), onClick: () => onOpen(r) })}
      />
    </Card>
  );
}
