/**
 * One status-tag vocabulary for every list: a status is shown in one of a few tones, each tone one
 * colour everywhere, so 正常 / 待复核 / 逾期 / 已结清 look the same on every screen. A module maps its
 * statuses to tones (`defineStatusTones`) and its words (its messages); the tag does the rest.
 */
import type { ReactNode } from 'react';
import { Tag } from 'antd';

export type StatusTone =
  /** current, approved, done well (正常、已通过) */
  | 'success'
  /** waiting for someone (待复核、处理中) */
  | 'pending'
  /** needs attention (关注、部分) */
  | 'warning'
  /** past a line (次级) */
  | 'alert'
  /** went wrong or is at risk (逾期、拒绝、次级、可疑) */
  | 'danger'
  /** lost for good (损失、已核销) */
  | 'severe'
  /** ended, nothing more to do (已结清、已停用) */
  | 'closed'
  /** informative only */
  | 'info';

export const TONE_COLOR: Record<StatusTone, string> = {
  success: 'green',
  pending: 'blue',
  warning: 'gold',
  alert: 'orange',
  danger: 'red',
  severe: 'magenta',
  closed: 'default',
  info: 'geekblue',
};

/** A module's statuses and their tones, checked to cover every status. */
export function defineStatusTones<S extends string>(tones: Record<S, StatusTone>): Record<S, StatusTone> {
  return tones;
}

export interface StatusTagProps {
  tone: StatusTone;
  children: ReactNode;
  testId?: string;
  /** data-* attributes naming the raw status for tests and styles, e.g. { status: 'ACTIVE' }. */
  data?: Record<string, string>;
}

export function StatusTag({ tone, children, testId, data }: StatusTagProps) {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) attrs[`data-${k}`] = v;
  return (
    <Tag color={TONE_COLOR[tone]} data-testid={testId} data-tone={tone} {...attrs}>
      {children}
    </Tag>
  );
}
