/**
 * The API contract of the training module (培训与考试, issue 15 §4): sessions with their attendance,
 * question banks and exam papers for managers; the staff member's own exams taken on the mobile staff
 * mode (the questions without their answers, answers saved as they come, submitted and scored by the
 * server) and their training record; the results and the score distribution of a paper. Pure zod over
 * the kernel's shared atoms, so the routes, the service and both web apps take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged } from '../../kernel/contract.js';

export const QUESTION_KINDS = ['SINGLE', 'MULTIPLE', 'TRUE_FALSE'] as const;
export const questionKind = z.enum(QUESTION_KINDS);
export type QuestionKind = z.infer<typeof questionKind>;

/** The two options of every true/false question, in this order (answer [0]: true, [1]: false). */
export const TRUE_FALSE_OPTIONS = ['正确', '错误'] as const;

const exportFormat = z.enum(['json', 'xlsx']).optional().describe('xlsx: 导出全部（同筛选、同数据权限）为 Excel');
const text = (max: number) => z.string().trim().min(1).max(max);
const named = z.object({ id: z.number().int(), name: z.string() });

// ---------- sessions and attendance ----------

export const sessionBody = z.object({
  topic: text(200).describe('培训主题'),
  trainerStaffId: id.optional().describe('讲师为本行员工时填员工编号'),
  trainerName: text(100).optional().describe('外部讲师姓名（讲师为本行员工时可省略）'),
  sessionDate: isoDate.describe('培训日期'),
  place: text(200).describe('培训地点'),
  durationMinutes: z.number().int().min(1).max(1440).describe('时长（分钟）'),
  branchId: id.nullable().optional().describe('培训范围：机构编号；不填或 null 为全行'),
});
export type SessionBody = z.infer<typeof sessionBody>;

export const sessionItem = z.object({
  id: z.number().int(),
  topic: z.string(),
  trainerStaffId: z.number().int().nullable(),
  trainerName: z.string(),
  sessionDate: isoDate,
  place: z.string(),
  durationMinutes: z.number().int(),
  branch: named.nullable().describe('null：全行'),
  present: z.number().int().describe('签到人数'),
  absent: z.number().int().describe('缺勤人数'),
  createdAt: isoDateTime,
});
export type SessionItem = z.infer<typeof sessionItem>;
export const sessionPage = paged(sessionItem);
export type SessionPage = z.infer<typeof sessionPage>;

export const sessionListQuery = pageQuery.extend({
  from: isoDate.optional().describe('起始培训日期（含）'),
  to: isoDate.optional().describe('截止培训日期（含）'),
  format: exportFormat,
});
export type SessionListQuery = z.infer<typeof sessionListQuery>;

export const attendanceBody = z.object({
  entries: z
    .array(z.object({ staffId: id, present: z.boolean() }))
    .min(1)
    .max(500),
});
export type AttendanceBody = z.infer<typeof attendanceBody>;

export const attendanceItem = z.object({
  staffId: z.number().int(),
  staffName: z.string(),
  branchName: z.string(),
  present: z.boolean(),
  markedAt: isoDateTime,
});
export type AttendanceItem = z.infer<typeof attendanceItem>;
export const sessionDetail = sessionItem.extend({ attendance: z.array(attendanceItem) });
export type SessionDetail = z.infer<typeof sessionDetail>;

// ---------- question banks ----------

export const bankBody = z.object({ name: text(100), description: z.string().trim().max(500).optional() });
export type BankBody = z.infer<typeof bankBody>;
export const bankItem = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  questions: z.number().int(),
  createdAt: isoDateTime,
});
export type BankItem = z.infer<typeof bankItem>;
export const bankList = z.object({ items: z.array(bankItem) });
export type BankList = z.infer<typeof bankList>;

export const questionBody = z.object({
  kind: questionKind,
  stem: text(2000).describe('题干'),
  options: z.array(text(500)).min(2).max(8).optional().describe('选项（判断题不填，固定为 正确 / 错误）'),
  answer: z.array(z.number().int().min(0).max(7)).min(1).max(8).describe('正确选项的序号（从 0 起）；判断题 [0] 正确、[1] 错误'),
  explanation: z.string().trim().max(2000).optional().describe('解析'),
});
export type QuestionBody = z.infer<typeof questionBody>;

/** A question as managers see it in the bank: with its answer and explanation. */
export const questionItem = z.object({
  id: z.number().int(),
  bankId: z.number().int(),
  kind: questionKind,
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.number().int()),
  explanation: z.string().nullable(),
});
export type QuestionItem = z.infer<typeof questionItem>;
export const questionList = z.object({ items: z.array(questionItem) });
export type QuestionList = z.infer<typeof questionList>;

// ---------- papers and assignments ----------

export const paperBody = z
  .object({
    title: text(200),
    sessionId: id.optional().describe('所属培训场次（可选）'),
    branchId: id.nullable().optional().describe('范围：机构编号；不填或 null 为全行'),
    passScore: z.number().int().min(0).describe('及格分（分）'),
    timeLimitMinutes: z.number().int().min(1).max(600).describe('答题时限（分钟）'),
    opensAt: isoDateTime.describe('开放时间'),
    closesAt: isoDateTime.describe('截止时间'),
    maxAttempts: z.number().int().min(1).max(10).default(1).describe('可作答次数（1 = 不允许补考）'),
    questions: z
      .array(z.object({ questionId: id, points: z.number().int().min(1).max(100) }))
      .max(200)
      .optional()
      .describe('固定题目及分值'),
    draw: z
      .object({ bankId: id, count: z.number().int().min(1).max(200), points: z.number().int().min(1).max(100) })
      .optional()
      .describe('从题库随机抽取 N 题（组卷时抽定）'),
  })
  .describe('试卷：固定题目、随机抽题或两者兼有');
export type PaperBody = z.infer<typeof paperBody>;
/** What a client sends (maxAttempts may be left out). */
export type PaperInput = Omit<PaperBody, 'maxAttempts'> & { maxAttempts?: number };

export const paperItem = z.object({
  id: z.number().int(),
  title: z.string(),
  session: z.object({ id: z.number().int(), topic: z.string() }).nullable(),
  branch: named.nullable(),
  passScore: z.number().int(),
  totalScore: z.number().int(),
  questionCount: z.number().int(),
  timeLimitMinutes: z.number().int(),
  opensAt: isoDateTime,
  closesAt: isoDateTime,
  maxAttempts: z.number().int(),
  assigned: z.number().int().describe('应考人数'),
  takers: z.number().int().describe('已交卷人数'),
  passed: z.number().int().describe('通过人数'),
  createdAt: isoDateTime,
});
export type PaperItem = z.infer<typeof paperItem>;
export const paperPage = paged(paperItem);
export type PaperPage = z.infer<typeof paperPage>;
export const paperListQuery = pageQuery.extend({ format: exportFormat });

/** A paper as managers see it: with its questions and their answers. */
export const paperDetail = paperItem.extend({
  questions: z.array(questionItem.extend({ position: z.number().int(), points: z.number().int() })),
  assignees: z.array(z.object({ staffId: z.number().int(), staffName: z.string(), branchName: z.string() })),
});
export type PaperDetail = z.infer<typeof paperDetail>;

export const assignBody = z.object({
  staffIds: z.array(id).max(500).optional().describe('指定员工'),
  sessionAttendees: z.boolean().optional().describe('所属培训场次的全部签到人员'),
});
export type AssignBody = z.infer<typeof assignBody>;
export const assignResult = z.object({ paperId: z.number().int(), assigned: z.number().int(), added: z.number().int() });
export type AssignResult = z.infer<typeof assignResult>;

// ---------- results ----------

export const ATTEMPT_STATUSES = ['IN_PROGRESS', 'SUBMITTED', 'EXPIRED'] as const;
export const attemptStatus = z.enum(ATTEMPT_STATUSES);
export type AttemptStatus = z.infer<typeof attemptStatus>;

export const resultItem = z.object({
  attemptId: z.number().int(),
  paperId: z.number().int(),
  paperTitle: z.string(),
  staffId: z.number().int(),
  staffName: z.string(),
  branchName: z.string(),
  attemptNo: z.number().int(),
  businessDate: isoDate,
  startedAt: isoDateTime,
  submittedAt: isoDateTime.nullable(),
  status: attemptStatus,
  late: z.boolean().describe('超时交卷：按时限前保存的答案计分'),
  score: z.number().int().nullable(),
  totalScore: z.number().int(),
  passScore: z.number().int(),
  passed: z.boolean().nullable(),
});
export type ResultItem = z.infer<typeof resultItem>;
export const resultPage = paged(resultItem);
export type ResultPage = z.infer<typeof resultPage>;
export const resultListQuery = pageQuery.extend({ paperId: id.optional(), staffId: id.optional(), format: exportFormat });
export type ResultListQuery = z.infer<typeof resultListQuery>;

export const distribution = z.object({
  paperId: z.number().int(),
  totalScore: z.number().int(),
  passScore: z.number().int(),
  takers: z.number().int(),
  passed: z.number().int(),
  passRatePct: z.string().nullable().describe('通过率，百分数两位小数；无人交卷为 null'),
  average: z.string().nullable().describe('平均分（每人最高一次），两位小数'),
  buckets: z.array(z.object({ from: z.number().int(), to: z.number().int(), count: z.number().int() })).describe('分数段（含两端）'),
});
export type Distribution = z.infer<typeof distribution>;

// ---------- the staff member's own exams (mobile staff mode) ----------

export const MY_EXAM_STATUSES = ['NOT_OPEN', 'OPEN', 'IN_PROGRESS', 'DONE', 'CLOSED'] as const;
export const myExamStatus = z.enum(MY_EXAM_STATUSES);
export type MyExamStatus = z.infer<typeof myExamStatus>;

export const myExam = z.object({
  paperId: z.number().int(),
  title: z.string(),
  opensAt: isoDateTime,
  closesAt: isoDateTime,
  timeLimitMinutes: z.number().int(),
  questionCount: z.number().int(),
  totalScore: z.number().int(),
  passScore: z.number().int(),
  maxAttempts: z.number().int(),
  attemptsUsed: z.number().int(),
  status: myExamStatus.describe('NOT_OPEN 未开放；OPEN 可开始；IN_PROGRESS 作答中；DONE 次数已用完；CLOSED 已截止'),
  openAttemptId: z.number().int().nullable(),
  best: z.object({ score: z.number().int(), passed: z.boolean() }).nullable(),
});
export type MyExam = z.infer<typeof myExam>;
export const myExamList = z.object({ items: z.array(myExam) });
export type MyExamList = z.infer<typeof myExamList>;

export const choice = z.array(z.number().int().min(0).max(7)).max(8);
export const answerEntry = z.object({ questionId: id, choice });
export type AnswerEntry = z.infer<typeof answerEntry>;
export const answersBody = z.object({ answers: z.array(answerEntry).max(200) });
export type AnswersBody = z.infer<typeof answersBody>;

/** The paper as the staff member taking it sees it: the questions and options, never the answers or explanations. */
export const examSheet = z.object({
  attemptId: z.number().int(),
  paperId: z.number().int(),
  title: z.string(),
  attemptNo: z.number().int(),
  startedAt: isoDateTime,
  deadlineAt: isoDateTime,
  serverNow: isoDateTime,
  totalScore: z.number().int(),
  passScore: z.number().int(),
  questions: z.array(
    z.object({
      questionId: z.number().int(),
      position: z.number().int(),
      kind: questionKind,
      stem: z.string(),
      options: z.array(z.string()),
      points: z.number().int(),
    }),
  ),
  answers: z.array(answerEntry).describe('已保存的答案'),
});
export type ExamSheet = z.infer<typeof examSheet>;

export const savedAnswers = z.object({ attemptId: z.number().int(), savedAt: isoDateTime, answered: z.number().int() });
export type SavedAnswers = z.infer<typeof savedAnswers>;

export const attemptResult = z.object({
  attemptId: z.number().int(),
  paperId: z.number().int(),
  title: z.string(),
  attemptNo: z.number().int(),
  submittedAt: isoDateTime,
  late: z.boolean().describe('超时交卷：只计时限前保存的答案'),
  score: z.number().int(),
  totalScore: z.number().int(),
  passScore: z.number().int(),
  passed: z.boolean(),
  correct: z.number().int().describe('答对题数'),
  questionCount: z.number().int(),
  attemptsLeft: z.number().int(),
});
export type AttemptResult = z.infer<typeof attemptResult>;

// ---------- training records ----------

export const recordItem = z.object({
  staffId: z.number().int(),
  staffName: z.string(),
  branchName: z.string(),
  sessionsAttended: z.number().int(),
  sessionsAbsent: z.number().int(),
  trainingMinutes: z.number().int(),
  examsTaken: z.number().int().describe('参加考试（试卷数）'),
  examsPassed: z.number().int(),
  lastExamAt: isoDateTime.nullable(),
});
export type RecordItem = z.infer<typeof recordItem>;
export const recordPage = paged(recordItem);
export type RecordPage = z.infer<typeof recordPage>;
export const recordListQuery = pageQuery.extend({ format: exportFormat });

export const recordDetail = z.object({
  staffId: z.number().int(),
  staffName: z.string(),
  branchName: z.string(),
  sessions: z.array(
    z.object({
      sessionId: z.number().int(),
      topic: z.string(),
      sessionDate: isoDate,
      durationMinutes: z.number().int(),
      trainerName: z.string(),
      present: z.boolean(),
    }),
  ),
  exams: z.array(
    z.object({
      paperId: z.number().int(),
      title: z.string(),
      attemptNo: z.number().int(),
      submittedAt: isoDateTime,
      late: z.boolean(),
      score: z.number().int(),
      totalScore: z.number().int(),
      passed: z.boolean(),
    }),
  ),
});
export type RecordDetail = z.infer<typeof recordDetail>;

// ---------- the work report's door ----------

export const summaryQuery = z.object({ from: isoDate, to: isoDate });
export const trainingSummaryView = z.object({
  sessions: z.number().int(),
  exams: z.number().int(),
  attendances: z.number().int(),
  examTakers: z.number().int(),
  passRatePct: z.string(),
  topics: z.array(z.string()),
});
export type TrainingSummary = z.infer<typeof trainingSummaryView>;
