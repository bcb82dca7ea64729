/**
 * The dashboards' pieces: a figure card (one number an API route gives, shown as it came, with the
 * raw value in data-value so a test can compare it with the route) and a chart (ECharts through the
 * shared chart component, with the number of data points it draws in data-points).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { groupYuan } from '../../../shared/money';
import { Chart } from '../../risk/Chart';

export type FigureValue = number | string | null | undefined;

export interface FigureProps {
  testId: string;
  title: ReactNode;
  /** The value as the API gave it (a count, a yuan string, a percent string). */
  value: FigureValue;
  kind?: 'count' | 'yuan' | 'pct';
  /** A change (e.g. since the start of the year), as the API gave it. */
  change?: FigureValue;
  changeLabel?: ReactNode;
  /** A rise in this figure is bad news (NPL): shown in red. */
  riseIsBad?: boolean;
  hint?: ReactNode;
  to?: string;
  loading?: boolean;
  tone?: 'danger' | 'warning' | 'ok';
}

const TONE: Record<NonNullable<FigureProps['tone']>, string> = { danger: '#cf1322', warning: '#d48806', ok: '#1a7f5a' };

export function showValue(value: FigureValue, kind: FigureProps['kind'] = 'count'): string {
  if (value === null || value === undefined) return '—';
  if (kind === 'yuan') return groupYuan(String(value));
  if (kind === 'pct') return `${value}%`;
  return String(value);
}

function signed(value: FigureValue, kind: FigureProps['kind']): string {
  if (value === null || value === undefined) return '—';
  const s = String(value);
  const shown = kind === 'pct' ? `${s} pp` : showValue(s, kind);
  return s.startsWith('-') ? shown : `+${shown}`;
}

export function Figure({ testId, title, value, kind = 'count', change, changeLabel, riseIsBad, hint, to, loading, tone }: FigureProps) {
  const changeStr = change === null || change === undefined ? undefined : String(change);
  const up = changeStr !== undefined && !changeStr.startsWith('-') && !/^[0.]+$/.test(changeStr.replace('+', ''));
  const down = changeStr?.startsWith('-') ?? false;
  const changeColor = (up && riseIsBad) || (down && !riseIsBad) ? '#cf1322' : up || down ? '#1a7f5a' : undefined;
  const card = (
    <Card
      hoverable={!!to}
      className="hn-stat-card"
      data-testid={testId}
      data-value={value === null || value === undefined ? '' : String(value)}
      data-change={changeStr ?? ''}
    >
      {loading && (value === undefined || value === null) ? (
        <Skeleton active paragraph={{ rows: 1 }} title={false} />
      ) : (
        <>
          <Statistic
            title={title}
            value={showValue(value, kind)}
            styles={{ content: tone ? { color: TONE[tone] } : undefined }}
            // the value is shown as the API gave it (grouped): no number formatting of ours
            formatter={(v) => <span data-testid={`${testId}-text`}>{String(v)}</span>}
          />
          {changeStr !== undefined && (
            <Typography.Text style={{ fontSize: 12, color: changeColor }} data-testid={`${testId}-change`}>
              {changeLabel} {signed(changeStr, kind)}
            </Typography.Text>
          )}
          {hint && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {hint}
              </Typography.Text>
            </div>
          )}
        </>
      )}
    </Card>
  );
  return to ? <Link to={to}>{card}</Link> : card;
}

/** A row of figure cards, four across on a wide screen. */
export function FigureRow({ children, span = 6 }: { children: ReactNode[]; span?: number }) {
  return (
    <Row gutter={[16, 16]}>
      {children.map((c, i) => (
        <Col key={i} xs={24} sm={12} lg={span}>
          {c}
        </Col>
      ))}
    </Row>
  );
}

/** How many data points an option's series carry (what a test reads to know the chart is not empty). */
export function seriesPoints(option: EChartsCoreOption): number {
  const series = (option as { series?: unknown }).series;
  const list = Array.isArray(series) ? series : series ? [series] : [];
  return list.reduce<number>((n, s) => n + (Array.isArray((s as { data?: unknown }).data) ? (s as { data: unknown[] }).data.length : 0), 0);
}

export function DashChart({
  title,
  option,
  testId,
  height = 280,
  extra,
}: {
  title: ReactNode;
  option: EChartsCoreOption | null;
  testId: string;
  height?: number;
  extra?: ReactNode;
}) {
  return (
    <Card title={title} extra={extra} size="small">
      {option ? (
        <div data-testid={`${testId}-box`} data-points={seriesPoints(option)}>
          <Chart option={option} height={height} testId={testId} />
        </div>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}

/** Yuan string → 万元 as a number, for a chart axis only (figures are shown from the API's strings). */
export function wan(yuan: string): number {
  return Math.round(Number(yuan) / 100) / 100;
}
