/**
 * Reminders (还款提醒, issue 13 §3): the public surface. SMS before a due date, on it and after it by
 * the customer's warning colour, prepared by the end-of-day step REMIND and queued in the SMS outbox
 * outside quiet hours; parameters and templates changed through review; a customer's opt-out honoured
 * (docs/risk.md "Reminders").
 *
 *   { name: 'REMIND', run: (tx, d, p) => eodReminders(tx, d, p, warningLevelsSource(d, p)) }
 */
export { eodReminders, NO_WARNING_LEVELS } from './eod-remind.js';
export { getReminderParams } from './params.service.js';
export { remindersChangeTypes } from './changes.js';
export { reminderRoutes } from './reminders.routes.js';
