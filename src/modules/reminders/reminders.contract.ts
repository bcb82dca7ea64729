/**
 * The API contract of the reminders module (还款提醒): the reminder parameters and their changes
 * through review, the reminder list, and a customer's opt-out. Pure zod over the kernel's shared
 * atoms, so the routes, the service and both web apps take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, yuan } from '../../kernel/contract.js';

export const REMINDER_KINDS = ['BEFORE_DUE', 'ON_DUE', 'OVERDUE_YELLOW', 'OVERDUE_ORANGE', 'OVERDUE_RED'] as const;
export const reminderKind = z.enum(REMINDER_KINDS);
export type ReminderKind = z.infer<typeof reminderKind>;

export const WARNING_LEVELS = ['YELLOW', 'ORANGE', 'RED'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** The placeholders a template may use, per kind ({name} is the masked name, amounts in yuan). */
export const PLACEHOLDERS = ['name', 'product', 'dueDate', 'amountDue', 'daysPastDue', 'amountPastDue', 'hotline'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
const DUE_PLACEHOLDERS: readonly Placeholder[] = ['name', 'product', 'dueDate', 'amountDue', 'hotline'];
const OVERDUE_PLACEHOLDERS: readonly Placeholder[] = ['name', 'product', 'daysPastDue', 'amountPastDue', 'hotline'];
export const PLACEHOLDERS_BY_KIND: Readonly<Record<ReminderKind, readonly Placeholder[]>> = {
  BEFORE_DUE: DUE_PLACEHOLDERS,
  ON_DUE: DUE_PLACEHOLDERS,
  OVERDUE_YELLOW: OVERDUE_PLACEHOLDERS,
  OVERDUE_ORANGE: OVERDUE_PLACEHOLDERS,
  OVERDUE_RED: OVERDUE_PLACEHOLDERS,
};

export const TEMPLATE_MAX_CHARS = 200;
export const MAX_DAYS_BEFORE_DUE = 15;
export const MAX_OVERDUE_EVERY_DAYS = 30;

const hhmm = z.string().max(5).describe('HH:MM，北京时间 (China time, 24-hour)');
const everyDays = z
  .number()
  .int()
  .min(0)
  .max(MAX_OVERDUE_EVERY_DAYS)
  .describe(`逾期第 1 天起每隔几天提醒一次（0 = 不提醒，最多 ${MAX_OVERDUE_EVERY_DAYS}）`);

export const reminderParamValues = z.object({
  daysBeforeDue: z
    .number()
    .int()
    .min(0)
    .max(MAX_DAYS_BEFORE_DUE)
    .describe(`到期前几天提醒（0 = 不提醒，最多 ${MAX_DAYS_BEFORE_DUE}，默认 3）`),
  onDue: z.boolean().describe('还款日当天提醒（默认开）'),
  overdueEveryDays: z.object({ YELLOW: everyDays, ORANGE: everyDays, RED: everyDays }),
  quietHours: z.object({ start: hhmm, end: hhmm }).describe('免打扰时段（默认 21:00–08:00，须跨越午夜）'),
  templates: z.object({
    BEFORE_DUE: z.string().max(400),
    ON_DUE: z.string().max(400),
    OVERDUE_YELLOW: z.string().max(400),
    OVERDUE_ORANGE: z.string().max(400),
    OVERDUE_RED: z.string().max(400),
  }),
  hotline: z.string().max(40).describe('银行客服电话'),
});
export type ReminderParamValues = z.infer<typeof reminderParamValues>;

export const reminderParamsVersion = reminderParamValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
});
export type ReminderParamsVersion = z.infer<typeof reminderParamsVersion>;

export const reminderParamsView = z.object({
  current: reminderParamsVersion,
  history: z.array(reminderParamsVersion),
  placeholders: z.record(reminderKind, z.array(z.enum(PLACEHOLDERS))),
});
export type ReminderParamsView = z.infer<typeof reminderParamsView>;

export const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type Submitted = z.infer<typeof submitted>;

export const REMINDER_STATUSES = ['QUEUED', 'SENT', 'FAILED', 'SKIPPED_OPT_OUT'] as const;
export const reminderStatus = z.enum(REMINDER_STATUSES);
export type ReminderStatus = z.infer<typeof reminderStatus>;

export const reminderItem = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  loanId: z.number().int(),
  kind: reminderKind,
  businessDate: z.string(),
  dueDate: z.string().nullable(),
  amount: yuan,
  dpd: z.number().int(),
  /** The reminder's state: QUEUED, SENT or FAILED as its outbox message; SKIPPED_OPT_OUT when not sent. */
  status: reminderStatus,
  outboxId: z.number().int().nullable(),
  sendAfter: isoDateTime,
  sentAt: isoDateTime.nullable(),
  text: z.string(),
});
export type ReminderItem = z.infer<typeof reminderItem>;
export const reminderPage = paged(reminderItem);
export type ReminderPage = z.infer<typeof reminderPage>;

export const reminderListQuery = z.strictObject({
  ...pageQuery.shape,
  date: isoDate.optional().describe('营业日期（生成提醒的日终日期）'),
  kind: reminderKind.optional(),
  status: reminderStatus.optional(),
  customerId: id.optional(),
  loanId: id.optional(),
  format: z.enum(['json', 'xlsx']).optional(),
});
export type ReminderListQuery = z.infer<typeof reminderListQuery>;

/** The customer's own reminders on the mobile page (paging only). */
export const myReminderQuery = z.strictObject({ ...pageQuery.shape });
export const myReminderItem = reminderItem.pick({
  id: true,
  loanId: true,
  kind: true,
  dueDate: true,
  amount: true,
  dpd: true,
  status: true,
  sentAt: true,
  text: true,
});
export type MyReminderItem = z.infer<typeof myReminderItem>;
export const myReminderPage = paged(myReminderItem);
export type MyReminderPage = z.infer<typeof myReminderPage>;

export const optOutView = z.object({
  customerId: z.number().int(),
  optedOut: z.boolean(),
  source: z.enum(['CUSTOMER', 'STAFF']).nullable(),
  reason: z.string().nullable(),
  updatedAt: isoDateTime.nullable(),
});
export type OptOutView = z.infer<typeof optOutView>;

/** The customer's own switch on the mobile page. */
export const myOptOutChange = z.strictObject({ optedOut: z.boolean() });
export type MyOptOutChange = z.infer<typeof myOptOutChange>;

/** Staff record a customer's wish (e.g. said on the phone); the reason is kept and audited. */
export const staffOptOutChange = z.strictObject({
  optedOut: z.boolean(),
  reason: z.string().trim().min(1).max(200).describe('客户的意思表示及来源，如“电话告知不需要短信提醒”'),
});
export type StaffOptOutChange = z.infer<typeof staffOptOutChange>;

export const customerIdParams = z.object({ customerId: id });
