/**
 * The portfolio dashboards: the executive's bank-wide headline, the branch head's branch, the officer's
 * own book. The headline, its by-branch and by-product split and the trend come from the reports routes
 * (the headline is scoped by the server: the bank, the branch head's branch, the officer's own book);
 * rankings and the 一增一降 board from the performance routes; queue counts from the routes the queue
 * dashboards use. Nothing is computed here but the charts' axes (万元 for display).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Card, Col, DatePicker, Progress, Row, Space, Table, Typography, type TableColumnsType } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  FileProtectOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { isApiError } from '../../../shared/api';
import { useAsync } from '../../../shared/useAsync';
import { addDays } from '../../../../src/kernel/dates';
import type { Headline } from '../../../../src/modules/reports/reports.contract';
import type { RankingRow } from '../../../../src/modules/performance/performance.contract';
import { useI18n } from '../../i18n';
import { useCan, useUser } from '../../shell/auth';
import { showError } from '../../shell/feedback';
import { dashApi, listTotal } from '../api';
import { WorkCards } from '../Overview';
import { DashChart, Figure, FigureRow, showValue, wan } from './ui';

/** The business date the dashboard shows: the picker's, else the latest with figures (the headline's own). */
function useDashDate() {
  const [picked, setPicked] = useState<string | undefined>(undefined);
  return { picked, setPicked };
}

function DatePick({ date, onChange }: { date: string | undefined; onChange: (d: string | undefined) => void }) {
  const { t } = useI18n();
  return (
    <Space>
      <Typography.Text type="secondary">{t('home.dash.date')}</Typography.Text>
      <DatePicker
        value={date ? dayjs(date) : null}
        onChange={(v) => onChange(v ? v.format('YYYY-MM-DD') : undefined)}
        allowClear
        data-testid="dash-date"
      />
    </Space>
  );
}

function useHeadline(date: string | undefined) {
  return useAsync((signal) => dashApi.headline(date, signal), [date], {
    onError: (e) => {
      if (!(isApiError(e) && e.status === 422)) showError(e);
    },
  });
}

/** The four headline figures with their change since the start of the year. */
function HeadlineFigures({ h, loading }: { h: Headline | undefined; loading: boolean }) {
  const { t } = useI18n();
  const ytd = t('home.dash.ytd');
  return (
    <FigureRow>
      {[
        <Figure
          key="balance"
          testId="dash-headline-balance"
          title={t('home.dash.balance')}
          kind="yuan"
          value={h?.onlineLoanBalance}
          change={h?.balanceChangeYtd}
          changeLabel={ytd}
          loading={loading}
        />,
        <Figure
          key="borrowers"
          testId="dash-headline-borrowers"
          title={t('home.dash.borrowers')}
          value={h?.borrowers}
          change={h?.borrowersChangeYtd}
          changeLabel={ytd}
          loading={loading}
        />,
        <Figure
          key="npl"
          testId="dash-headline-npl"
          title={t('home.dash.npl')}
          kind="yuan"
          value={h?.nplBalance}
          change={h?.nplBalanceChangeYtd}
          changeLabel={ytd}
          riseIsBad
          loading={loading}
        />,
        <Figure
          key="ratio"
          testId="dash-headline-npl-ratio"
          title={t('home.dash.nplRatio')}
          kind="pct"
          value={h?.nplRatioPct}
          change={h?.nplRatioChangeYtdPp}
          changeLabel={ytd}
          riseIsBad
          loading={loading}
        />,
      ]}
    </FigureRow>
  );
}

/** Balance (万元, bars) and NPL ratio (%, line) over the 90 days up to the date. */
function TrendChart({ date, branchId }: { date: string | undefined; branchId?: number }) {
  const { t } = useI18n();
  const trend = useAsync((signal) => dashApi.trend({ from: addDays(date!, -90), to: date!, branchId }, signal), [date, branchId], {
    enabled: !!date,
    onError: showError,
  });
  const option = useMemo(() => {
    const p = trend.data?.points;
    if (!p) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 64, right: 56, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: p.map((x) => x.date) },
      yAxis: [
        { type: 'value', name: t('home.dash.balanceWan') },
        { type: 'value', name: t('home.dash.nplRatioPct'), position: 'right' },
      ],
      series: [
        {
          name: t('home.dash.balanceWan'),
          type: 'line',
          areaStyle: { opacity: 0.15 },
          itemStyle: { color: '#1a7f5a' },
          data: p.map((x) => wan(x.balance)),
        },
        {
          name: t('home.dash.nplRatioPct'),
          type: 'line',
          yAxisIndex: 1,
          itemStyle: { color: '#cf1322' },
          data: p.map((x) => Number(x.nplRatioPct)),
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trend.data]);
  return <DashChart title={t('home.dash.trend')} option={option} testId="dash-chart-trend" />;
}

function BranchBars({ h }: { h: Headline | undefined }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    if (!h) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 64, right: 56, top: 24, bottom: 72 },
      xAxis: { type: 'category', data: h.byBranch.map((b) => b.branchName), axisLabel: { rotate: 30 } },
      yAxis: [
        { type: 'value', name: t('home.dash.balanceWan') },
        { type: 'value', name: t('home.dash.nplRatioPct'), position: 'right' },
      ],
      series: [
        { name: t('home.dash.balanceWan'), type: 'bar', itemStyle: { color: '#1a7f5a' }, data: h.byBranch.map((b) => wan(b.balance)) },
        {
          name: t('home.dash.nplRatioPct'),
          type: 'line',
          yAxisIndex: 1,
          itemStyle: { color: '#cf1322' },
          data: h.byBranch.map((b) => Number(b.nplRatioPct)),
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [h]);
  return <DashChart title={t('home.dash.byBranch')} option={option} testId="dash-chart-branches" />;
}

function ProductPie({ h }: { h: Headline | undefined }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    if (!h) return null;
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: h.byProduct.map((p) => ({ name: p.productName ?? p.productCode, value: wan(p.balance) })),
        },
      ],
    };
  }, [h]);
  return <DashChart title={t('home.dash.byProduct')} option={option} testId="dash-chart-products" />;
}

function yearStart(date: string): string {
  return `${date.slice(0, 4)}-01-01`;
}

function RankingTable({ rows, testId, highlight }: { rows: RankingRow[]; testId: string; highlight?: number }) {
  const { t } = useI18n();
  const columns: TableColumnsType<RankingRow> = [
    { title: t('home.dash.rank'), dataIndex: 'rank', width: 64 },
    { title: t('home.dash.unit'), dataIndex: 'unitName' },
    { title: t('home.dash.score'), dataIndex: 'score', align: 'right', width: 90 },
  ];
  return (
    <Table<RankingRow>
      rowKey="unitId"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      data-testid={testId}
      rowClassName={(r) => (r.unitId === highlight ? 'ant-table-row-selected' : '')}
    />
  );
}

/** Branch ranking of the year to the date: the first five and the last five as the route ranks them. */
function BranchRanking({ date }: { date: string | undefined }) {
  const { t } = useI18n();
  const r = useAsync((signal) => dashApi.rankings({ level: 'BRANCH', from: yearStart(date!), to: date! }, signal), [date], {
    enabled: !!date,
    onError: showError,
  });
  const rows = r.data?.rows ?? [];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('home.dash.rankingTop')} loading={r.loading && !r.data}>
          <RankingTable rows={rows.slice(0, 5)} testId="dash-ranking-top" />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('home.dash.rankingBottom')} loading={r.loading && !r.data}>
          <RankingTable rows={rows.length > 5 ? rows.slice(-5) : []} testId="dash-ranking-bottom" />
        </Card>
      </Col>
    </Row>
  );
}

/** The 一增一降 board of the campaign to date: the bank's progress and each branch's completion. */
function CampaignProgress() {
  const { t } = useI18n();
  const b = useAsync((signal) => dashApi.campaignBoard(signal), [], { onError: showError });
  const board = b.data;
  const option = useMemo(() => {
    if (!board) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 72 },
      xAxis: { type: 'category', data: board.rows.map((r) => r.branchName), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: '%' },
      series: [
        {
          name: t('home.dash.growthPct'),
          type: 'bar',
          itemStyle: { color: '#1a7f5a' },
          data: board.rows.map((r) => Number(r.growthPct ?? 0)),
        },
        {
          name: t('home.dash.reductionPct'),
          type: 'bar',
          itemStyle: { color: '#d48806' },
          data: board.rows.map((r) => Number(r.nplReductionPct ?? 0)),
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [board]);
  const pct = (v: string | null | undefined) => Math.max(0, Math.min(100, Number(v ?? 0)));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card
          size="small"
          title={`${t('home.dash.campaign')}${board ? ` · ${board.campaign.name}（${board.from} ~ ${board.to}）` : ''}`}
          loading={b.loading && !board}
          data-testid="dash-campaign"
        >
          {board && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <CampaignLine
                testId="dash-campaign-growth"
                label={t('home.dash.campaignGrowth')}
                achieved={board.bank.growth}
                sub={t('home.dash.campaignOf', { target: showValue(board.bank.growthTarget, 'yuan'), pct: board.bank.growthPct ?? '—' })}
                percent={pct(board.bank.growthPct)}
              />
              <CampaignLine
                testId="dash-campaign-npl"
                label={t('home.dash.campaignNpl')}
                achieved={board.bank.nplReduction}
                sub={t('home.dash.campaignOf', {
                  target: showValue(board.bank.nplReductionTarget, 'yuan'),
                  pct: board.bank.nplReductionPct ?? '—',
                })}
                percent={pct(board.bank.nplReductionPct)}
              />
            </Space>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <DashChart title={t('home.dash.campaignBranches')} option={option} testId="dash-chart-campaign" />
      </Col>
    </Row>
  );
}

function CampaignLine({
  testId,
  label,
  achieved,
  sub,
  percent,
}: {
  testId: string;
  label: ReactNode;
  achieved: string;
  sub: string;
  percent: number;
}) {
  return (
    <div data-testid={testId} data-value={achieved}>
      <Typography.Text>{label}</Typography.Text>{' '}
      <Typography.Text strong className="hn-mono">
        {showValue(achieved, 'yuan')}
      </Typography.Text>
      <Progress percent={percent} status={percent >= 100 ? 'success' : 'active'} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {sub}
      </Typography.Text>
    </div>
  );
}

function NoFigures({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return <Alert type="info" showIcon title={isApiError(error) ? error.message : t('home.dash.noFigures')} data-testid="dash-no-figures" />;
}

export function ExecutiveDashboard() {
  const { picked, setPicked } = useDashDate();
  const h = useHeadline(picked);
  const date = picked ?? h.data?.date;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard-executive" data-date={h.data?.date ?? ''}>
      <DatePick date={date} onChange={setPicked} />
      <NoFigures error={h.error} />
      <HeadlineFigures h={h.data} loading={h.loading} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <TrendChart date={h.data?.date} />
        </Col>
        <Col xs={24} lg={10}>
          <ProductPie h={h.data} />
        </Col>
      </Row>
      <BranchBars h={h.data} />
      <BranchRanking date={h.data?.date} />
      <CampaignProgress />
    </Space>
  );
}

/** The branch's queues: open alerts, collection cases, overdue inspections, reviews I may check, open lobby tasks. */
function BranchQueues() {
  const { t } = useI18n();
  const can = useCan();
  const q = useAsync(
    async (signal) => {
      const [alerts, cases, insp, review, lobby] = await Promise.all([
        listTotal('/api/v1/risk/alerts', { status: 'OPEN' }, signal),
        dashApi.openCollectionCases(signal),
        dashApi.inspectionSummary(signal),
        can('review:read') ? dashApi.reviewSummary(signal) : Promise.resolve(undefined),
        can('lobby:read') ? dashApi.openLobbyTasks(signal) : Promise.resolve(undefined),
      ]);
      return { alerts, cases, overdueInspections: insp.overdueTasks, checkable: review?.checkable, lobby };
    },
    [],
    { onError: showError },
  );
  const d = q.data;
  return (
    <Card size="small" title={t('home.dash.queues')}>
      <Row gutter={[16, 16]}>
        {(
          [
            ['dash-branch-alerts', <AlertOutlined key="i" />, t('home.dash.openAlertsAll'), d?.alerts, '/risk/alerts'],
            ['dash-branch-cases', <SolutionOutlined key="i" />, t('home.dash.openCases'), d?.cases, '/collection'],
            [
              'dash-branch-inspections',
              <AuditOutlined key="i" />,
              t('home.dash.overdueInspections'),
              d?.overdueInspections,
              '/inspections',
            ],
            ['dash-branch-reviews', <FileProtectOutlined key="i" />, t('home.dash.checkable'), d?.checkable, '/review'],
            ['dash-branch-lobby', <TeamOutlined key="i" />, t('home.dash.lobbyOpen'), d?.lobby, '/lobby'],
          ] as const
        ).map(([testId, icon, title, value, to]) => (
          <Col key={testId} xs={24} sm={12} lg={Math.floor(24 / 5)} flex="1">
            <Figure
              testId={testId}
              title={
                <span>
                  {icon} {title}
                </span>
              }
              value={value}
              loading={q.loading}
              to={to}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function OfficerRanking({ date, testId, title }: { date: string | undefined; testId: string; title: ReactNode }) {
  const r = useAsync((signal) => dashApi.rankings({ level: 'OFFICER', from: yearStart(date!), to: date! }, signal), [date], {
    enabled: !!date,
    onError: showError,
  });
  return (
    <Card size="small" title={title} loading={r.loading && !r.data}>
      <RankingTable rows={(r.data?.rows ?? []).slice(0, 10)} testId={testId} />
    </Card>
  );
}

export function BranchHeadDashboard() {
  const { t } = useI18n();
  const { picked, setPicked } = useDashDate();
  const h = useHeadline(picked);
  const date = picked ?? h.data?.date;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard-branch-head">
      <DatePick date={date} onChange={setPicked} />
      <NoFigures error={h.error} />
      <HeadlineFigures h={h.data} loading={h.loading} />
      <BranchQueues />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <TrendChart date={h.data?.date} />
        </Col>
        <Col xs={24} lg={10}>
          <ProductPie h={h.data} />
        </Col>
      </Row>
      <OfficerRanking date={h.data?.date} testId="dash-officer-ranking" title={t('home.dash.officerRanking')} />
      <BranchRanking date={h.data?.date} />
      <CampaignProgress />
      <WorkCards />
    </Space>
  );
}

export function OfficerDashboard() {
  const { t } = useI18n();
  const user = useUser();
  const { picked, setPicked } = useDashDate();
  const h = useHeadline(picked);
  const date = picked ?? h.data?.date;
  const book = useAsync((signal) => dashApi.portfolio(h.data!.date, signal), [h.data?.date], { enabled: !!h.data, onError: showError });
  const work = useAsync((signal) => dashApi.workList(signal), [], { onError: showError });
  const alerts = useAsync((signal) => listTotal('/api/v1/risk/alerts', { status: 'OPEN' }, signal), [], { onError: showError });
  const rank = useAsync(
    (signal) => dashApi.rankings({ level: 'OFFICER', from: yearStart(h.data!.date), to: h.data!.date }, signal),
    [h.data?.date],
    { enabled: !!h.data, onError: showError },
  );
  const mine = rank.data?.rows.find((r) => r.unitId === user.id);
  const own = book.data?.items[0];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard-officer">
      <DatePick date={date} onChange={setPicked} />
      <NoFigures error={h.error} />
      <HeadlineFigures h={h.data} loading={h.loading} />
      <FigureRow>
        {[
          <Figure
            key="overdue"
            testId="dash-officer-overdue"
            title={t('home.dash.overdue')}
            kind="yuan"
            value={own?.overdueBalance}
            loading={book.loading}
            riseIsBad
          />,
          <Figure
            key="work"
            testId="dash-officer-work-list"
            title={
              <span>
                <UnorderedListOutlined /> {t('home.dash.workList')}
              </span>
            }
            value={work.data?.total}
            loading={work.loading}
            hint={t('home.dash.workListHint')}
            to="/marketing/work-list"
          />,
          <Figure
            key="alerts"
            testId="dash-officer-alerts"
            title={
              <span>
                <AlertOutlined /> {t('home.dash.openAlertsAll')}
              </span>
            }
            value={alerts.data}
            loading={alerts.loading}
            to="/risk/alerts"
          />,
          <Figure
            key="rank"
            testId="dash-officer-rank"
            title={t('home.dash.myRank')}
            value={mine?.rank}
            loading={rank.loading}
            hint={rank.data ? t('home.dash.myRankOf', { n: rank.data.rankedUnits }) : undefined}
          />,
        ]}
      </FigureRow>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <TrendChart date={h.data?.date} />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('home.dash.officerRanking')} loading={rank.loading && !rank.data}>
            <RankingTable rows={(rank.data?.rows ?? []).slice(0, 10)} testId="dash-officer-ranking" highlight={user.id} />
          </Card>
        </Col>
      </Row>
      <WorkCards />
    </Space>
  );
}
