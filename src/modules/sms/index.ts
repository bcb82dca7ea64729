/**
 * SMS: the public surface (docs/lending-modules.md). The embedded gateway writes every message to
 * the outbox; one-time codes for the mobile page (identify, guarantee, drawdown).
 */
export { sendSms, issueOtp, verifyOtp, listOutbox, SMS_SIGNATURE } from './sms.service.js';
// the queue: messages sent later by the dispatcher (reminders)
export {
  queueSms,
  outboxIdsByStatus,
  dispatchDueSms,
  outboxStates,
  startSmsDispatch,
  type QueuedSms,
  type DispatchResult,
  type SmsDispatchTimer,
} from './sms.service.js';
export type { OtpPurpose } from './schema.js';
export { smsRoutes } from './sms.routes.js';
// marketing SMS: opt-outs (TD) and the set-based queue of a campaign send, with its delivery figures
export {
  isOptOutReply,
  recordSmsOptOut,
  isSmsOptedOut,
  smsOptOutJoin,
  queueSmsSelect,
  outboxFiguresBySource,
  type SmsOptOutSource,
} from './marketing.js';
