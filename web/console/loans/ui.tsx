/** Small display helpers shared by the loan pages. Amounts stay strings: no float ever touches them. */
import { Tag } from 'antd';
import { tryT, useI18n } from '../i18n';
import type { Classification, InstallmentStatus, LoanStatus } from './api';

/** "1234567.80" → "1,234,567.80" (string grouping, no floating point). */
export function groupYuan(yuan: string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(yuan);
  if (!m) return yuan;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

export function Yuan({ value, strong }: { value: string; strong?: boolean }) {
  return (
    // An amount never breaks across lines (a narrow cell would split "6,863.95" into "6,863.9 / 5").
    <span className="hn-mono" style={strong ? { fontWeight: 600, whiteSpace: 'nowrap' } : { whiteSpace: 'nowrap' }}>
      {groupYuan(value)}
    </span>
  );
}

const LOAN_STATUS_COLOR: Record<LoanStatus, string> = { ACTIVE: 'green', SETTLED: 'default', WRITTEN_OFF: 'volcano' };
const INSTALLMENT_COLOR: Record<InstallmentStatus, string> = { PENDING: 'default', PAID: 'green', OVERDUE: 'red', PARTIAL: 'orange' };

/**
 * The loan's state in words a banker reads at a glance: 还款中 (repaying, current), 逾期 N 天 (an
 * active loan N days past due), 已结清, 已核销. Never the five-category class — that is ClassificationTag.
 */
export function LoanStatusTag({ status, dpd, testId }: { status: LoanStatus; dpd?: number; testId?: string }) {
  const { t } = useI18n();
  const overdue = status === 'ACTIVE' && (dpd ?? 0) > 0;
  return (
    <Tag color={overdue ? 'red' : (LOAN_STATUS_COLOR[status] ?? 'default')} data-testid={testId} data-status={overdue ? 'OVERDUE' : status}>
      {overdue ? t('loan.status.OVERDUE', { n: dpd ?? 0 }) : tryT(t, `loan.status.${status}`, status)}
    </Tag>
  );
}

const CLASS_COLOR: Record<Classification, string> = { NORMAL: 'green', SPECIAL_MENTION: 'gold', SUBSTANDARD: 'orange', DOUBTFUL: 'red', LOSS: 'magenta' };

/** A five-category class (正常 / 关注 / 次级 / 可疑 / 损失); `labelled` prefixes 五级分类 where it stands beside the status. */
export function ClassificationTag({ value, labelled, testId }: { value: Classification; labelled?: boolean; testId?: string }) {
  const { t } = useI18n();
  const name = tryT(t, `loan.class.${value}`, value);
  return (
    <Tag color={CLASS_COLOR[value] ?? 'default'} data-testid={testId} data-classification={value}>
      {labelled ? t('loan.classLabelled', { cls: name }) : name}
    </Tag>
  );
}

/** A classification change's reason: end-of-day's codes in words; a person's own reason as written. */
export function classificationReason(t: ReturnType<typeof useI18n>['t'], reason: string): string {
  return /^[A-Z][A-Z0-9_]+$/.test(reason) ? tryT(t, `loan.cls.reason.${reason}`, reason) : reason;
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
