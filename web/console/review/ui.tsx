import { defineStatusTones, StatusTag } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import type { ReviewRequest } from './api';

/** A request's status in the shared tones (a change applied directly never waited: closed). */
export const STATUS_TONES = defineStatusTones<ReviewRequest['status']>({
  PENDING: 'pending',
  APPROVED: 'success',
  REJECTED: 'danger',
  APPLIED_DIRECTLY: 'closed',
});

export function ReviewStatusTag({ status }: { status: ReviewRequest['status'] }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={STATUS_TONES[status] ?? 'closed'} data={{ status }}>
      {tryT(t, `review.status.${status}`, status)}
    </StatusTag>
  );
}

/** A maker or checker: "name（username）"; the API names the checker by username only. */
export function personText(p: { name?: string; username?: string } | null | undefined): string {
  if (!p) return '—';
  if (!p.name) return p.username ?? '—';
  return p.username ? `${p.name}（${p.username}）` : p.name;
}
