/** Shared bits of the feedback screens: status and escalation tags, the statistics card. */
import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { StatusTag, defineStatusTones } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { feedbackApi, type FeedbackStatus } from './api';

const STATUS_TONE = defineStatusTones<FeedbackStatus>({
  OPEN: 'pending',
  ACCEPTED: 'pending',
  IN_PROGRESS: 'warning',
  OPTIMISED: 'success',
  REJECTED: 'closed',
});

export function FeedbackStatusTag({ status }: { status: FeedbackStatus }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={STATUS_TONE[status]} data={{ status }}>
      {tryT(t, `feedback.status.${status}`, status)}
    </StatusTag>
  );
}

export function EscalationTag({ level }: { level: 0 | 1 | 2 }) {
  const { t } = useI18n();
  if (level === 0) return <Typography.Text type="secondary">{t('feedback.escalation.0')}</Typography.Text>;
  return (
    <Tag color={level === 2 ? 'red' : 'orange'} data-testid={`feedback-escalation-${level}`}>
      {tryT(t, `feedback.escalation.${level}`, String(level))}
    </Tag>
  );
}

/** 反馈 N 项，已优化 M 项，推进中 K 项 — the bank's sentence and its figures. */
/** `version` reloads the figures (bumped after a ticket is raised). */
export function FeedbackStatsCard({ version = 0 }: { version?: number }) {
  const { t } = useI18n();
  const { data } = useAsync((signal) => feedbackApi.stats(signal), [version]);
  return (
    <Card size="small" title={t('feedback.stats')} style={{ marginBottom: 16 }} data-testid="feedback-stats">
      <Typography.Paragraph strong data-testid="feedback-stats-sentence">
        {data?.sentence ?? '—'}
      </Typography.Paragraph>
      <Row gutter={16}>
        {(['total', 'optimised', 'inProgress', 'rejected', 'overdue'] as const).map((k) => (
          <Col key={k} span={4}>
            <Statistic
              title={t(`feedback.stats.${k}`)}
              value={data?.[k] ?? '—'}
              styles={{ content: k === 'overdue' && data?.overdue ? { color: '#d4380d' } : undefined }}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
