/**
 * 报表中心 (issue 15 §1): the headline of the chosen business date (balance, borrowers, NPL and ratio with
 * their change since the year-start base) with a bar chart of balance by branch, and the management report
 * grouped by bank, branch, product or officer — the shared list with its Excel export (the report's own
 * xlsx, amounts in 万元). Everything within the user's data scope, read from the day aggregate.
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Row, Segmented, Space, Statistic, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { ExportButton, PagedTable, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { Chart } from '../risk/Chart';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { REPORT_GROUP_BYS, reportsApi, type Headline, type PortfolioRow, type ReportGroupBy } from './api';

type Filters = { date?: string; groupBy: ReportGroupBy };

/** Yuan string → 万元 number with two decimals, for the chart. */
const wan = (yuan: string) => Math.round(Number(yuan) / 100) / 100;

export function ReportsPage() {
  const { t } = useI18n();
  const [date, setDate] = useState<string | undefined>(undefined);
  const headline = useAsync((signal) => reportsApi.headline(date, signal), [date], { onError: showError });
  const h = headline.data;
  return (
    <>
      <PageHeader
        title={t('rep.title')}
        subtitle={t('rep.subtitle')}
        extra={
          <Space>
            <DatePicker
              data-testid="reports-date"
              placeholder={t('rep.latest')}
              value={date ? dayjs(date) : null}
              onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : undefined)}
            />
            <ExportButton
              path="/api/v1/reports/headline"
              query={h ? { date: h.date } : {}}
              filename={t('rep.exportHeadline')}
              onError={showError}
              testId="reports-headline-export"
            />
          </Space>
        }
      />
      {h ? <HeadlineCards h={h} /> : null}
      {h ? <BranchChart h={h} /> : null}
      {/* remounted per report date: the list's filters (and its export) carry the date */}
      <PortfolioList key={h?.date ?? date ?? 'latest'} date={h?.date ?? date} />
    </>
  );
}

function HeadlineCards({ h }: { h: Headline }) {
  const { t } = useI18n();
  const cards: Array<{ key: string; title: string; value: string | number; change: string | number }> = [
    { key: 'balance', title: t('rep.balance'), value: h.onlineLoanBalance, change: h.balanceChangeYtd },
    { key: 'borrowers', title: t('rep.borrowers'), value: h.borrowers, change: h.borrowersChangeYtd },
    { key: 'npl', title: t('rep.npl'), value: h.nplBalance, change: h.nplBalanceChangeYtd },
    { key: 'ratio', title: t('rep.nplRatio'), value: h.nplRatioPct, change: h.nplRatioChangeYtdPp },
  ];
  return (
    <Card style={{ marginBottom: 16 }} data-testid="reports-headline" data-date={h.date}>
      <Row gutter={16}>
        {cards.map((c) => (
          <Col key={c.key} span={6}>
            <Statistic title={c.title} value={c.value} data-testid={`reports-headline-${c.key}`} />
            <div className="hn-muted" data-testid={`reports-headline-${c.key}-ytd`}>
              {t('rep.ytd')} {String(c.change).startsWith('-') ? c.change : `+${c.change}`}
            </div>
          </Col>
        ))}
      </Row>
      <Alert
        style={{ marginTop: 12 }}
        type="info"
        showIcon
        message={`${t('rep.date')} ${h.date} · ${h.ytdBaseDate ? t('rep.ytdBase', { d: h.ytdBaseDate }) : t('rep.ytdNone')}`}
      />
    </Card>
  );
}

function BranchChart({ h }: { h: Headline }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: h.byBranch.map((b) => b.branchName), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', name: t('rep.chart.byBranch'), data: h.byBranch.map((b) => wan(b.balance)) }],
    }),
    [h, t],
  );
  return (
    <Card title={t('rep.chart.byBranch')} style={{ marginBottom: 16 }}>
      <Chart option={option} height={260} testId="reports-branch-chart" />
    </Card>
  );
}

function PortfolioList({ date }: { date?: string }) {
  const { t } = useI18n();
  const list = usePagedQuery<PortfolioRow, Filters>(
    async ({ page, pageSize, groupBy, date: at }, signal) => {
      const r = await reportsApi.portfolio({ date: at, groupBy }, signal);
      return { items: r.items.slice((page - 1) * pageSize, page * pageSize), total: r.total, page, pageSize };
    },
    { onError: showError, initialFilters: { groupBy: 'branch', ...(date ? { date } : {}) }, pageSize: 50 },
  );
  const { draft, setDraft, search } = list;
  const money = (key: keyof PortfolioRow, title: string) => ({ title, dataIndex: key, width: 130, align: 'right' as const });
  const columns: TableColumnsType<PortfolioRow> = [
    { title: t('rep.col.name'), dataIndex: 'name', width: 160, fixed: 'left' },
    money('balance', t('rep.col.balance')),
    money('balanceChangeYtd', t('rep.col.balanceYtd')),
    money('balanceChangeMtd', t('rep.col.balanceMtd')),
    { title: t('rep.col.borrowers'), dataIndex: 'borrowers', width: 90, align: 'right' },
    { title: t('rep.col.newYtd'), dataIndex: 'newLoansYtd', width: 110, align: 'right' },
    money('newLoansAmountYtd', t('rep.col.newAmountYtd')),
    money('nplBalance', t('rep.col.npl')),
    { title: t('rep.col.nplRatio'), dataIndex: 'nplRatioPct', width: 100, align: 'right' },
    { title: t('rep.col.nplRatioYtd'), dataIndex: 'nplRatioChangeYtdPp', width: 150, align: 'right' },
    money('overdueBalance', t('rep.col.overdue')),
    money('dpd1To30', t('rep.col.dpd30')),
    money('dpd31To60', t('rep.col.dpd60')),
    money('dpd61To90', t('rep.col.dpd90')),
    money('dpdOver90', t('rep.col.dpd90plus')),
    money('interestIncomeYtd', t('rep.col.income')),
    money('disbursedToDate', t('rep.col.disbursedToDate')),
    { title: t('rep.col.disbursedToDateCount'), dataIndex: 'disbursedToDateCount', width: 110, align: 'right' },
  ];
  return (
    <Card title={t('rep.report')}>
      <PagedTable<PortfolioRow, Filters>
        query={list}
        columns={columns}
        rowKey="key"
        settingsKey="reports-portfolio"
        testId="reports-portfolio-table"
        emptyText={t('rep.empty')}
        scroll={{ x: 2240 }}
        exportTo={{ path: '/api/v1/reports/portfolio', filename: t('rep.report'), onError: showError }}
        toolbar={
          <Segmented<ReportGroupBy>
            data-testid="reports-group-by"
            value={draft.groupBy}
            onChange={(v) => {
              setDraft((f) => ({ ...f, groupBy: v }));
              search({ ...draft, groupBy: v });
            }}
            options={REPORT_GROUP_BYS.map((g) => ({ value: g, label: t(`rep.by.${g}`) }))}
          />
        }
      />
    </Card>
  );
}
