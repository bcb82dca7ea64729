/**
 * What the dashboards read, route by route. Every figure is a field of a route's answer or the `total`
 * of a filtered list page (asked for one row): nothing is counted or summed in the browser.
 */
import { api, type Page, type Query } from '../../shared/api';
import type { ReviewSummary } from '../../../src/modules/review/review.contract';
import type { FeedbackStats } from '../../../src/modules/feedback/feedback.contract';
import type { InspectionSummary } from '../../../src/modules/inspections/inspections.contract';
import type { RiskBoard, RiskLevel } from '../../../src/modules/risk/risk.contract';
import type { WorkListPage } from '../../../src/modules/marketing/marketing.contract';
import type { Headline, Portfolio, Trend, TrendQuery } from '../../../src/modules/reports/reports.contract';
import type { BoardView, RankingsQuery, RankingsView } from '../../../src/modules/performance/performance.contract';

/** The `total` of a list route under a filter: the route counts, the browser only asks for one row. */
export function listTotal(path: string, query: Query, signal?: AbortSignal): Promise<number> {
  return api.get<Page<unknown>>(path, { ...query, page: 1, pageSize: 1 }, { signal }).then((p) => p.total);
}

export const dashApi = {
  businessDate: (signal?: AbortSignal) => api.get<{ businessDate: string }>('/api/v1/business-date', undefined, { signal }),
  reviewSummary: (signal?: AbortSignal) => api.get<ReviewSummary>('/api/v1/review/summary', undefined, { signal }),
  feedbackStats: (signal?: AbortSignal) => api.get<FeedbackStats>('/api/v1/feedback/stats', undefined, { signal }),
  inspectionSummary: (signal?: AbortSignal) => api.get<InspectionSummary>('/api/v1/inspections/summary', undefined, { signal }),
  riskBoard: (signal?: AbortSignal) => api.get<RiskBoard>('/api/v1/risk/board', undefined, { signal }),
  openAlerts: (level: RiskLevel, signal?: AbortSignal) => listTotal('/api/v1/risk/alerts', { status: 'OPEN', level }, signal),
  openCollectionCases: (signal?: AbortSignal) => listTotal('/api/v1/collection/cases', { status: 'OPEN' }, signal),
  applications: (status: 'REFERRED' | 'MANUAL_REVIEW', signal?: AbortSignal) => listTotal('/api/v1/applications', { status }, signal),
  openLobbyTasks: (signal?: AbortSignal) => listTotal('/api/v1/lobby/tasks', { status: 'OPEN' }, signal),
  /** The headline at a date (default: the latest with figures), scoped by the server to the viewer's bank, branch or own book. */
  headline: (date: string | undefined, signal?: AbortSignal) => api.get<Headline>('/api/v1/reports/headline', { date }, { signal }),
  trend: (q: TrendQuery, signal?: AbortSignal) => api.get<Trend>('/api/v1/reports/trend', { ...q }, { signal }),
  /** The officer's own row of the management report (overdue balance and the rest). */
  portfolio: (date: string, signal?: AbortSignal) =>
    api.get<Portfolio>('/api/v1/reports/portfolio', { date, groupBy: 'officer' }, { signal }),
  rankings: (q: Omit<RankingsQuery, 'format'>, signal?: AbortSignal) =>
    api.get<RankingsView>('/api/v1/performance/rankings', { ...q }, { signal }),
  /** The 一增一降 board of the campaign to date (the route's default period). */
  campaignBoard: (signal?: AbortSignal) => api.get<BoardView>('/api/v1/performance/campaign-board', undefined, { signal }),
  workList: (signal?: AbortSignal) => api.get<WorkListPage>('/api/v1/marketing/work-list', { page: 1, pageSize: 1 }, { signal }),
};
