/**
 * Training and exams (培训与考试, issue 15 §4) on every engine: sessions bank-wide (head office) and for a
 * branch (its head, who may not make a bank-wide one), attendance only for staff in scope; a bank with
 * single, multiple and true/false questions (a single-choice question with two keys refused); a paper with
 * fixed questions assigned to the session's present attendees, and one drawn at random from the bank;
 * the questions sent to the taker without their keys or explanations; scoring on the server (a
 * multiple-choice question counts only when exactly right), the pass mark, one attempt, the time limit (a
 * late submission scored with the answers saved before the deadline, a save after it refused), a retake
 * where the paper allows one, staff not assigned refused; results, score distribution and records in
 * scope and in Excel; and the work report's summary of the period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { trainingSummary } from '../../src/modules/training/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { installTestClock, type TestClock } from '../support/clock.js';
import { testEngines } from '../support/db.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

describe.each(testEngines())('training and exams on %s', (kind) => {
  let app: HuinongApp;
  let exec: Client;
  let head: Client;
  let officer: Client;
  let inspector: Client;
  let lobby: Client;
  let clk: TestClock;
  let D: string;
  const staff: Record<string, number> = {};
  let gl: number;
  let branchSession: number;
  let bankId: number;
  const q: Record<'single' | 'multi' | 'tf', number> = { single: 0, multi: 0, tf: 0 };
  let paperId: number;

  const count = async (table: string) =>
    Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM ${sql.raw(table)}`))!.n);
  const iso = (ms: number) => new Date(clk.now().getTime() + ms).toISOString();
  const HOUR = 3_600_000;

  beforeAll(async () => {
    clk = installTestClock(new Date());
    app = await createTestApp(kind);
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    lobby = client(app.server, await loginAs(app.server, 'lobby1'));
    for (const u of ['officer1', 'inspector1', 'lobby1', 'approver1', 'head1']) staff[u] = (await staffIdByUsername(app.ctx.db, u))!;
    gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    D = await getBusinessDate(app.ctx.db);
  });
  afterAll(async () => {
    await app?.close();
    clk?.restore();
  });

  it('records sessions: bank-wide by head office, a branch head only for their branch', async () => {
    const bankWide = await exec.post('/api/v1/training/sessions', {
      topic: '线上贷款合规培训',
      trainerName: '省联社 王老师',
      sessionDate: D,
      place: '总行三楼会议室',
      durationMinutes: 120,
    });
    expect(bankWide.statusCode, bankWide.body).toBe(201);
    expect(bankWide.json()).toMatchObject({ branch: null, trainerName: '省联社 王老师', present: 0 });

    const before = await count('training_sessions');
    const refused = await head.post('/api/v1/training/sessions', {
      topic: '全行培训',
      trainerName: '某人',
      sessionDate: D,
      place: '支行',
      durationMinutes: 60,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('TRAINING_SCOPE_DENIED');
    expect(await count('training_sessions')).toBe(before);

    const noTrainer = await head.post('/api/v1/training/sessions', {
      topic: '无讲师',
      sessionDate: D,
      place: '支行',
      durationMinutes: 60,
      branchId: gl,
    });
    expect(noTrainer.statusCode).toBe(422);
    expect(noTrainer.json().code).toBe('TRAINING_TRAINER_REQUIRED');

    const branch = await head.post('/api/v1/training/sessions', {
      topic: '惠农e贷产品与营销',
      trainerStaffId: staff.head1,
      sessionDate: D,
      place: '鼓楼支行会议室',
      durationMinutes: 90,
      branchId: gl,
    });
    expect(branch.statusCode, branch.body).toBe(201);
    expect(branch.json().branch).toMatchObject({ id: gl });
    branchSession = branch.json().id;

    // the branch head sees the bank-wide session and their own; the audit log has both creations
    const list = await head.get('/api/v1/training/sessions');
    expect(
      list
        .json()
        .items.map((s: { topic: string }) => s.topic)
        .sort(),
    ).toEqual(['惠农e贷产品与营销', '线上贷款合规培训'].sort());
    const audited = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'training-session.create'`,
    );
    expect(Number(audited!.n)).toBe(2);
  });

  it('marks attendance only for staff in scope, replacing an earlier mark', async () => {
    const before = await count('training_attendance');
    const outside = await head.put(`/api/v1/training/sessions/${branchSession}/attendance`, {
      entries: [
        { staffId: staff.officer1, present: true },
        { staffId: staff.approver1, present: true },
      ],
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().code).toBe('TRAINING_STAFF_INVALID');
    expect(await count('training_attendance')).toBe(before);

    await head.put(`/api/v1/training/sessions/${branchSession}/attendance`, {
      entries: [
        { staffId: staff.officer1, present: true },
        { staffId: staff.inspector1, present: false },
        { staffId: staff.lobby1, present: false },
      ],
    });
    const res = await head.put(`/api/v1/training/sessions/${branchSession}/attendance`, {
      entries: [{ staffId: staff.inspector1, present: true }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ present: 2, absent: 1 });
    const byStaff = Object.fromEntries(res.json().attendance.map((a: { staffId: number; present: boolean }) => [a.staffId, a.present]));
    expect(byStaff).toEqual({ [staff.officer1]: true, [staff.inspector1]: true, [staff.lobby1]: false });
  });

  it('keeps single, multiple and true/false questions in a bank and refuses a single choice with two keys', async () => {
    const bank = await exec.post('/api/v1/training/banks', { name: '线上贷款业务题库' });
    expect(bank.statusCode, bank.body).toBe(201);
    bankId = bank.json().id;
    const add = (body: unknown) => exec.post(`/api/v1/training/banks/${bankId}/questions`, body);
    const single = await add({
      kind: 'SINGLE',
      stem: '543 服务标准中，锁定客户的时限是？',
      options: ['3 分钟', '4 分钟', '5 分钟'],
      answer: [2],
      explanation: 'SECRET-EXPLANATION 首次接触起 5 分钟',
    });
    expect(single.statusCode, single.body).toBe(201);
    q.single = single.json().id;
    const multi = await add({
      kind: 'MULTIPLE',
      stem: '以下哪些属于不良贷款？',
      options: ['正常', '关注', '次级', '可疑', '损失'],
      answer: [4, 2, 3],
    });
    expect(multi.json().answer).toEqual([2, 3, 4]);
    q.multi = multi.json().id;
    const tf = await add({ kind: 'TRUE_FALSE', stem: '客户经理可以代客户签署授权书。', answer: [1] });
    expect(tf.json().options).toEqual(['正确', '错误']);
    q.tf = tf.json().id;

    const before = await count('training_questions');
    const bad = await add({ kind: 'SINGLE', stem: '两个答案', options: ['甲', '乙'], answer: [0, 1] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('TRAINING_QUESTION_INVALID');
    const badMulti = await add({ kind: 'MULTIPLE', stem: '不存在的选项', options: ['甲', '乙'], answer: [0, 5] });
    expect(badMulti.statusCode).toBe(422);
    expect(await count('training_questions')).toBe(before);
    expect((await exec.get('/api/v1/training/banks')).json().items).toEqual([expect.objectContaining({ id: bankId, questions: 3 })]);
  });

  it('makes a paper, assigns the session’s present attendees, and draws a random paper from the bank', async () => {
    const over = await exec.post('/api/v1/training/papers', {
      title: '及格分超过总分',
      passScore: 101,
      timeLimitMinutes: 30,
      opensAt: iso(-HOUR),
      closesAt: iso(24 * HOUR),
      questions: [{ questionId: q.single, points: 100 }],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('TRAINING_PAPER_INVALID');

    const paper = await exec.post('/api/v1/training/papers', {
      title: '惠农e贷业务考试',
      sessionId: branchSession,
      passScore: 60,
      timeLimitMinutes: 30,
      opensAt: iso(-HOUR),
      closesAt: iso(24 * HOUR),
      questions: [
        { questionId: q.single, points: 40 },
        { questionId: q.multi, points: 40 },
        { questionId: q.tf, points: 20 },
      ],
    });
    expect(paper.statusCode, paper.body).toBe(201);
    expect(paper.json()).toMatchObject({ totalScore: 100, passScore: 60, questionCount: 3, maxAttempts: 1 });
    paperId = paper.json().id;

    const assigned = await head.post(`/api/v1/training/papers/${paperId}/assignments`, { sessionAttendees: true });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toEqual({ paperId, assigned: 2, added: 2 });
    const again = await head.post(`/api/v1/training/papers/${paperId}/assignments`, { staffIds: [staff.officer1] });
    expect(again.json()).toEqual({ paperId, assigned: 2, added: 0 });

    const drawn = await exec.post('/api/v1/training/papers', {
      title: '随机抽题',
      passScore: 10,
      timeLimitMinutes: 10,
      opensAt: iso(-HOUR),
      closesAt: iso(HOUR),
      draw: { bankId, count: 2, points: 10 },
    });
    expect(drawn.statusCode, drawn.body).toBe(201);
    const ids = drawn.json().questions.map((x: { id: number }) => x.id);
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id: number) => Object.values(q).includes(id))).toBe(true);
    expect(drawn.json().totalScore).toBe(20);
    const tooMany = await exec.post('/api/v1/training/papers', {
      title: '题不够',
      passScore: 10,
      timeLimitMinutes: 10,
      opensAt: iso(-HOUR),
      closesAt: iso(HOUR),
      draw: { bankId, count: 4, points: 10 },
    });
    expect(tooMany.statusCode).toBe(422);
  });

  it('lets an assigned officer take the exam once: no keys sent, scored on the server, multiple choice all or nothing', async () => {
    const mine = await officer.get('/api/v1/training/my/exams');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toEqual([expect.objectContaining({ paperId, status: 'OPEN', attemptsUsed: 0, best: null })]);

    const started = await officer.post(`/api/v1/training/my/exams/${paperId}/start`);
    expect(started.statusCode, started.body).toBe(200);
    const sheet = started.json();
    expect(sheet.questions).toHaveLength(3);
    expect(started.body).not.toContain('SECRET-EXPLANATION');
    expect(started.body).not.toMatch(/"answer"/);
    expect(started.body).not.toMatch(/"explanation"/);
    expect(Date.parse(sheet.deadlineAt) - Date.parse(sheet.startedAt)).toBe(30 * 60_000);
    // starting again resumes the same attempt
    expect((await officer.post(`/api/v1/training/my/exams/${paperId}/start`)).json().attemptId).toBe(sheet.attemptId);

    const save = await officer.put(`/api/v1/training/my/attempts/${sheet.attemptId}/answers`, {
      answers: [{ questionId: q.single, choice: [2] }],
    });
    expect(save.json()).toMatchObject({ answered: 1 });
    const wrongOption = await officer.put(`/api/v1/training/my/attempts/${sheet.attemptId}/answers`, {
      answers: [{ questionId: q.tf, choice: [0, 1] }],
    });
    expect(wrongOption.statusCode).toBe(422);

    const res = await officer.post(`/api/v1/training/my/attempts/${sheet.attemptId}/submit`, {
      answers: [
        { questionId: q.multi, choice: [2, 3] }, // two of the three keys: no points
        { questionId: q.tf, choice: [1] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ score: 60, passed: true, late: false, correct: 2, questionCount: 3, attemptsLeft: 0 });

    const twice = await officer.post(`/api/v1/training/my/attempts/${sheet.attemptId}/submit`, { answers: [] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('TRAINING_ALREADY_SUBMITTED');
    const retake = await officer.post(`/api/v1/training/my/exams/${paperId}/start`);
    expect(retake.statusCode).toBe(409);
    expect(retake.json().code).toBe('TRAINING_NO_ATTEMPTS_LEFT');
    expect((await officer.get('/api/v1/training/my/exams')).json().items[0]).toMatchObject({
      status: 'DONE',
      best: { score: 60, passed: true },
    });
  });

  it('scores a late submission with only the answers saved before the time limit, refusing saves after it', async () => {
    const sheet = (await inspector.post(`/api/v1/training/my/exams/${paperId}/start`)).json();
    await inspector.put(`/api/v1/training/my/attempts/${sheet.attemptId}/answers`, {
      answers: [{ questionId: q.single, choice: [2] }],
    });
    clk.advance(31 * 60_000);
    const late = await inspector.put(`/api/v1/training/my/attempts/${sheet.attemptId}/answers`, {
      answers: [{ questionId: q.tf, choice: [1] }],
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('TRAINING_TIME_UP');
    const res = await inspector.post(`/api/v1/training/my/attempts/${sheet.attemptId}/submit`, {
      answers: [
        { questionId: q.multi, choice: [2, 3, 4] },
        { questionId: q.tf, choice: [1] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ score: 40, passed: false, late: true });
  });

  it('refuses the exam to staff not assigned, and one not yet open; allows a retake where the paper does', async () => {
    const notMine = await lobby.post(`/api/v1/training/my/exams/${paperId}/start`);
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json().code).toBe('TRAINING_EXAM_NOT_FOUND');

    const later = await exec.post('/api/v1/training/papers', {
      title: '下周的考试',
      passScore: 20,
      timeLimitMinutes: 10,
      opensAt: iso(7 * 24 * HOUR),
      closesAt: iso(8 * 24 * HOUR),
      questions: [{ questionId: q.tf, points: 20 }],
    });
    await exec.post(`/api/v1/training/papers/${later.json().id}/assignments`, { staffIds: [staff.lobby1] });
    const early = await lobby.post(`/api/v1/training/my/exams/${later.json().id}/start`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('TRAINING_EXAM_NOT_OPEN');

    const retakes = await exec.post('/api/v1/training/papers', {
      title: '可补考',
      passScore: 20,
      timeLimitMinutes: 10,
      opensAt: iso(-HOUR),
      closesAt: iso(HOUR),
      maxAttempts: 2,
      questions: [{ questionId: q.tf, points: 20 }],
    });
    const rid = retakes.json().id;
    await exec.post(`/api/v1/training/papers/${rid}/assignments`, { staffIds: [staff.lobby1] });
    const first = (await lobby.post(`/api/v1/training/my/exams/${rid}/start`)).json();
    const r1 = await lobby.post(`/api/v1/training/my/attempts/${first.attemptId}/submit`, { answers: [{ questionId: q.tf, choice: [0] }] });
    expect(r1.json()).toMatchObject({ score: 0, passed: false, attemptsLeft: 1 });
    const second = (await lobby.post(`/api/v1/training/my/exams/${rid}/start`)).json();
    expect(second.attemptNo).toBe(2);
    const r2 = await lobby.post(`/api/v1/training/my/attempts/${second.attemptId}/submit`, {
      answers: [{ questionId: q.tf, choice: [1] }],
    });
    expect(r2.json()).toMatchObject({ score: 20, passed: true, attemptsLeft: 0 });
  });

  it('shows results, the score distribution and records in scope, and exports them to Excel', async () => {
    const results = await head.get(`/api/v1/training/results?paperId=${paperId}`);
    expect(results.statusCode, results.body).toBe(200);
    expect(
      results
        .json()
        .items.map((r: { staffId: number; score: number }) => [r.staffId, r.score])
        .sort(),
    ).toEqual(
      [
        [staff.officer1, 60],
        [staff.inspector1, 40],
      ].sort(),
    );
    const dist = (await head.get(`/api/v1/training/papers/${paperId}/distribution`)).json();
    expect(dist).toMatchObject({ takers: 2, passed: 1, passRatePct: '50.00', average: '50.00', totalScore: 100 });
    expect(dist.buckets.find((b: { from: number }) => b.from === 60).count).toBe(1);
    expect(dist.buckets.find((b: { from: number }) => b.from === 40).count).toBe(1);

    // an officer holds no training:read; their own record is theirs through /my/record
    expect((await officer.get('/api/v1/training/results')).statusCode).toBe(403);
    const my = (await officer.get('/api/v1/training/my/record')).json();
    expect(my.sessions).toEqual([expect.objectContaining({ topic: '惠农e贷产品与营销', present: true })]);
    expect(my.exams).toEqual([expect.objectContaining({ title: '惠农e贷业务考试', score: 60, passed: true })]);

    const records = (await head.get('/api/v1/training/records?pageSize=100')).json();
    expect(records.items.find((r: { staffId: number }) => r.staffId === staff.officer1)).toMatchObject({
      sessionsAttended: 1,
      sessionsAbsent: 0,
      trainingMinutes: 90,
      examsTaken: 1,
      examsPassed: 1,
    });

    const xlsx = await head.get(`/api/v1/training/results?paperId=${paperId}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const rows = await readSheet(xlsx.rawPayload);
    expect(rows[0]).toContain('得分');
    expect(rows).toHaveLength(3);
    const rec = await readSheet((await head.get('/api/v1/training/records?format=xlsx')).rawPayload);
    expect(rec[0]).toEqual(expect.arrayContaining(['员工', '参加培训（场）', '考试通过（场）']));
  });

  it('sums up the period for the work report', async () => {
    const s = await trainingSummary(app.ctx.db, { from: D, to: D });
    // two sessions, two present (officer, inspector); three papers taken: the exam (2 takers, 1 passed) and the retake paper (1, passed)
    expect(s).toEqual({
      sessions: 2,
      attendances: 2,
      exams: 2,
      examTakers: 3,
      passRatePct: '66.67',
      topics: expect.arrayContaining(['线上贷款合规培训', '惠农e贷产品与营销']),
    });
    expect(s.topics).toHaveLength(2);
    const api = await exec.get(`/api/v1/training/summary?from=${D}&to=${D}`);
    expect(api.json()).toEqual(s);
    const empty = await trainingSummary(app.ctx.db, { from: '2000-01-01', to: '2000-12-31' });
    expect(empty).toEqual({ sessions: 0, attendances: 0, exams: 0, examTakers: 0, passRatePct: '0.00', topics: [] });
  });
});
