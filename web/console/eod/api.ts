import type { EodRunDetail, EodRunResult, EodRuns } from '../../../src/modules/eod/eod.contract';
import { api } from '../../shared/api';

export type {
  EodPartitionView as EodPartition,
  EodRunDetail,
  EodRunView as EodRun,
  EodStepView as EodStep,
} from '../../../src/modules/eod/eod.contract';

export const eodApi = {
  runs: (signal?: AbortSignal) => api.get<EodRuns>('/api/v1/eod/runs', { limit: 60 }, { signal }),
  run: (date: string, signal?: AbortSignal) => api.get<EodRunDetail>(`/api/v1/eod/runs/${encodeURIComponent(date)}`, undefined, { signal }),
  runTo: (to: string) => api.post<EodRunResult>('/api/v1/eod/run', { to }),
  rerun: (date: string) => api.post<EodRunResult>(`/api/v1/eod/runs/${encodeURIComponent(date)}/rerun`, {}),
};
