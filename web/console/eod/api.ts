import { api } from '../../shared/api';

export interface EodRun {
  businessDate: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  leaseHolder: string | null;
  partitions: number | null;
  partitionSize: number | null;
  error: unknown;
}

export interface EodPartition {
  partition: number;
  fromLoanId: number;
  toLoanId: number;
  status: 'DONE' | 'FAILED';
  rows: number;
  durationMs: number;
  worker: string;
  error: unknown;
}

export interface EodStep {
  step: string;
  status: 'DONE' | 'FAILED' | 'PARTIAL';
  rows: number;
  durationMs: number;
  partitions: EodPartition[];
}

export interface EodRunDetail extends EodRun {
  steps: EodStep[];
}

export const eodApi = {
  runs: (signal?: AbortSignal) => api.get<{ businessDate: string; items: EodRun[]; total: number }>('/api/v1/eod/runs', { limit: 60 }, { signal }),
  run: (date: string, signal?: AbortSignal) => api.get<EodRunDetail>(`/api/v1/eod/runs/${encodeURIComponent(date)}`, undefined, { signal }),
  runTo: (to: string) => api.post<{ businessDate: string }>('/api/v1/eod/run', { to }),
  rerun: (date: string) => api.post<unknown>(`/api/v1/eod/runs/${encodeURIComponent(date)}/rerun`, {}),
};
