/** Small display helpers shared by the loan pages. Amounts stay strings: no float ever touches them. */
import { Tag } from 'antd';
import { tryT, useI18n } from '../i18n';
import type { InstallmentStatus, LoanStatus } from './api';

/** "1234567.80" → "1,234,567.80" (string grouping, no floating point). */
export function groupYuan(yuan: string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(yuan);
  if (!m) return yuan;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

export function Yuan({ value, strong }: { value: string; strong?: boolean }) {
  return (
    <span className="hn-mono" style={strong ? { fontWeight: 600 } : undefined}>
      {groupYuan(value)}
    </span>
  );
}

const LOAN_STATUS_COLOR: Record<LoanStatus, string> = { ACTIVE: 'green', SETTLED: 'default', WRITTEN_OFF: 'volcano' };
const INSTALLMENT_COLOR: Record<InstallmentStatus, string> = { PENDING: 'default', PAID: 'green', OVERDUE: 'red', PARTIAL: 'orange' };

export function LoanStatusTag({ status }: { status: LoanStatus }) {
  const { t } = useI18n();
  return <Tag color={LOAN_STATUS_COLOR[status] ?? 'default'}>{tryT(t, `loan.status.${status}`, status)}</Tag>;
}

export function InstallmentStatusTag({ status }: { status: InstallmentStatus }) {
  const { t } = useI18n();
  return <Tag color={INSTALLMENT_COLOR[status] ?? 'default'}>{tryT(t, `loan.sch.status.${status}`, status)}</Tag>;
}

export function useLoanLabels() {
  const { t } = useI18n();
  return {
    product: (code: string) => tryT(t, `loan.product.${code}`, code),
    method: (m: string) => tryT(t, `loan.method.${m}`, m),
    event: (e: string) => tryT(t, `loan.event.${e}`, e),
    term: (months: number | null, days: number | null) =>
      months !== null ? t('loan.termMonths', { n: months }) : days !== null ? t('loan.termDays', { n: days }) : '—',
  };
}
