import type { EodRunDetail, EodRunResult, EodRuns, EodRunsQuery } from '../../../src/modules/eod/eod.contract';
import { api } from '../../shared/api';

export type {
  EodPartitionView as EodPartition,
  EodRunDetail,
  EodRunView as EodRun,
  EodStepView as EodStep,
} from '../../../src/modules/eod/eod.contract';

export const eodApi = {
  runs: (signal?: AbortSignal) => api.get<EodRuns>('/api/v1/eod/runs', { limit: 60 }, { signal }),
  /** One page of the runs list, newest first (the console's paged table). */
  runsPage: async (q: Required<Pick<EodRunsQuery, 'page' | 'pageSize'>>, signal?: AbortSignal) => {
    const runs = await api.get<EodRuns>('/api/v1/eod/runs', { page: q.page, pageSize: q.pageSize }, { signal });
    return { ...runs, page: q.page, pageSize: q.pageSize };
  },
  run: (date: string, signal?: AbortSignal) => api.get<EodRunDetail>(`/api/v1/eod/runs/${encodeURIComponent(date)}`, undefined, { signal }),
  runTo: (to: string) => api.post<EodRunResult>('/api/v1/eod/run', { to }),
  rerun: (date: string) => api.post<EodRunResult>(`/api/v1/eod/runs/${encodeURIComponent(date)}/rerun`, {}),
};
