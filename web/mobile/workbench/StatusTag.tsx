import { Tag } from 'antd-mobile';
import { useI18n, type MobileMessageKey } from '../i18n';
import type { ProspectStatus } from './api';

const COLOR: Record<ProspectStatus, string> = {
  NEW: 'primary',
  CONTACTED: 'default',
  INTERESTED: 'warning',
  APPLIED: 'primary',
  APPROVED: 'success',
  DISBURSED: 'success',
  DECLINED: 'danger',
  NOT_INTERESTED: 'default',
};

/** A prospect's pipeline state (已放款 …), with the code in data-status for tests. */
export function StatusTag({ status, testId }: { status: ProspectStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={COLOR[status]} data-testid={testId} data-status={status}>
      {t(`m.wb.status.${status}` as MobileMessageKey)}
    </Tag>
  );
}
