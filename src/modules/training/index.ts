/**
 * Training and exams (培训与考试, issue 15 §4): the public surface. Sessions and attendance, question banks
 * and papers for managers, each staff member's own exams on the mobile staff mode (scored on the server),
 * training records, and the period's figures for the quarter's work report (docs/management.md
 * "Training and exams").
 */
export { trainingSummary } from './training.service.js';
export { trainingRoutes } from './training.routes.js';
