/**
 * HTTP routes of training and exams: thin — schema, permission, one query or command call. Managers'
 * routes need training:read or training:write; a staff member's own exams and record (/my/…) need only
 * the staff session the console and the mobile workbench share.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../kernel/contract.js';
import { commandContext, requireActor } from '../../http/server.js';
import { sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import {
  addQuestion,
  assignPaper,
  createBank,
  createPaper,
  createSession,
  getMyAttempt,
  getPaper,
  getSession,
  listBanks,
  listPapers,
  listQuestions,
  listRecords,
  listResults,
  listSessions,
  markAttendance,
  myExams,
  saveAnswers,
  scoreDistribution,
  staffRecord,
  startExam,
  submitExam,
  trainingSummary,
} from './training.service.js';
import {
  answersBody,
  assignBody,
  assignResult,
  attemptResult,
  attendanceBody,
  bankBody,
  bankItem,
  bankList,
  distribution,
  examSheet,
  myExamList,
  paperBody,
  paperDetail,
  paperListQuery,
  paperPage,
  questionBody,
  questionItem,
  questionList,
  recordDetail,
  recordListQuery,
  recordPage,
  resultListQuery,
  resultPage,
  savedAnswers,
  sessionBody,
  sessionDetail,
  sessionListQuery,
  sessionPage,
  summaryQuery,
  trainingSummaryView,
  type PaperItem,
  type RecordItem,
  type ResultItem,
  type SessionItem,
} from './training.contract.js';

const tags = ['training'];

export const SESSION_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<SessionItem>> = [
  { key: 'id', header: '场次编号', width: 10 },
  { key: 'sessionDate', header: '培训日期', width: 12 },
  { key: 'topic', header: '培训主题', width: 30 },
  { key: 'trainerName', header: '讲师', width: 12 },
  { key: 'place', header: '地点', width: 16 },
  { key: 'durationMinutes', header: '时长（分钟）', width: 12 },
  { key: 'branch', header: '范围', width: 16, value: (r) => r.branch?.name ?? '全行' },
  { key: 'present', header: '签到人数', width: 10 },
  { key: 'absent', header: '缺勤人数', width: 10 },
];

export const PAPER_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<PaperItem>> = [
  { key: 'id', header: '试卷编号', width: 10 },
  { key: 'title', header: '试卷名称', width: 30 },
  { key: 'session', header: '培训场次', width: 24, value: (r) => r.session?.topic ?? '' },
  { key: 'branch', header: '范围', width: 16, value: (r) => r.branch?.name ?? '全行' },
  { key: 'questionCount', header: '题数', width: 8 },
  { key: 'totalScore', header: '总分', width: 8 },
  { key: 'passScore', header: '及格分', width: 8 },
  { key: 'timeLimitMinutes', header: '时限（分钟）', width: 12 },
  { key: 'opensAt', header: '开放时间', width: 22 },
  { key: 'closesAt', header: '截止时间', width: 22 },
  { key: 'assigned', header: '应考人数', width: 10 },
  { key: 'takers', header: '交卷人数', width: 10 },
  { key: 'passed', header: '通过人数', width: 10 },
];

export const RESULT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ResultItem>> = [
  { key: 'attemptId', header: '答卷编号', width: 10 },
  { key: 'paperTitle', header: '试卷', width: 30 },
  { key: 'branchName', header: '机构', width: 16 },
  { key: 'staffName', header: '员工', width: 12 },
  { key: 'attemptNo', header: '第几次', width: 8 },
  { key: 'businessDate', header: '营业日期', width: 12 },
  { key: 'submittedAt', header: '交卷时间', width: 22 },
  { key: 'score', header: '得分', width: 8 },
  { key: 'totalScore', header: '总分', width: 8 },
  { key: 'passed', header: '是否通过', width: 10, value: (r) => (r.passed === null ? '' : r.passed ? '通过' : '未通过') },
  { key: 'late', header: '超时交卷', width: 10, value: (r) => (r.late ? '是' : '否') },
  {
    key: 'status',
    header: '状态',
    width: 10,
    value: (r) => ({ IN_PROGRESS: '作答中', SUBMITTED: '已交卷', EXPIRED: '已超时未交卷' })[r.status],
  },
];

export const RECORD_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<RecordItem>> = [
  { key: 'branchName', header: '机构', width: 16 },
  { key: 'staffName', header: '员工', width: 12 },
  { key: 'sessionsAttended', header: '参加培训（场）', width: 14 },
  { key: 'sessionsAbsent', header: '缺勤（场）', width: 10 },
  { key: 'trainingMinutes', header: '培训时长（分钟）', width: 16 },
  { key: 'examsTaken', header: '参加考试（场）', width: 14 },
  { key: 'examsPassed', header: '考试通过（场）', width: 14 },
  { key: 'lastExamAt', header: '最近交卷时间', width: 22 },
];

export async function trainingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  // ---------- sessions ----------

  r.get(
    '/api/v1/training/sessions',
    {
      config: { permission: 'training:read' },
      schema: {
        tags,
        summary: '培训场次（按数据权限，含签到人数）(training sessions)',
        description: 'format=xlsx: every session under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: sessionListQuery,
        response: { 200: sessionPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '培训场次',
          columns: SESSION_EXPORT_COLUMNS,
          fetchPage: (p, size) => listSessions(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listSessions(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.post(
    '/api/v1/training/sessions',
    {
      config: { permission: 'training:write' },
      schema: { tags, summary: '登记培训场次 (record a training session)', body: sessionBody, response: { 201: sessionDetail } },
    },
    async (req, reply) => reply.status(201).send(await createSession(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/training/sessions/:id',
    {
      config: { permission: 'training:read' },
      schema: { tags, summary: '培训场次与签到 (a session and its attendance)', params: idParams, response: { 200: sessionDetail } },
    },
    async (req) => getSession(ctx.db, requireActor(req), req.params.id),
  );

  r.put(
    '/api/v1/training/sessions/:id/attendance',
    {
      config: { permission: 'training:write' },
      schema: {
        tags,
        summary: '登记签到：员工出席或缺勤 (mark staff present or absent)',
        params: idParams,
        body: attendanceBody,
        response: { 200: sessionDetail },
      },
    },
    async (req) => markAttendance(ctx, commandContext(req), req.params.id, req.body),
  );

  // ---------- banks and questions ----------

  r.get(
    '/api/v1/training/banks',
    { config: { permission: 'training:read' }, schema: { tags, summary: '题库 (question banks)', response: { 200: bankList } } },
    async () => listBanks(ctx.db),
  );

  r.post(
    '/api/v1/training/banks',
    {
      config: { permission: 'training:write' },
      schema: { tags, summary: '新建题库 (create a question bank)', body: bankBody, response: { 201: bankItem } },
    },
    async (req, reply) => reply.status(201).send(await createBank(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/training/banks/:id/questions',
    {
      config: { permission: 'training:read' },
      schema: { tags, summary: '题库的题目（含答案与解析）(questions with their keys)', params: idParams, response: { 200: questionList } },
    },
    async (req) => listQuestions(ctx.db, req.params.id),
  );

  r.post(
    '/api/v1/training/banks/:id/questions',
    {
      config: { permission: 'training:write' },
      schema: {
        tags,
        summary: '添加题目：单选、多选、判断 (add a question)',
        params: idParams,
        body: questionBody,
        response: { 201: questionItem },
      },
    },
    async (req, reply) => reply.status(201).send(await addQuestion(ctx, commandContext(req), req.params.id, req.body)),
  );

  // ---------- papers ----------

  r.get(
    '/api/v1/training/papers',
    {
      config: { permission: 'training:read' },
      schema: {
        tags,
        summary: '试卷（按数据权限，含应考、交卷、通过人数）(exam papers)',
        description: 'format=xlsx: every paper in scope as an Excel workbook (Chinese headers).',
        querystring: paperListQuery,
        response: { 200: paperPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '试卷',
          columns: PAPER_EXPORT_COLUMNS,
          fetchPage: (p, size) => listPapers(ctx.db, actor, { page: p, pageSize: size }),
        });
      }
      return { ...(await listPapers(ctx.db, actor, { page, pageSize })), page, pageSize };
    },
  );

  r.post(
    '/api/v1/training/papers',
    {
      config: { permission: 'training:write' },
      schema: { tags, summary: '组卷：固定题目或从题库随机抽题 (make a paper)', body: paperBody, response: { 201: paperDetail } },
    },
    async (req, reply) => reply.status(201).send(await createPaper(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/training/papers/:id',
    {
      config: { permission: 'training:read' },
      schema: { tags, summary: '试卷详情（含答案与应考人员）(a paper with keys)', params: idParams, response: { 200: paperDetail } },
    },
    async (req) => getPaper(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/training/papers/:id/assignments',
    {
      config: { permission: 'training:write' },
      schema: {
        tags,
        summary: '安排考试：指定员工或培训场次的签到人员 (assign staff)',
        params: idParams,
        body: assignBody,
        response: { 200: assignResult },
      },
    },
    async (req) => assignPaper(ctx, commandContext(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/training/papers/:id/distribution',
    {
      config: { permission: 'training:read' },
      schema: {
        tags,
        summary: '成绩分布（每人最高分，十个分数段）(score distribution)',
        params: idParams,
        response: { 200: distribution },
      },
    },
    async (req) => scoreDistribution(ctx.db, requireActor(req), req.params.id),
  );

  // ---------- results, records, summary ----------

  r.get(
    '/api/v1/training/results',
    {
      config: { permission: 'training:read' },
      schema: {
        tags,
        summary: '考试成绩（每次作答一行，按数据权限）(exam results)',
        description: 'format=xlsx: every result under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: resultListQuery,
        response: { 200: resultPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '考试成绩',
          columns: RESULT_EXPORT_COLUMNS,
          fetchPage: (p, size) => listResults(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listResults(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.get(
    '/api/v1/training/records',
    {
      config: { permission: 'training:read' },
      schema: {
        tags,
        summary: '员工培训档案（按数据权限）(staff training records)',
        description: 'format=xlsx: every record in scope as an Excel workbook (Chinese headers).',
        querystring: recordListQuery,
        response: { 200: recordPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '员工培训档案',
          columns: RECORD_EXPORT_COLUMNS,
          fetchPage: (p, size) => listRecords(ctx.db, actor, { page: p, pageSize: size }),
        });
      }
      return listRecords(ctx.db, actor, { page, pageSize });
    },
  );

  r.get(
    '/api/v1/training/records/:id',
    {
      config: { permission: 'training:read' },
      schema: { tags, summary: '一名员工的培训档案 (one staff member’s record)', params: idParams, response: { 200: recordDetail } },
    },
    async (req) => staffRecord(ctx.db, requireActor(req), req.params.id),
  );

  r.get(
    '/api/v1/training/summary',
    {
      config: { permission: 'training:read' },
      schema: {
        tags,
        summary: '期间培训与考试汇总（工作汇报用）(the period’s figures)',
        querystring: summaryQuery,
        response: { 200: trainingSummaryView },
      },
    },
    async (req) => trainingSummary(ctx.db, req.query),
  );

  // ---------- my own exams and record (the mobile staff mode) ----------

  r.get(
    '/api/v1/training/my/exams',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '我的考试 (my exams)', response: { 200: myExamList } },
    },
    async (req) => myExams(ctx.db, requireActor(req)),
  );

  r.post(
    '/api/v1/training/my/exams/:id/start',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '开始（或继续）作答：服务器记录开始时间，题目不含答案 (start or resume)',
        params: idParams,
        response: { 200: examSheet },
      },
    },
    async (req) => startExam(ctx, commandContext(req), req.params.id),
  );

  r.get(
    '/api/v1/training/my/attempts/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '作答中的答卷（继续作答）(an attempt in progress)', params: idParams, response: { 200: examSheet } },
    },
    async (req) => getMyAttempt(ctx.db, requireActor(req), req.params.id),
  );

  r.put(
    '/api/v1/training/my/attempts/:id/answers',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '保存答案（时限内）(save answers before the deadline)',
        params: idParams,
        body: answersBody,
        response: { 200: savedAnswers },
      },
    },
    async (req) => saveAnswers(ctx, commandContext(req), req.params.id, req.body.answers),
  );

  r.post(
    '/api/v1/training/my/attempts/:id/submit',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '交卷：服务器评分；超时交卷只计时限前保存的答案 (submit and score)',
        params: idParams,
        body: answersBody,
        response: { 200: attemptResult },
      },
    },
    async (req) => submitExam(ctx, commandContext(req), req.params.id, req.body.answers),
  );

  r.get(
    '/api/v1/training/my/record',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '我的培训档案 (my training record)', response: { 200: recordDetail } },
    },
    async (req) => {
      const actor = requireActor(req);
      return staffRecord(ctx.db, actor, actor.staffId);
    },
  );
}
