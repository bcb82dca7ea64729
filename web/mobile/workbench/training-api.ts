/**
 * The staff member's own exams and training record on the mobile workbench (issue 15 §4): the same staff
 * session cookie as the rest of the workbench. Types are the server's contracts.
 */
import { api, type Id } from '../../shared/api';
import type {
  AnswerEntry,
  AttemptResult,
  ExamSheet,
  MyExamList,
  RecordDetail,
  SavedAnswers,
} from '../../../src/modules/training/training.contract';

export type {
  AnswerEntry,
  AttemptResult,
  ExamSheet,
  MyExam,
  MyExamList,
  RecordDetail,
} from '../../../src/modules/training/training.contract';

const enc = (id: Id) => encodeURIComponent(String(id));

export const trainingApi = {
  myExams: (signal?: AbortSignal) => api.get<MyExamList>('/api/v1/training/my/exams', undefined, { signal }),
  start: (paperId: Id) => api.post<ExamSheet>(`/api/v1/training/my/exams/${enc(paperId)}/start`, {}),
  save: async (attemptId: Id, answers: AnswerEntry[]) =>
    (await api.request<SavedAnswers>('PUT', `/api/v1/training/my/attempts/${enc(attemptId)}/answers`, { body: { answers } })).data,
  submit: (attemptId: Id, answers: AnswerEntry[]) =>
    api.post<AttemptResult>(`/api/v1/training/my/attempts/${enc(attemptId)}/submit`, { answers }),
  myRecord: (signal?: AbortSignal) => api.get<RecordDetail>('/api/v1/training/my/record', undefined, { signal }),
};
