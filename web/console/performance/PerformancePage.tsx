/**
 * 绩效排名与一增一降: the ranking of branches or officers for a period (level tabs, dates, the shared
 * list with Excel export, an ECharts bar of the scores), the 一增一降 board (achieved vs target per
 * branch, the bank's progress, Excel), and the two reviewed parameters — the ranking weights per level
 * and the campaign targets — showing the version in force, the history and what awaits review.
 */
import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Input, Progress, Row, Segmented, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { ExportButton, PagedTable, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { Chart } from '../risk/Chart';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { KPI_KEYS, performanceApi, type BoardRow, type RankingLevel, type RankingRow, type RankingsView } from './api';
import { TargetsPanel, WeightsPanel } from './ParamsPanels';

export function PerformancePage() {
  const { t } = useI18n();
  const can = useCan();
  const tabs = [
    { key: 'rankings', label: <span data-testid="perf-tab-rankings">{t('perf.tab.rankings')}</span>, children: <Rankings /> },
    { key: 'board', label: <span data-testid="perf-tab-board">{t('perf.tab.board')}</span>, children: <Board /> },
    ...(can('performance:read')
      ? [
          { key: 'weights', label: <span data-testid="perf-tab-weights">{t('perf.tab.weights')}</span>, children: <WeightsPanel /> },
          { key: 'targets', label: <span data-testid="perf-tab-targets">{t('perf.tab.targets')}</span>, children: <TargetsPanel /> },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title={t('perf.title')} subtitle={t('perf.subtitle')} />
      <Tabs items={tabs} destroyOnHidden />
    </>
  );
}

/** The business date (from the weights view every reader may see) and the first day of its year. */
function useDefaultPeriod() {
  const { data } = useAsync((signal) => performanceApi.weights(signal), [], { onError: showError });
  return data ? { from: `${data.businessDate.slice(0, 4)}-01-01`, to: data.businessDate } : null;
}

function Rankings() {
  const period = useDefaultPeriod();
  if (!period) return <Card loading />;
  return <RankingsList initial={period} />;
}

type RankingFilters = { level: RankingLevel; from: string; to: string };

function RankingsList({ initial }: { initial: { from: string; to: string } }) {
  const { t } = useI18n();
  // the whole ranking is one answer: fetched once per (level, period), paged here
  const [view, setView] = useState<RankingsView | null>(null);
  const cache = useRef<{ key: string; view: RankingsView } | null>(null);
  const list = usePagedQuery<RankingRow, RankingFilters>(
    async ({ page, pageSize, level, from, to }, signal) => {
      const key = `${level}|${from}|${to}`;
      let v = cache.current?.key === key ? cache.current.view : null;
      if (!v) {
        v = await performanceApi.rankings({ level, from, to }, signal);
        cache.current = { key, view: v };
        setView(v);
      }
      const start = (page - 1) * pageSize;
      return { items: v.rows.slice(start, start + pageSize), total: v.rows.length, page, pageSize };
    },
    { initialFilters: { level: 'BRANCH', ...initial }, pageSize: 50, onError: showError },
  );
  const { draft, setDraft, search, filters } = list;
  const officer = filters.level === 'OFFICER';
  const amount = (k: 'newLoanAmount' | 'balanceGrowth' | 'nplReduction') => ({
    title: t(`perf.kpi.${k}`),
    key: k,
    width: 140,
    align: 'right' as const,
    render: (_: unknown, r: RankingRow) => r.kpis[k],
  });
  const plain = (k: 'newLoanCount' | 'newCustomers' | 'referrals' | 'slaCompliancePct' | 'warningOnTimePct') => ({
    title: t(`perf.kpi.${k}`),
    key: k,
    width: 110,
    align: 'right' as const,
    render: (_: unknown, r: RankingRow) => r.kpis[k] ?? '—',
  });
  const columns: TableColumnsType<RankingRow> = [
    { title: t('perf.rank'), dataIndex: 'rank', width: 70, fixed: 'left' },
    { title: t('perf.unit'), dataIndex: 'unitName', width: 140, fixed: 'left' },
    ...(officer ? [{ title: t('perf.branch'), dataIndex: 'branchName', width: 130 }] : []),
    amount('newLoanAmount'),
    plain('newLoanCount'),
    amount('balanceGrowth'),
    plain('newCustomers'),
    amount('nplReduction'),
    plain('slaCompliancePct'),
    plain('referrals'),
    plain('warningOnTimePct'),
    { title: t('perf.score'), dataIndex: 'score', width: 100, align: 'right', fixed: 'right' },
  ];
  const option = useMemo(() => {
    const rows = view?.rows ?? [];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((r) => r.unitName), axisLabel: { rotate: 40 } },
      yAxis: { type: 'value', max: 100 },
      series: [{ name: t('perf.chart.score'), type: 'bar', data: rows.map((r) => Number(r.score)) }],
    };
  }, [view, t]);
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Chart option={option} height={300} testId="perf-rankings-chart" />
        {view && (
          <Typography.Text type="secondary" data-testid="perf-weights-note">
            {t('perf.weightsNote', { v: view.weightsVersion, n: view.rankedUnits })}：
            {KPI_KEYS.map((k) => `${t(`perf.kpi.${k}`)} ${view.weights[k]}%`).join('，')}
          </Typography.Text>
        )}
      </Card>
      <PagedTable<RankingRow, RankingFilters>
        query={list}
        columns={columns}
        rowKey="unitId"
        settingsKey={`perf-rankings-${filters.level}`}
        testId="perf-rankings"
        exportTo={{ path: '/api/v1/performance/rankings', filename: t('perf.tab.rankings'), onError: showError }}
        emptyText={t('perf.empty')}
        toolbar={
          <Space wrap>
            <Segmented<RankingLevel>
              value={draft.level}
              options={[
                { value: 'BRANCH', label: <span data-testid="perf-level-BRANCH">{t('perf.level.BRANCH')}</span> },
                { value: 'OFFICER', label: <span data-testid="perf-level-OFFICER">{t('perf.level.OFFICER')}</span> },
              ]}
              onChange={(level) => search({ ...draft, level })}
            />
            <Input
              addonBefore={t('perf.from')}
              style={{ width: 200 }}
              maxLength={10}
              value={draft.from}
              onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
              data-testid="perf-from"
            />
            <Input
              addonBefore={t('perf.to')}
              style={{ width: 200 }}
              maxLength={10}
              value={draft.to}
              onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
              data-testid="perf-to"
            />
            <Button type="primary" onClick={() => search()} data-testid="perf-search">
              {t('perf.query')}
            </Button>
          </Space>
        }
      />
    </>
  );
}

const wan = (yuan: string | null) => (yuan === null ? null : Math.round(Number(yuan) / 100) / 100);

function Board() {
  const { t } = useI18n();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [draft, setDraft] = useState<{ from?: string; to?: string }>({});
  const { data, loading } = useAsync((signal) => performanceApi.board(range, signal), [range.from, range.to], { onError: showError });
  const chart = (which: 'growth' | 'npl') => {
    const rows = data?.rows ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((r) => r.branchName), axisLabel: { rotate: 40 } },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('perf.board.achieved'),
          type: 'bar',
          data: rows.map((r) => wan(which === 'growth' ? r.growth : r.nplReduction)),
        },
        {
          name: t('perf.board.target'),
          type: 'bar',
          data: rows.map((r) => wan(which === 'growth' ? r.growthTarget : r.nplReductionTarget)),
        },
      ],
    };
  };
  const columns: TableColumnsType<BoardRow> = [
    { title: t('perf.board.branch'), dataIndex: 'branchName', width: 140 },
    { title: t('perf.board.disbursed'), dataIndex: 'disbursed', width: 140, align: 'right' },
    { title: t('perf.board.disbursedCount'), dataIndex: 'disbursedCount', width: 100, align: 'right' },
    { title: t('perf.board.growth'), dataIndex: 'growth', width: 140, align: 'right' },
    { title: t('perf.board.growthTarget'), dataIndex: 'growthTarget', width: 140, align: 'right', render: (v: string | null) => v ?? '—' },
    { title: t('perf.board.growthPct'), dataIndex: 'growthPct', width: 120, align: 'right', render: (v: string | null) => v ?? '—' },
    { title: t('perf.board.npl'), dataIndex: 'nplReduction', width: 140, align: 'right' },
    {
      title: t('perf.board.nplTarget'),
      dataIndex: 'nplReductionTarget',
      width: 140,
      align: 'right',
      render: (v: string | null) => v ?? '—',
    },
    { title: t('perf.board.nplPct'), dataIndex: 'nplReductionPct', width: 120, align: 'right', render: (v: string | null) => v ?? '—' },
    { title: t('perf.board.nplResolved'), dataIndex: 'nplResolved', width: 140, align: 'right' },
  ];
  const pct = (p: string | null) => Math.max(0, Math.min(100, Number(p ?? 0)));
  return (
    <>
      <Card style={{ marginBottom: 16 }} loading={loading && !data}>
        {data && (
          <>
            <Typography.Title level={5} data-testid="perf-board-campaign">
              {t('perf.board.campaign', { name: data.campaign.name, from: data.from, to: data.to })}
            </Typography.Title>
            <Row gutter={24}>
              <Col span={12}>
                {t('perf.board.growth')} {data.bank.growth} / {data.bank.growthTarget}
                <Progress
                  percent={pct(data.bank.growthPct)}
                  format={() => `${data.bank.growthPct ?? '—'}%`}
                  data-testid="perf-board-growth"
                />
              </Col>
              <Col span={12}>
                {t('perf.board.npl')} {data.bank.nplReduction} / {data.bank.nplReductionTarget}
                <Progress
                  percent={pct(data.bank.nplReductionPct)}
                  format={() => `${data.bank.nplReductionPct ?? '—'}%`}
                  data-testid="perf-board-npl"
                />
              </Col>
            </Row>
            <Typography.Text type="secondary" data-testid="perf-board-gross">
              {t('perf.board.gross', {
                disbursed: data.bank.disbursed,
                count: data.bank.disbursedCount,
                resolved: data.bank.nplResolved,
              })}
            </Typography.Text>
          </>
        )}
      </Card>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={12}>
          <Card title={t('perf.board.chartGrowth')}>
            <Chart option={chart('growth')} height={300} testId="perf-board-chart-growth" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('perf.board.chartNpl')}>
            <Chart option={chart('npl')} height={300} testId="perf-board-chart-npl" />
          </Card>
        </Col>
      </Row>
      <Card
        title={
          <Space wrap>
            <Input
              addonBefore={t('perf.from')}
              style={{ width: 200 }}
              maxLength={10}
              placeholder={data?.from}
              value={draft.from}
              onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value || undefined }))}
            />
            <Input
              addonBefore={t('perf.to')}
              style={{ width: 200 }}
              maxLength={10}
              placeholder={data?.to}
              value={draft.to}
              onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value || undefined }))}
            />
            <Button type="primary" onClick={() => setRange(draft)}>
              {t('perf.query')}
            </Button>
          </Space>
        }
        extra={
          <ExportButton
            path="/api/v1/performance/campaign-board"
            query={range}
            filename={t('perf.tab.board')}
            onError={showError}
            testId="perf-board-export"
          />
        }
      >
        {data && data.rows.length === 0 && <Alert type="info" title={t('perf.empty')} />}
        <Table<BoardRow>
          rowKey="branchId"
          size="small"
          columns={columns}
          dataSource={data?.rows ?? []}
          pagination={false}
          scroll={{ x: 1340 }}
          data-testid="perf-board-table"
          summary={() =>
            data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('perf.board.bank')}</Table.Summary.Cell>
                {[
                  data.bank.disbursed,
                  data.bank.disbursedCount,
                  data.bank.growth,
                  data.bank.growthTarget,
                  data.bank.growthPct ?? '—',
                  data.bank.nplReduction,
                  data.bank.nplReductionTarget,
                  data.bank.nplReductionPct ?? '—',
                  data.bank.nplResolved,
                ].map((value, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    {value}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </>
  );
}
