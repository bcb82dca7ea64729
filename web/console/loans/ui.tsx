/** Small display helpers shared by the loan pages. Amounts stay strings: no float ever touches them. */
import { StatusTag, defineStatusTones } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import type { Classification, InstallmentStatus, LoanStatus } from './api';

/** Amounts are grouped by the web apps' one yuan display (no floating point touches them). */
import { groupYuan } from '../../shared/money';

export { groupYuan };

export function Yuan({ value, strong }: { value: string; strong?: boolean }) {
  return (
    // An amount never breaks across lines (a narrow cell would split "6,863.95" into "6,863.9 / 5").
    <span className="hn-mono" style={strong ? { fontWeight: 600, whiteSpace: 'nowrap' } : { whiteSpace: 'nowrap' }}>
      {groupYuan(value)}
    </span>
  );
}

const LOAN_STATUS_TONE = defineStatusTones<LoanStatus>({ ACTIVE: 'success', SETTLED: 'closed', WRITTEN_OFF: 'severe' });
const INSTALLMENT_TONE = defineStatusTones<InstallmentStatus>({
  PENDING: 'pending',
  PAID: 'success',
  OVERDUE: 'danger',
  PARTIAL: 'warning',
});

/**
 * The loan's state in words a banker reads at a glance: 还款中 (repaying, current), 逾期 N 天 (an
 * active loan N days past due), 已结清, 已核销. Never the five-category class — that is ClassificationTag.
 */
export function LoanStatusTag({ status, dpd, testId }: { status: LoanStatus; dpd?: number; testId?: string }) {
  const { t } = useI18n();
  const overdue = status === 'ACTIVE' && (dpd ?? 0) > 0;
  return (
    <StatusTag
      tone={overdue ? 'danger' : (LOAN_STATUS_TONE[status] ?? 'closed')}
      testId={testId}
      data={{ status: overdue ? 'OVERDUE' : status }}
    >
      {overdue ? t('loan.status.OVERDUE', { n: dpd ?? 0 }) : tryT(t, `loan.status.${status}`, status)}
    </StatusTag>
  );
}

const CLASS_TONE = defineStatusTones<Classification>({
  NORMAL: 'success',
  SPECIAL_MENTION: 'warning',
  SUBSTANDARD: 'alert',
  DOUBTFUL: 'danger',
  LOSS: 'severe',
});

/** A five-category class (正常 / 关注 / 次级 / 可疑 / 损失); `labelled` prefixes 五级分类 where it stands beside the status. */
export function ClassificationTag({ value, labelled, testId }: { value: Classification; labelled?: boolean; testId?: string }) {
  const { t } = useI18n();
  const name = tryT(t, `loan.class.${value}`, value);
  return (
    <StatusTag tone={CLASS_TONE[value] ?? 'closed'} testId={testId} data={{ classification: value }}>
      {labelled ? t('loan.classLabelled', { cls: name }) : name}
    </StatusTag>
  );
}

/** A classification change's reason: end-of-day's codes in words; a person's own reason as written. */
export function classificationReason(t: ReturnType<typeof useI18n>['t'], reason: string): string {
  return /^[A-Z][A-Z0-9_]+$/.test(reason) ? tryT(t, `loan.cls.reason.${reason}`, reason) : reason;
}

export function InstallmentStatusTag({ status }: { status: InstallmentStatus }) {
  const { t } = useI18n();
  return <StatusTag tone={INSTALLMENT_TONE[status] ?? 'closed'}>{tryT(t, `loan.sch.status.${status}`, status)}</StatusTag>;
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
