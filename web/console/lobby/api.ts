/** API calls and types of the lobby screens (maturity tasks, leads, figures, parameters). */
import type {
  LobbyFiguresPage,
  LobbyFiguresQuery,
  LobbyLeadBody,
  LobbyLeadItem,
  LobbyLeadPage,
  LobbyOfficers,
  LobbyOutcomeBody,
  LobbyParamValues,
  LobbyParamsView,
  LobbySubmitted,
  LobbyTaskItem,
  LobbyTaskPage,
  LobbyTaskQuery,
} from '../../../src/modules/lobby/lobby.contract';
import type { PageQuery } from '../../../src/kernel/contract';
import { api } from '../../shared/api';

export { LOBBY_OUTCOMES, LOBBY_TASK_KINDS, LOBBY_TASK_STATUSES } from '../../../src/modules/lobby/lobby.contract';
export type {
  LobbyFiguresItem,
  LobbyLeadItem,
  LobbyOutcome,
  LobbyParamValues,
  LobbyParamsVersion,
  LobbyTaskItem,
  LobbyTaskKind,
  LobbyTaskStatus,
} from '../../../src/modules/lobby/lobby.contract';

export const lobbyApi = {
  tasks: (q: Omit<LobbyTaskQuery, 'format'>, signal?: AbortSignal) => api.get<LobbyTaskPage>('/api/v1/lobby/tasks', { ...q }, { signal }),
  outcome: (id: number, body: LobbyOutcomeBody) => api.post<LobbyTaskItem>(`/api/v1/lobby/tasks/${id}/outcome`, body),
  leads: (q: PageQuery, signal?: AbortSignal) => api.get<LobbyLeadPage>('/api/v1/lobby/leads', { ...q }, { signal }),
  createLead: (body: LobbyLeadBody) => api.post<LobbyLeadItem>('/api/v1/lobby/leads', body),
  officers: (signal?: AbortSignal) => api.get<LobbyOfficers>('/api/v1/lobby/officers', undefined, { signal }),
  figures: (q: Omit<LobbyFiguresQuery, 'format' | 'by'> & { by?: LobbyFiguresQuery['by'] }, signal?: AbortSignal) =>
    api.get<LobbyFiguresPage>('/api/v1/lobby/figures', { ...q }, { signal }),
  params: (signal?: AbortSignal) => api.get<LobbyParamsView>('/api/v1/lobby/params', undefined, { signal }),
  submitParams: (body: LobbyParamValues) => api.post<LobbySubmitted>('/api/v1/lobby/params/changes', body),
};
