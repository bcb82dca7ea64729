/**
 * Feedback tickets' rules (issue 13 §7), pure: the status machine, the default deadlines, the
 * escalation dates, the attachment type by magic bytes and the statistics sentence. No I/O, no clock:
 * the business date and the business-day arithmetic are parameters.
 */
import type { FeedbackCategory, FeedbackDepartment, FeedbackStatus } from './feedback.contract.js';

/** What each category is about, and so which department owns it by default. */
export const CATEGORY_DEPARTMENT: Record<FeedbackCategory, FeedbackDepartment> = {
  PARAMETER: 'CREDIT_MANAGEMENT',
  APPROVAL: 'CREDIT_MANAGEMENT',
  POST_LOAN: 'CREDIT_MANAGEMENT',
  PRODUCT: 'RETAIL_BANKING',
  DATA: 'DATA_TECHNOLOGY',
  SYSTEM: 'DATA_TECHNOLOGY',
  OTHER: 'DATA_TECHNOLOGY',
};

/**
 * 限时办结: business days from the day a ticket is raised to its deadline, by category. A parameter
 * or process question is answered within a week; a change of the system within two.
 */
export const CATEGORY_DEADLINE_DAYS: Record<FeedbackCategory, number> = {
  PARAMETER: 5,
  APPROVAL: 5,
  POST_LOAN: 5,
  PRODUCT: 10,
  DATA: 5,
  SYSTEM: 10,
  OTHER: 10,
};

/** Level 2 (to the bank's leadership) this many business days after level 1 (to the department head). */
export const ESCALATION_LEVEL2_AFTER_DAYS = 3;

export const DEPARTMENT_ZH: Record<FeedbackDepartment, string> = {
  CREDIT_MANAGEMENT: '信贷管理部',
  RETAIL_BANKING: '零售业务部',
  DATA_TECHNOLOGY: '数据科技部',
};

export const STATUS_ZH: Record<FeedbackStatus, string> = {
  OPEN: '待受理',
  ACCEPTED: '已受理',
  IN_PROGRESS: '处理中',
  OPTIMISED: '已优化',
  REJECTED: '不予采纳',
};

export const CATEGORY_ZH: Record<FeedbackCategory, string> = {
  PARAMETER: '参数配置',
  APPROVAL: '审批流程',
  POST_LOAN: '贷后管理',
  PRODUCT: '产品营销',
  DATA: '数据质量',
  SYSTEM: '系统功能',
  OTHER: '其他',
};

export const RAISER_ROLE_ZH = { param_manager: '参数管理岗', approver: '业务审批岗', inspector: '贷后检查岗' } as const;

const NEXT: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  OPEN: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['IN_PROGRESS', 'OPTIMISED', 'REJECTED'],
  IN_PROGRESS: ['OPTIMISED', 'REJECTED'],
  OPTIMISED: [],
  REJECTED: [],
};

export const CLOSED_STATUSES: readonly FeedbackStatus[] = ['OPTIMISED', 'REJECTED'];

export function nextStatuses(status: FeedbackStatus): readonly FeedbackStatus[] {
  return NEXT[status];
}

export function canMove(from: FeedbackStatus, to: FeedbackStatus): boolean {
  return NEXT[from].includes(to);
}

/** Whether a release may answer a ticket: accepted and not closed. */
export function canLinkRelease(status: FeedbackStatus): boolean {
  return status === 'ACCEPTED' || status === 'IN_PROGRESS';
}

/**
 * The dates of a deadline: the deadline itself (the last business day to finish), level 1 from the
 * next business day, level 2 ESCALATION_LEVEL2_AFTER_DAYS business days after that.
 */
export function escalationDates(
  deadline: string,
  addBusinessDays: (date: string, days: number) => string,
): { deadlineDate: string; escalation1Date: string; escalation2Date: string } {
  const escalation1Date = addBusinessDays(deadline, 1);
  return { deadlineDate: deadline, escalation1Date, escalation2Date: addBusinessDays(escalation1Date, ESCALATION_LEVEL2_AFTER_DAYS) };
}

/** The escalation level of a ticket on a business date: closed tickets are never escalated. */
export function escalationLevel(
  status: FeedbackStatus,
  businessDate: string,
  dates: { escalation1Date: string; escalation2Date: string },
): 0 | 1 | 2 {
  if (CLOSED_STATUSES.includes(status)) return 0;
  if (businessDate >= dates.escalation2Date) return 2;
  if (businessDate >= dates.escalation1Date) return 1;
  return 0;
}

/** The attachment types accepted, by their first bytes (the name and the declared type are not trusted). */
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;
export const ATTACHMENTS_PER_TICKET = 10;

export function sniffAttachmentType(bytes: Uint8Array): string | null {
  const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/** "反馈 12 项，已优化 10 项，推进中 2 项" (+ 不予采纳 and 超期 when there are any). */
export function statsSentence(
  s: { total: number; optimised: number; inProgress: number; rejected: number; overdue: number },
  lang: 'zh' | 'en',
): string {
  if (lang === 'en') {
    let out = `${s.total} fed back, ${s.optimised} optimised, ${s.inProgress} in progress`;
    if (s.rejected > 0) out += `, ${s.rejected} not adopted`;
    if (s.overdue > 0) out += ` (${s.overdue} overdue)`;
    return out;
  }
  let out = `反馈 ${s.total} 项，已优化 ${s.optimised} 项，推进中 ${s.inProgress} 项`;
  if (s.rejected > 0) out += `，不予采纳 ${s.rejected} 项`;
  if (s.overdue > 0) out += `（其中超期 ${s.overdue} 项）`;
  return out;
}
