/**
 * SMS: the public surface (docs/lending-modules.md). The embedded gateway writes every message to
 * the outbox; one-time codes for the mobile page (identify, guarantee, drawdown).
 */
export {
  sendSms,
  issueOtp,
  verifyOtp,
  listOutbox,
  maskCodes,
  otpText,
  OTP_MAX_ATTEMPTS,
  OTP_PURPOSES,
  OTP_RESEND_SECONDS,
  OTP_TTL_SECONDS,
  SMS_SIGNATURE,
  type OutboxItem,
} from './sms.service.js';
export type { OtpPurpose } from './schema.js';
export { smsRoutes } from './sms.routes.js';
