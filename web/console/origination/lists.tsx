/**
 * What the origination lists (贷款申请, 人工审批, 授信额度) share, on the console's one list
 * mechanism (web/shared/list): their endpoints and typed page fetchers (row types from the
 * origination contract), their status tones, the key columns every one of them starts with, the
 * filter select that applies at once, and the card with the paged table, 查询 / 重置 / 刷新 and
 * 导出 Excel of the applied filters.
 */
import { useEffect, type HTMLAttributes, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Select, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import {
  APPLICATION_STATUSES,
  CREDIT_LINE_STATUSES,
  REFERRAL_STATUSES,
  type ApplicationListItem,
  type ApplicationStatus,
  type CreditLineStatus,
  type CreditLineSummary,
  type ReferralListQuery,
} from '../../../src/modules/origination/origination.contract';
import { api, type Page } from '../../shared/api';
import {
  PagedTable,
  StatusTag,
  defineStatusTones,
  usePagedQuery,
  type Filters,
  type PagedQuery,
  type PageRequest,
  type StatusTone,
} from '../../shared/list';
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

// ---------- the applied filters, kept in the address ----------

/** A filter's name in the address (?status=…&product=…) and how its text reads back. */
export type AddressFilters<F extends Filters> = { [K in keyof F & string]-?: { param: string; read: (text: string) => F[K] | undefined } };

const text = (v: string) => v || undefined;
const positiveInt = (v: string) => (/^\d{1,15}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
const oneOf =
  <S extends string>(values: readonly S[]) =>
  (v: string): S | undefined =>
    values.find((s) => s === v);

const applicationsAddress: AddressFilters<ApplicationFilters> = {
  status: { param: 'status', read: oneOf(APPLICATION_STATUSES) },
  productCode: { param: 'product', read: text },
};
const referralsAddress: AddressFilters<ReferralFilters> = {
  status: { param: 'status', read: oneOf(REFERRAL_STATUSES) },
  productCode: { param: 'product', read: text },
};
const creditLinesAddress: AddressFilters<CreditLineFilters> = {
  status: { param: 'status', read: oneOf(CREDIT_LINE_STATUSES) },
  customerId: { param: 'customerId', read: positiveInt },
};
/** Where each list keeps its applied filters in the address (the names the pages have always used). */
export const ADDRESS_FILTERS = { applications: applicationsAddress, referrals: referralsAddress, creditLines: creditLinesAddress };

/**
 * The list's paged query with its applied filters kept in the address, so that a link carries them
 * and going back from a detail page shows the list as it was. Other address parameters (the
 * referral drawer's ?id=) are left alone.
 */
export function useOriginationList<T, F extends Filters>(
  fetchPage: (q: F & PageRequest, signal: AbortSignal) => Promise<Page<T>>,
  address: AddressFilters<F>,
): PagedQuery<T, F> {
  const [params, setParams] = useSearchParams();
  const list = usePagedQuery<T, F>(fetchPage, { onError: showError });
  const fields = Object.entries(address) as Array<[keyof F & string, { param: string; read: (text: string) => unknown }]>;

  // On arrival: the filters the address names are applied.
  useEffect(() => {
    const found: Filters = {};
    for (const [field, { param, read }] of fields) {
      const v = params.get(param);
      const value = v === null ? undefined : read(v);
      if (value !== undefined) found[field] = value as Filters[string];
    }
    if (Object.keys(found).length > 0) list.search(found as F);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Whenever the applied filters change: the address says them.
  const applied = JSON.stringify(list.filters);
  useEffect(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [field, { param }] of fields) {
          const v = list.filters[field];
          if (v === undefined || v === null || v === '') next.delete(param);
          else next.set(param, String(v));
        }
        return next;
      },
      { replace: true },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [applied]);

  return list;
}

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
    {
      title: t('orig.customer'),
      key: 'customer',
      width: 110,
      fixed: 'left',
      render: (_: unknown, r: T) => r.customerNameMasked ?? `#${r.customerId}`,
    },
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
