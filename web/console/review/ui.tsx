import { Tag } from 'antd';
import { tryT, useI18n } from '../i18n';
import type { ReviewStatus } from './api';

export const STATUS_COLORS: Record<ReviewStatus, string> = { PENDING: 'processing', APPROVED: 'success', REJECTED: 'error' };

export function ReviewStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status as ReviewStatus] ?? 'default'}>{tryT(t, `review.status.${status}`, status)}</Tag>;
}

/** A maker or checker: "name（username）"; the API names the checker by username only. */
export function personText(p: { name?: string; username?: string } | null | undefined): string {
  if (!p) return '—';
  if (!p.name) return p.username ?? '—';
  return p.username ? `${p.name}（${p.username}）` : p.name;
}

