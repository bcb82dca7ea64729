/** What the supervision screens share: the business date, the staff in scope, date conversion, status tones. */
import dayjs, { type Dayjs } from 'dayjs';
import { defineStatusTones } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { showError } from '../shell/feedback';
import { supervisionApi, type AccountabilityStatus, type CommitmentStatus, type ExemplarStatus, type InterviewStatus } from './api';

export const dateOf = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');
export const dayOf = (s: string | null | undefined) => (s ? dayjs(s) : undefined);

export const INTERVIEW_TONES = defineStatusTones<InterviewStatus>({ OPEN: 'pending', CLOSED: 'closed' });
export const COMMITMENT_TONES = defineStatusTones<CommitmentStatus>({ OPEN: 'pending', DONE: 'success', MISSED: 'danger' });
export const EXEMPLAR_TONES = defineStatusTones<ExemplarStatus>({ DRAFT: 'info', PUBLISHED: 'success' });
export const ACCOUNTABILITY_TONES = defineStatusTones<AccountabilityStatus>({ PROPOSED: 'pending', CONFIRMED: 'danger', WAIVED: 'closed' });

/** Today's business date (the server's), as the default of every date field. */
export function useBusinessDate(): string | undefined {
  return useAsync((signal) => supervisionApi.businessDate(signal), [], { onError: showError }).data?.businessDate;
}

/** The active staff in the user's data scope, as select options ("name（branch）"). */
export function useStaffOptions(enabled = true) {
  const { data } = useAsync((signal) => supervisionApi.staff(signal), [enabled], { enabled, onError: showError });
  return (data?.items ?? []).filter((s) => s.status === 'ACTIVE').map((s) => ({ value: s.id, label: `${s.name}（${s.branchName}）` }));
}
