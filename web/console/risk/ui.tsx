/** Small pieces the risk screens share: the colour tag and the status tag. */
import { Tag } from 'antd';
import { defineStatusTones, StatusTag } from '../../shared/list';
import { useI18n } from '../i18n';
import type { AlertStatus, RiskLevel } from './api';

const LEVEL_COLOR: Record<RiskLevel, string> = { YELLOW: 'gold', ORANGE: 'orange', RED: 'red' };
export const LEVEL_CHART_COLOR: Record<RiskLevel, string> = { YELLOW: '#fadb14', ORANGE: '#fa8c16', RED: '#f5222d' };

export function LevelTag({ level, testId }: { level: RiskLevel; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={LEVEL_COLOR[level]} data-testid={testId} data-level={level}>
      {t(`risk.level.${level}`)}
    </Tag>
  );
}

const STATUS_TONES = defineStatusTones<AlertStatus>({ OPEN: 'pending', CLOSED: 'closed' });

export function AlertStatusTag({ status, testId }: { status: AlertStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={STATUS_TONES[status]} testId={testId} data={{ status }}>
      {t(`risk.status.${status}`)}
    </StatusTag>
  );
}
