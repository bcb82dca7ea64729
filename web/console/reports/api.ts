/** API calls and types of the 报表中心 screens (headline, trend, management report). */
import type { Headline, Portfolio, PortfolioQuery, Trend, TrendQuery } from '../../../src/modules/reports/reports.contract';
import { api } from '../../shared/api';

export { REPORT_GROUP_BYS } from '../../../src/modules/reports/reports.contract';
export type {
  Headline,
  HeadlineBranch,
  Portfolio,
  PortfolioRow,
  ReportGroupBy,
  Trend,
} from '../../../src/modules/reports/reports.contract';

export const reportsApi = {
  headline: (date: string | undefined, signal?: AbortSignal) =>
    api.get<Headline>('/api/v1/reports/headline', date ? { date } : undefined, { signal }),
  trend: (q: TrendQuery, signal?: AbortSignal) => api.get<Trend>('/api/v1/reports/trend', { ...q }, { signal }),
  portfolio: (q: Omit<PortfolioQuery, 'format'>, signal?: AbortSignal) =>
    api.get<Portfolio>('/api/v1/reports/portfolio', { ...q }, { signal }),
};
