/** 风险看板: customers and balances under alert by colour and branch, the alert trend, NPL by branch and product against the start of the year. */
import { useMemo } from 'react';
import { Card, Col, Empty, Row, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { RISK_LEVELS, riskApi, type RiskBoard } from './api';
import { Chart } from './Chart';
import { LEVEL_CHART_COLOR } from './ui';

type BoardNplLine = RiskBoard['npl']['byBranch'][number] | RiskBoard['npl']['byProduct'][number];

export function BoardPage() {
  const { t } = useI18n();
  const board = useAsync((signal) => riskApi.board(signal), [], { onError: showError });
  const b = board.data;
  const levelName = (l: string) => t(`risk.level.${l as 'RED'}`);

  const pie = useMemo(
    () =>
      b && {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['40%', '70%'],
            data: b.byLevel.map((l) => ({
              name: levelName(l.level),
              value: l.customers,
              itemStyle: { color: LEVEL_CHART_COLOR[l.level] },
            })),
          },
        ],
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [b],
  );
  const bars = useMemo(() => {
    if (!b) return null;
    const branches = [...new Map(b.byBranch.map((r) => [r.branchId, r.branchName ?? String(r.branchId)])).entries()];
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: branches.map(([, n]) => n) },
      yAxis: { type: 'value', name: t('risk.board.balance') },
      series: RISK_LEVELS.map((level) => ({
        name: levelName(level),
        type: 'bar',
        stack: 'balance',
        itemStyle: { color: LEVEL_CHART_COLOR[level] },
        data: branches.map(([id]) => Number(b.byBranch.find((r) => r.branchId === id && r.level === level)?.balance ?? 0)),
      })),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [b]);
  const trend = useMemo(
    () =>
      b && {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        xAxis: { type: 'category', data: b.trend.map((p) => p.date) },
        yAxis: { type: 'value', minInterval: 1 },
        series: RISK_LEVELS.map((level) => ({
          name: levelName(level),
          type: 'line',
          itemStyle: { color: LEVEL_CHART_COLOR[level] },
          data: b.trend.map((p) => p[level]),
        })),
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [b],
  );
  const nplBars = useMemo(
    () =>
      b && {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        xAxis: { type: 'category', data: b.npl.byBranch.map((r) => r.branchName ?? String(r.branchId)) },
        yAxis: [
          { type: 'value', name: t('risk.board.npl') },
          { type: 'value', name: t('risk.board.ratio') },
        ],
        series: [
          { name: t('risk.board.npl'), type: 'bar', data: b.npl.byBranch.map((r) => Number(r.npl)) },
          { name: t('risk.board.ratio'), type: 'line', yAxisIndex: 1, data: b.npl.byBranch.map((r) => Number(r.ratioPct)) },
        ],
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [b],
  );

  const nplColumns = (first: TableColumnsType<BoardNplLine>[number]): TableColumnsType<BoardNplLine> => [
    first,
    { title: t('risk.board.balance'), dataIndex: 'balance', align: 'right' },
    { title: t('risk.board.npl'), dataIndex: 'npl', align: 'right' },
    { title: t('risk.board.ratio'), dataIndex: 'ratioPct', align: 'right' },
    { title: t('risk.board.nplChange'), dataIndex: 'nplChange', align: 'right' },
    { title: t('risk.board.ratioChange'), dataIndex: 'ratioChangePct', align: 'right' },
  ];

  return (
    <>
      <PageHeader
        title={t('risk.board.title')}
        subtitle={
          b?.npl.snapshotDate
            ? t('risk.board.snapshot', { date: b.npl.snapshotDate, start: b.npl.yearStartDate ?? '—' })
            : t('risk.board.subtitle')
        }
      />
      {!b && board.loading && <Spin />}
      {b && pie && bars && trend && nplBars && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card title={t('risk.board.byLevel')}>
              <Chart option={pie} testId="risk-board-pie" />
              <Typography.Text type="secondary" data-testid="risk-board-levels">
                {b.byLevel.map((l) => `${levelName(l.level)} ${l.customers}（¥${l.balance}）`).join(' · ')}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card title={t('risk.board.byBranch')}>
              <Chart option={bars} testId="risk-board-branches" />
            </Card>
          </Col>
          <Col span={24}>
            <Card title={t('risk.board.trend')}>
              <Chart option={trend} testId="risk-board-trend" />
            </Card>
          </Col>
          <Col span={24}>
            <Card title={t('risk.board.nplBranch')}>
              {b.npl.snapshotDate ? (
                <>
                  <Chart option={nplBars} testId="risk-board-npl" />
                  <Table<BoardNplLine>
                    size="small"
                    pagination={false}
                    rowKey={(r) => ('branchId' in r ? String(r.branchId) : '')}
                    dataSource={b.npl.byBranch}
                    columns={nplColumns({ title: t('risk.branch'), dataIndex: 'branchName' })}
                  />
                </>
              ) : (
                <Empty description={t('risk.board.noSnapshot')} />
              )}
            </Card>
          </Col>
          <Col span={24}>
            <Card title={t('risk.board.nplProduct')}>
              <Table<BoardNplLine>
                size="small"
                pagination={false}
                rowKey={(r) => ('productCode' in r ? r.productCode : '')}
                dataSource={b.npl.byProduct}
                columns={nplColumns({ title: 'product', dataIndex: 'productCode' })}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
