/**
 * Feedback tickets (问题反馈, issue 13 §7): the public surface. The three key roles raise problems met
 * in daily work; the owning department (信贷管理部, 零售业务部, 数据科技部) handles them within a deadline
 * in business days, escalation follows from the business date, and the release log links the system's
 * changes to the tickets they answer. Owns feedback_tickets, feedback_events, feedback_attachments and
 * feedback_releases.
 */
export { feedbackRoutes } from './feedback.routes.js';
// the work report: tickets raised, optimised and in progress over a period
export { feedbackFiguresBetween, type FeedbackPeriodFigures } from './period-figures.js';
