/** API calls and types of the performance screens (rankings, the 一增一降 board, weights and targets). */
import type {
  BoardQuery,
  BoardView,
  CampaignValues,
  CampaignView,
  RankingsQuery,
  RankingsView,
  Submitted,
  WeightsValues,
  WeightsView,
} from '../../../src/modules/performance/performance.contract';
import { api } from '../../shared/api';

export { KPI_KEYS, RANKING_LEVELS } from '../../../src/modules/performance/performance.contract';
export type {
  BoardRow,
  BoardView,
  CampaignValues,
  CampaignVersion,
  KpiKey,
  KpiWeights,
  RankingLevel,
  RankingRow,
  RankingsView,
  WeightsValues,
  WeightsVersion,
} from '../../../src/modules/performance/performance.contract';

export const performanceApi = {
  rankings: (q: Omit<RankingsQuery, 'format'>, signal?: AbortSignal) =>
    api.get<RankingsView>('/api/v1/performance/rankings', { ...q }, { signal }),
  board: (q: Omit<BoardQuery, 'format'>, signal?: AbortSignal) =>
    api.get<BoardView>('/api/v1/performance/campaign-board', { ...q }, { signal }),
  weights: (signal?: AbortSignal) => api.get<WeightsView>('/api/v1/performance/weights', undefined, { signal }),
  submitWeights: (body: WeightsValues) => api.post<Submitted>('/api/v1/performance/weights/changes', body),
  targets: (signal?: AbortSignal) => api.get<CampaignView>('/api/v1/performance/campaign-targets', undefined, { signal }),
  submitTargets: (body: CampaignValues) => api.post<Submitted>('/api/v1/performance/campaign-targets/changes', body),
};
