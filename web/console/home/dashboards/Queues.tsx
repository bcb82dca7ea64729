/**
 * The queue dashboards: the inspector's risk queue, the parameter manager's and the approver's review
 * queues and feedback tickets (the approver's also the manual-approval queue), the lobby staff's tasks.
 * Each figure is a route's answer (see ../api.ts); charts draw the same answers.
 */
import { useMemo } from 'react';
import { Col, Row, Space } from 'antd';
import { AlertOutlined, AuditOutlined, BulbOutlined, FileProtectOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { useAsync } from '../../../shared/useAsync';
import { useI18n } from '../../i18n';
import { showError } from '../../shell/feedback';
import { RiskQueueCard } from '../../risk/HomeQueue';
import { LEVEL_CHART_COLOR } from '../../risk/ui';
import type { RiskLevel } from '../../../../src/modules/risk/risk.contract';
import { dashApi } from '../api';
import { LatestReviews, WorkCards } from '../Overview';
import { DashChart, Figure, FigureRow } from './ui';

const LEVELS: readonly RiskLevel[] = ['YELLOW', 'ORANGE', 'RED'];

export function InspectorDashboard() {
  const { t } = useI18n();
  const alerts = useAsync(
    async (signal) => {
      const [YELLOW, ORANGE, RED] = await Promise.all(LEVELS.map((l) => dashApi.openAlerts(l, signal)));
      return { YELLOW, ORANGE, RED } as Record<RiskLevel, number>;
    },
    [],
    { onError: showError },
  );
  const insp = useAsync((signal) => dashApi.inspectionSummary(signal), [], { onError: showError });
  const cases = useAsync((signal) => dashApi.openCollectionCases(signal), [], { onError: showError });
  const board = useAsync((signal) => dashApi.riskBoard(signal), [], { onError: showError });
  const levelName = (l: RiskLevel) => t(`risk.level.${l}`);

  const trend = useMemo(() => {
    const b = board.data;
    if (!b) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: b.trend.map((p) => p.date) },
      yAxis: { type: 'value', minInterval: 1 },
      series: LEVELS.map((level) => ({
        name: levelName(level),
        type: 'line',
        itemStyle: { color: LEVEL_CHART_COLOR[level] },
        data: b.trend.map((p) => p[level]),
      })),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [board.data]);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard-inspector">
      <FigureRow>
        {[
          ...LEVELS.map((l) => (
            <Figure
              key={l}
              testId={`dash-alerts-${l}`}
              title={
                <span>
                  <AlertOutlined style={{ color: LEVEL_CHART_COLOR[l] }} /> {t('home.dash.openAlerts', { level: levelName(l) })}
                </span>
              }
              value={alerts.data?.[l]}
              loading={alerts.loading}
              to={`/risk/alerts?status=OPEN&level=${l}`}
              tone={l === 'RED' && alerts.data?.RED ? 'danger' : undefined}
            />
          )),
          <Figure
            key="cases"
            testId="dash-collection-open"
            title={
              <span>
                <SolutionOutlined /> {t('home.dash.openCases')}
              </span>
            }
            value={cases.data}
            loading={cases.loading}
            to="/collection"
          />,
        ]}
      </FigureRow>
      <FigureRow>
        {[
          <Figure
            key="open"
            testId="dash-inspections-open"
            title={
              <span>
                <AuditOutlined /> {t('insp.home.openTasks')}
              </span>
            }
            value={insp.data?.openTasks}
            loading={insp.loading}
            to="/inspections"
          />,
          <Figure
            key="overdue"
            testId="dash-inspections-overdue"
            title={
              <span>
                <AuditOutlined /> {t('home.dash.overdueInspections')}
              </span>
            }
            value={insp.data?.overdueTasks}
            loading={insp.loading}
            to="/inspections"
            tone={insp.data?.overdueTasks ? 'danger' : undefined}
          />,
          <Figure
            key="recheck"
            testId="dash-inspections-recheck"
            title={
              <span>
                <AuditOutlined /> {t('insp.home.recheck')}
              </span>
            }
            value={insp.data?.findingsToRecheck}
            loading={insp.loading}
            to="/inspections/findings"
          />,
          <Figure
            key="late"
            testId="dash-inspections-late"
            title={
              <span>
                <AuditOutlined /> {t('home.dash.lateFindings')}
              </span>
            }
            value={insp.data?.lateFindings}
            loading={insp.loading}
            to="/inspections/findings"
            tone={insp.data?.lateFindings ? 'warning' : undefined}
          />,
        ]}
      </FigureRow>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <DashChart title={t('home.dash.alertTrend')} option={trend} testId="dash-chart-alert-trend" />
        </Col>
        <Col xs={24} lg={10}>
          <RiskQueueCard />
        </Col>
      </Row>
      <WorkCards exclude={['risk-queue']} />
    </Space>
  );
}

/** The parameter manager's and the approver's queues; the approver's with the manual-approval queue. */
export function ReviewerDashboard({ approver }: { approver: boolean }) {
  const { t } = useI18n();
  const review = useAsync((signal) => dashApi.reviewSummary(signal), [], { onError: showError });
  const feedback = useAsync((signal) => dashApi.feedbackStats(signal), [], { onError: showError });
  const manual = useAsync(
    async (signal) => {
      const [referred, manualReview] = await Promise.all([
        dashApi.applications('REFERRED', signal),
        dashApi.applications('MANUAL_REVIEW', signal),
      ]);
      return { referred, manualReview };
    },
    [],
    { enabled: approver, onError: showError },
  );
  const byType = useMemo(() => {
    const s = review.data;
    if (!s) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 140, right: 16, top: 16, bottom: 48 },
      yAxis: { type: 'category', data: s.byType.map((r) => r.typeName) },
      xAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('home.dash.pendingVisible'), type: 'bar', itemStyle: { color: '#91caff' }, data: s.byType.map((r) => r.pending) },
        { name: t('home.dash.checkable'), type: 'bar', itemStyle: { color: '#1a7f5a' }, data: s.byType.map((r) => r.checkable) },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [review.data]);
  const testPrefix = approver ? 'dashboard-approver' : 'dashboard-param-manager';

  const reviewFigures = [
    <Figure
      key="checkable"
      testId="dash-review-checkable"
      title={
        <span>
          <FileProtectOutlined /> {t('home.dash.checkable')}
        </span>
      }
      value={review.data?.checkable}
      loading={review.loading}
      to="/review"
      tone={review.data?.checkable ? 'warning' : undefined}
    />,
    <Figure
      key="pending"
      testId="dash-review-pending"
      title={
        <span>
          <FileProtectOutlined /> {t('home.dash.pendingVisible')}
        </span>
      }
      value={review.data?.pending}
      loading={review.loading}
      to="/review"
    />,
    <Figure
      key="mine"
      testId="dash-review-mine-waiting"
      title={
        <span>
          <FileProtectOutlined /> {t('home.dash.mineWaiting')}
        </span>
      }
      value={review.data?.mineWaiting}
      loading={review.loading}
      to="/review"
    />,
  ];
  const approverFigures = approver
    ? [
        <Figure
          key="referred"
          testId="dash-applications-referred"
          title={
            <span>
              <TeamOutlined /> {t('orig.status.REFERRED')}
            </span>
          }
          value={manual.data?.referred}
          loading={manual.loading}
          to="/referrals?status=REFERRED"
          tone={manual.data?.referred ? 'warning' : undefined}
        />,
        <Figure
          key="manual"
          testId="dash-applications-manual"
          title={
            <span>
              <TeamOutlined /> {t('orig.status.MANUAL_REVIEW')}
            </span>
          }
          value={manual.data?.manualReview}
          loading={manual.loading}
          to="/referrals?status=MANUAL_REVIEW"
        />,
      ]
    : [];
  const f = feedback.data;
  const feedbackFigures = [
    <Figure
      key="open"
      testId="dash-feedback-open"
      title={<FeedbackTitle text={t('home.dash.feedbackOpen')} />}
      value={f?.open}
      loading={feedback.loading}
      to="/feedback"
    />,
    <Figure
      key="accepted"
      testId="dash-feedback-accepted"
      title={<FeedbackTitle text={t('home.dash.feedbackAccepted')} />}
      value={f?.accepted}
      loading={feedback.loading}
      to="/feedback"
    />,
    <Figure
      key="handling"
      testId="dash-feedback-handling"
      title={<FeedbackTitle text={t('home.dash.feedbackHandling')} />}
      value={f?.handling}
      loading={feedback.loading}
      to="/feedback"
    />,
    <Figure
      key="overdue"
      testId="dash-feedback-overdue"
      title={<FeedbackTitle text={t('home.dash.feedbackOverdue')} />}
      value={f?.overdue}
      loading={feedback.loading}
      to="/feedback"
      tone={f?.overdue ? 'danger' : undefined}
      hint={f?.sentence}
    />,
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid={testPrefix}>
      <FigureRow span={approver ? 8 : 8}>{reviewFigures}</FigureRow>
      {approver && <FigureRow span={12}>{approverFigures}</FigureRow>}
      <FigureRow>{feedbackFigures}</FigureRow>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <DashChart title={t('home.dash.reviewByType')} option={byType} testId="dash-chart-review-types" />
        </Col>
        <Col xs={24} lg={12}>
          <LatestReviews />
        </Col>
      </Row>
      <WorkCards />
    </Space>
  );
}

function FeedbackTitle({ text }: { text: string }) {
  return (
    <span>
      <BulbOutlined /> {text}
    </span>
  );
}

/** The lobby staff's figure on top of the overview: today's open maturing-CD and renewal tasks. */
export function LobbyTasksFigure() {
  const { t } = useI18n();
  const tasks = useAsync((signal) => dashApi.openLobbyTasks(signal), [], { onError: showError });
  return (
    <Figure
      testId="dash-lobby-open"
      title={
        <span>
          <TeamOutlined /> {t('home.dash.lobbyOpen')}
        </span>
      }
      value={tasks.data}
      loading={tasks.loading}
      to="/lobby"
    />
  );
}
