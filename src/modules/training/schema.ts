/** Drizzle mirror of migrations/0112_training_tables.sql (the SQL file is the source of truth). Private to the training module. */
import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migration.
export const trainingSessions = pgTable('training_sessions', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  topic: text('topic').notNull(),
  trainerStaffId: bigint('trainer_staff_id', { mode: 'number' }),
  trainerName: text('trainer_name').notNull(),
  sessionDate: date('session_date', { mode: 'string' }).notNull(),
  place: text('place').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const trainingAttendance = pgTable(
  'training_attendance',
  {
    sessionId: bigint('session_id', { mode: 'number' }).notNull(),
    staffId: bigint('staff_id', { mode: 'number' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    present: boolean('present').notNull(),
    markedBy: bigint('marked_by', { mode: 'number' }).notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.staffId] })],
);

export const trainingQuestionBanks = pgTable('training_question_banks', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const trainingQuestions = pgTable('training_questions', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  bankId: bigint('bank_id', { mode: 'number' }).notNull(),
  kind: text('kind').notNull(),
  stem: text('stem').notNull(),
  options: jsonb('options').notNull(),
  answer: jsonb('answer').notNull(),
  explanation: text('explanation'),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const trainingPapers = pgTable('training_papers', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  title: text('title').notNull(),
  sessionId: bigint('session_id', { mode: 'number' }),
  branchId: bigint('branch_id', { mode: 'number' }),
  passScore: integer('pass_score').notNull(),
  totalScore: integer('total_score').notNull(),
  timeLimitMinutes: integer('time_limit_minutes').notNull(),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const trainingPaperQuestions = pgTable(
  'training_paper_questions',
  {
    paperId: bigint('paper_id', { mode: 'number' }).notNull(),
    position: integer('position').notNull(),
    questionId: bigint('question_id', { mode: 'number' }).notNull(),
    points: integer('points').notNull(),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.position] })],
);

export const trainingExamAssignments = pgTable(
  'training_exam_assignments',
  {
    paperId: bigint('paper_id', { mode: 'number' }).notNull(),
    staffId: bigint('staff_id', { mode: 'number' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    assignedBy: bigint('assigned_by', { mode: 'number' }).notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.staffId] })],
);

export const trainingAttempts = pgTable('training_attempts', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  paperId: bigint('paper_id', { mode: 'number' }).notNull(),
  staffId: bigint('staff_id', { mode: 'number' }).notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  attemptNo: integer('attempt_no').notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
  answers: jsonb('answers').notNull(),
  savedAt: timestamp('saved_at', { withTimezone: true }),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  late: boolean('late').notNull(),
  score: integer('score'),
  passed: boolean('passed'),
});
