import { api } from '../../shared/api';
import type {
  CampaignPage,
  CampaignPreview,
  CampaignPreviewBody,
  CampaignView,
  CompleteTaskBody,
  CreateCampaignBody,
  FindingPage,
  FindingView,
  InspectionSummary,
  InspectorPage,
  RecordFindingBody,
  RectifyBody,
  TaskPage,
  TaskView,
  VerifyBody,
} from '../../../src/modules/inspections/inspections.contract';
import type { Query } from '../../shared/api';

// The shapes are the API contract's (src/modules/inspections/inspections.contract.ts), not copies of it.
export type {
  AnswerValue,
  CampaignCriteria,
  CampaignSummary,
  CampaignView,
  ChecklistItem,
  FindingEvent,
  FindingSeverity,
  FindingStatus,
  FindingSummary,
  FindingView,
  TaskStatus,
  TaskSummary,
  TaskView,
} from '../../../src/modules/inspections/inspections.contract';
export {
  ANSWER_VALUES,
  FINDING_SEVERITIES,
  FINDING_STATUSES,
  LOAN_CLASSES,
  ROUTINE_CHECKLIST,
  TASK_STATUSES,
} from '../../../src/modules/inspections/inspections.contract';

const base = '/api/v1/inspections';

export const inspectionApi = {
  tasks: (q: object, signal?: AbortSignal) => api.get<TaskPage>(`${base}/tasks`, q as Query, { signal }),
  task: (id: number | string, signal?: AbortSignal) => api.get<TaskView>(`${base}/tasks/${id}`, undefined, { signal }),
  complete: (id: number, body: CompleteTaskBody) => api.post<TaskView>(`${base}/tasks/${id}/complete`, body),
  recordFinding: (taskId: number, body: RecordFindingBody) => api.post<FindingView>(`${base}/tasks/${taskId}/findings`, body),
  findings: (q: object, signal?: AbortSignal) => api.get<FindingPage>(`${base}/findings`, q as Query, { signal }),
  finding: (id: number | string, signal?: AbortSignal) => api.get<FindingView>(`${base}/findings/${id}`, undefined, { signal }),
  rectify: (id: number, body: RectifyBody) => api.post<FindingView>(`${base}/findings/${id}/rectify`, body),
  verify: (id: number, body: VerifyBody) => api.post<FindingView>(`${base}/findings/${id}/verify`, body),
  summary: (signal?: AbortSignal) => api.get<InspectionSummary>(`${base}/summary`, undefined, { signal }),
  campaigns: (q: object, signal?: AbortSignal) => api.get<CampaignPage>(`${base}/campaigns`, q as Query, { signal }),
  campaign: (id: number | string, signal?: AbortSignal) => api.get<CampaignView>(`${base}/campaigns/${id}`, undefined, { signal }),
  preview: (body: CampaignPreviewBody, signal?: AbortSignal) => api.post<CampaignPreview>(`${base}/campaigns/preview`, body, { signal }),
  createCampaign: (body: CreateCampaignBody) => api.post<CampaignView>(`${base}/campaigns`, body),
  inspectors: (signal?: AbortSignal) => api.get<InspectorPage>(`${base}/inspectors`, { page: 1, pageSize: 200 }, { signal }),
};
