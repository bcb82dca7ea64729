/** API calls and types of the reminders screens (parameters and templates, the reminder list). */
import type {
  ReminderListQuery,
  ReminderPage,
  ReminderParamValues,
  ReminderParamsView,
  Submitted,
} from '../../../src/modules/reminders/reminders.contract';
import { api } from '../../shared/api';

export { REMINDER_KINDS, REMINDER_STATUSES, WARNING_LEVELS } from '../../../src/modules/reminders/reminders.contract';
export type {
  ReminderItem,
  ReminderKind,
  ReminderPage,
  ReminderParamValues,
  ReminderParamsVersion,
  ReminderParamsView,
  ReminderStatus,
} from '../../../src/modules/reminders/reminders.contract';

/** A field-level problem reported with REMINDER_PARAMS_INVALID. */
export interface ReminderParamIssue {
  field: string;
  code: string;
  message: string;
}

export const remindersApi = {
  params: (signal?: AbortSignal) => api.get<ReminderParamsView>('/api/v1/reminders/params', undefined, { signal }),
  submit: (body: ReminderParamValues) => api.post<Submitted>('/api/v1/reminders/params/changes', body),
  list: (q: Omit<ReminderListQuery, 'format'>, signal?: AbortSignal) => api.get<ReminderPage>('/api/v1/reminders', { ...q }, { signal }),
};
