import { api } from '../../shared/api';
import type { AlertDetail, AlertPage, AlertQuery, FollowUpRequest, RiskBoard } from '../../../src/modules/risk/risk.contract';

// The shapes are the API contract's (src/modules/risk/risk.contract.ts), not copies of it.
export { RISK_LEVELS, FOLLOW_UP_KINDS } from '../../../src/modules/risk/risk.contract';
export type {
  AlertDetail,
  AlertEvent,
  AlertItem,
  AlertPage,
  FollowUpKind,
  RiskBoard,
  RiskLevel,
  AlertStatus,
} from '../../../src/modules/risk/risk.contract';

export const riskApi = {
  alerts: (q: Partial<AlertQuery>, signal?: AbortSignal) => api.get<AlertPage>('/api/v1/risk/alerts', { ...q }, { signal }),
  alert: (id: number | string, signal?: AbortSignal) =>
    api.get<AlertDetail>(`/api/v1/risk/alerts/${encodeURIComponent(String(id))}`, undefined, { signal }),
  followUp: (id: number, body: FollowUpRequest) => api.post<AlertDetail>(`/api/v1/risk/alerts/${id}/follow-ups`, body),
  board: (signal?: AbortSignal) => api.get<RiskBoard>('/api/v1/risk/board', undefined, { signal }),
};
