/**
 * Feedback tickets (问题反馈, issue 13 §7) on every engine: raised by the three key roles only; handled
 * by the owning department (never by the raiser), along OPEN → ACCEPTED → IN_PROGRESS → OPTIMISED or
 * REJECTED with a reason; escalated from the business date when late; answered by a release that marks
 * them optimised; small image/PDF attachments checked by their bytes; statistics in the bank's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, sql } from '../../src/db/client.js';
import { advanceBusinessDate } from '../../src/modules/calendar/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-demo-image')]);
const PDF = Buffer.from('%PDF-1.4\n% demo\n');

describe.each(testEngines())('feedback tickets on %s', (kind) => {
  let app: HuinongApp;
  const c: Record<string, Client> = {};
  const tokens: Record<string, string> = {};
  const t: Record<'param' | 'approval' | 'system' | 'postLoan', number> = {} as never;

  const upload = (who: string, ticketId: number, bytes: Buffer, fileName = 'screen.png') =>
    app.server.inject({
      method: 'POST',
      url: `/api/v1/feedback/${ticketId}/attachments?fileName=${encodeURIComponent(fileName)}`,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });

  async function moveTo(date: string) {
    const row = await queryOne<{ d: string }>(app.ctx.db, sql`SELECT business_date::text AS d FROM business_calendar WHERE id`);
    expect(await advanceBusinessDate(app.ctx.db, row!.d, date)).toBe(true);
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    for (const u of ['param1', 'param2', 'approver1', 'inspector1', 'admin', 'exec1', 'officer1', 'head1']) {
      tokens[u] = await loginAs(app.server, u);
      c[u] = client(app.server, tokens[u]);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('lets each of the three key roles raise a ticket (201) with a deadline in business days, and nobody else (403)', async () => {
    const p = await c.param1.post('/api/v1/feedback', {
      title: '保证e贷担保人年龄上限无法单独配置',
      description: '参数页只有借款人年龄上限，担保人年龄上限须写死在代码里。',
      category: 'PARAMETER',
      relatedModule: '产品参数',
    });
    expect(p.statusCode, p.body).toBe(201);
    expect(p.json()).toMatchObject({
      status: 'OPEN',
      category: 'PARAMETER',
      department: 'CREDIT_MANAGEMENT',
      raiserRole: 'param_manager',
      raiserName: '张明',
      raisedDate: '2026-01-01',
      deadlineDate: '2026-01-06',
      escalation1Date: '2026-01-07',
      escalation2Date: '2026-01-10',
      escalationLevel: 0,
      overdue: false,
      relatedModule: '产品参数',
      canHandle: false,
    });
    expect(p.json().timeline).toEqual([
      expect.objectContaining({ kind: 'CREATED', toStatus: 'OPEN', actorName: '张明', businessDate: '2026-01-01' }),
    ]);
    t.param = p.json().id;

    // only title and description are required
    const a = await c.approver1.post('/api/v1/feedback', {
      title: '人工审批页看不到征信查询次数',
      description: '转人工的申请需要切换页面查看征信摘要。',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({
      category: 'OTHER',
      department: 'DATA_TECHNOLOGY',
      raiserRole: 'approver',
      deadlineDate: '2026-01-11',
    });
    t.approval = a.json().id;

    const s = await c.inspector1.post('/api/v1/feedback', {
      title: '贷后检查任务列表加载慢',
      description: '支行客户多时列表打开要十几秒。',
      category: 'SYSTEM',
    });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json()).toMatchObject({ department: 'DATA_TECHNOLOGY', raiserRole: 'inspector', deadlineDate: '2026-01-11' });
    t.system = s.json().id;

    const l = await c.inspector1.post('/api/v1/feedback', {
      title: '预警跟进记录不能补录附件',
      description: '现场照片只能另行保存。',
      category: 'POST_LOAN',
      department: 'CREDIT_MANAGEMENT',
    });
    expect(l.statusCode, l.body).toBe(201);
    t.postLoan = l.json().id;

    for (const who of ['officer1', 'head1', 'exec1', 'admin']) {
      const res = await c[who].post('/api/v1/feedback', { title: '标题', description: '描述' });
      expect(res.statusCode, who).toBe(403);
    }
    const anon = await client(app.server, null).post('/api/v1/feedback', { title: '标题', description: '描述' });
    expect(anon.statusCode).toBe(401);
  });

  it('refuses malformed tickets with 400 and a code', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['no description', { title: '标题' }, 'VALIDATION_FAILED'],
      ['a blank title', { title: '   ', description: '描述' }, 'FEEDBACK_INVALID'],
      ['an unknown department', { title: '标题', description: '描述', department: '风险管理部' }, 'VALIDATION_FAILED'],
      ['an unknown field', { title: '标题', description: '描述', priority: 'HIGH' }, 'VALIDATION_FAILED'],
      ['a title of 201 characters', { title: '长'.repeat(201), description: '描述' }, 'VALIDATION_FAILED'],
    ];
    for (const [what, body, code] of cases) {
      const res = await c.approver1.post('/api/v1/feedback', body);
      expect(res.statusCode, what).toBe(400);
      expect(res.json().code, what).toBe(code);
    }
  });

  it("shows a raiser their own tickets, a handler their departments', and feedback:read everything", async () => {
    const mine = (await c.inspector1.get('/api/v1/feedback')).json();
    expect(mine.items.map((i: { id: number }) => i.id).sort()).toEqual([t.system, t.postLoan].sort());
    expect((await c.approver1.get(`/api/v1/feedback/${t.param}`)).statusCode).toBe(404);
    expect((await c.exec1.get('/api/v1/feedback')).json().total).toBe(4);
    expect((await c.officer1.get('/api/v1/feedback')).statusCode).toBe(403);
    const credit = (await c.param2.get('/api/v1/feedback?department=CREDIT_MANAGEMENT')).json();
    expect(credit.items.map((i: { id: number }) => i.id).sort()).toEqual([t.param, t.postLoan].sort());
  });

  it('moves a ticket only along its path, by a handler of its department who did not raise it; a rejection needs a reason', async () => {
    const own = await c.param1.post(`/api/v1/feedback/${t.param}/transitions`, { to: 'ACCEPTED' });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('FEEDBACK_OWN_TICKET');
    const otherDept = await c.admin.post(`/api/v1/feedback/${t.param}/transitions`, { to: 'ACCEPTED' });
    expect(otherDept.statusCode).toBe(403);
    expect(otherDept.json().code).toBe('FEEDBACK_FORBIDDEN');
    const raiser = await c.inspector1.post(`/api/v1/feedback/${t.postLoan}/transitions`, { to: 'ACCEPTED' });
    expect(raiser.statusCode).toBe(403);
    const skip = await c.param2.post(`/api/v1/feedback/${t.param}/transitions`, { to: 'OPTIMISED' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('FEEDBACK_TRANSITION_INVALID');

    const acc = await c.param2.post(`/api/v1/feedback/${t.param}/transitions`, { to: 'ACCEPTED', comment: '已受理，纳入下一版参数' });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ status: 'ACCEPTED', canHandle: true, nextStatuses: ['IN_PROGRESS', 'OPTIMISED', 'REJECTED'] });
    const prog = await c.param2.post(`/api/v1/feedback/${t.param}/transitions`, { to: 'IN_PROGRESS' });
    expect(prog.json().status).toBe('IN_PROGRESS');
    const note = await c.param1.post(`/api/v1/feedback/${t.param}/comments`, { comment: '补充：担保人上限建议 65 岁' });
    expect(note.statusCode).toBe(200);
    expect(note.json().timeline.map((e: { kind: string; toStatus: string | null }) => [e.kind, e.toStatus])).toEqual([
      ['CREATED', 'OPEN'],
      ['STATUS', 'ACCEPTED'],
      ['STATUS', 'IN_PROGRESS'],
      ['COMMENT', null],
    ]);
    expect(note.json().timeline[1]).toMatchObject({ fromStatus: 'OPEN', comment: '已受理，纳入下一版参数', actorName: '李娜' });

    const bare = await c.admin.post(`/api/v1/feedback/${t.approval}/transitions`, { to: 'REJECTED' });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().code).toBe('FEEDBACK_REJECT_REASON_REQUIRED');
    const blank = await c.admin.post(`/api/v1/feedback/${t.approval}/transitions`, { to: 'REJECTED', reason: '  ' });
    expect(blank.statusCode).toBe(422);
    const rej = await c.admin.post(`/api/v1/feedback/${t.approval}/transitions`, {
      to: 'REJECTED',
      reason: '征信摘要已在申请详情页第二栏展示',
    });
    expect(rej.statusCode, rej.body).toBe(200);
    expect(rej.json()).toMatchObject({
      status: 'REJECTED',
      rejectReason: '征信摘要已在申请详情页第二栏展示',
      closedDate: '2026-01-01',
      nextStatuses: [],
    });
    const after = await c.admin.post(`/api/v1/feedback/${t.approval}/transitions`, { to: 'ACCEPTED' });
    expect(after.statusCode).toBe(409);

    const audits = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action IN ('feedback.create', 'feedback.transition', 'feedback.comment')`,
    );
    expect(Number(audits?.n)).toBe(4 + 3 + 1);
  });

  it('escalates a late ticket from the business date: level 1 after the deadline, level 2 three business days later', async () => {
    // the department moves the parameter ticket's deadline; the post-loan ticket keeps 2026-01-06
    const early = await c.param2.put(`/api/v1/feedback/${t.param}/deadline`, { deadlineDate: '2025-12-31' });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('FEEDBACK_DEADLINE_INVALID');
    const later = await c.param2.put(`/api/v1/feedback/${t.param}/deadline`, { deadlineDate: '2026-01-20', comment: '需与零售业务部会签' });
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json()).toMatchObject({ deadlineDate: '2026-01-20', escalation1Date: '2026-01-21', escalation2Date: '2026-01-24' });

    await moveTo('2026-01-06');
    expect((await c.inspector1.get(`/api/v1/feedback/${t.postLoan}`)).json()).toMatchObject({ escalationLevel: 0, overdue: false });
    await moveTo('2026-01-07');
    expect((await c.inspector1.get(`/api/v1/feedback/${t.postLoan}`)).json()).toMatchObject({ escalationLevel: 1, overdue: true });
    const overdue = (await c.exec1.get('/api/v1/feedback?overdue=true')).json();
    expect(overdue.items.map((i: { id: number }) => i.id)).toEqual([t.postLoan]);
    await moveTo('2026-01-09');
    expect((await c.inspector1.get(`/api/v1/feedback/${t.postLoan}`)).json().escalationLevel).toBe(1);
    await moveTo('2026-01-10');
    expect((await c.inspector1.get(`/api/v1/feedback/${t.postLoan}`)).json().escalationLevel).toBe(2);
    // a closed ticket is never escalated
    expect((await c.exec1.get(`/api/v1/feedback/${t.approval}`)).json()).toMatchObject({ escalationLevel: 0, overdue: false });
  });

  it('marks the tickets a release answers as optimised, and only accepted ones can be linked', async () => {
    expect((await c.admin.post(`/api/v1/feedback/${t.system}/transitions`, { to: 'ACCEPTED' })).statusCode).toBe(200);
    const early = await c.admin.post('/api/v1/feedback/releases', {
      version: 'v2.3.0',
      releaseDate: '2026-01-10',
      notes: '贷后检查任务列表分页加载',
      ticketIds: [t.system, t.postLoan],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('FEEDBACK_RELEASE_LINK_INVALID');
    expect((await c.param1.post('/api/v1/feedback/releases', { version: 'v9', releaseDate: '2026-01-10', notes: 'x' })).statusCode).toBe(
      403,
    );

    const rel = await c.admin.post('/api/v1/feedback/releases', {
      version: 'v2.3.0',
      releaseDate: '2026-01-10',
      notes: '贷后检查任务列表分页加载',
      ticketIds: [t.system],
    });
    expect(rel.statusCode, rel.body).toBe(201);
    expect(rel.json()).toMatchObject({
      version: 'v2.3.0',
      createdByName: '王建国',
      tickets: [{ id: t.system, title: '贷后检查任务列表加载慢' }],
    });
    const sys = (await c.inspector1.get(`/api/v1/feedback/${t.system}`)).json();
    expect(sys).toMatchObject({ status: 'OPTIMISED', releaseVersion: 'v2.3.0', closedDate: '2026-01-10' });
    expect(sys.timeline.at(-1)).toMatchObject({ kind: 'RELEASE', comment: 'v2.3.0' });

    const dup = await c.admin.post('/api/v1/feedback/releases', { version: 'v2.3.0', releaseDate: '2026-01-10', notes: '重复' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('FEEDBACK_RELEASE_VERSION_TAKEN');
    const log = await c.inspector1.get('/api/v1/feedback/releases');
    expect(log.json()).toMatchObject({ total: 1, items: [{ version: 'v2.3.0' }] });
  });

  it('keeps small image and PDF attachments, checked by their bytes, downloadable by those who see the ticket', async () => {
    const ok = await upload('inspector1', t.postLoan, PNG, '现场照片.png');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ fileName: '现场照片.png', contentType: 'image/png', sizeBytes: PNG.length });
    const pdf = await upload('param2', t.postLoan, PDF, 'note.pdf');
    expect(pdf.json().contentType).toBe('application/pdf');

    // a text file named .png, an empty file, a file over 2 MB
    const fake = await upload('inspector1', t.postLoan, Buffer.from('not really an image'), 'fake.png');
    expect(fake.statusCode).toBe(422);
    expect(fake.json().code).toBe('FEEDBACK_ATTACHMENT_TYPE');
    expect((await upload('inspector1', t.postLoan, Buffer.alloc(0))).statusCode).toBe(413);
    const big = await upload('inspector1', t.postLoan, Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('FEEDBACK_ATTACHMENT_TOO_LARGE');
    // someone who cannot see the ticket can neither attach nor download
    expect((await upload('approver1', t.postLoan, PNG)).statusCode).toBe(404);

    const id = ok.json().id;
    const down = await c.param2.get(`/api/v1/feedback/${t.postLoan}/attachments/${id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(down.rawPayload, PNG)).toBe(0);
    expect((await c.approver1.get(`/api/v1/feedback/${t.postLoan}/attachments/${id}`)).statusCode).toBe(404);
    const detail = (await c.inspector1.get(`/api/v1/feedback/${t.postLoan}`)).json();
    expect(detail.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['现场照片.png', 'note.pdf']);
  });

  it("counts the tickets in the bank's words: total, optimised, in progress (open + accepted + in progress), rejected, overdue", async () => {
    const res = await c.approver1.get('/api/v1/feedback/stats');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      businessDate: '2026-01-10',
      total: 4,
      optimised: 1,
      inProgress: 2,
      rejected: 1,
      open: 1,
      accepted: 0,
      handling: 1,
      overdue: 1,
      escalatedLevel2: 1,
      sentence: '反馈 4 项，已优化 1 项，推进中 2 项，不予采纳 1 项（其中超期 1 项）',
    });
    expect(res.json().byDepartment).toEqual([
      { department: 'CREDIT_MANAGEMENT', total: 2, optimised: 0, inProgress: 2, overdue: 1 },
      { department: 'RETAIL_BANKING', total: 0, optimised: 0, inProgress: 0, overdue: 0 },
      { department: 'DATA_TECHNOLOGY', total: 2, optimised: 1, inProgress: 0, overdue: 0 },
    ]);
    expect(res.json().byRaiserRole).toEqual([
      { role: 'param_manager', total: 1, optimised: 0, inProgress: 1 },
      { role: 'approver', total: 1, optimised: 0, inProgress: 0 },
      { role: 'inspector', total: 2, optimised: 1, inProgress: 1 },
    ]);
    expect((await c.officer1.get('/api/v1/feedback/stats')).statusCode).toBe(403);

    const x = await app.server.inject({
      method: 'GET',
      url: '/api/v1/feedback?format=xlsx',
      headers: { authorization: `Bearer ${tokens.exec1}` },
    });
    expect(x.statusCode).toBe(200);
    const rows = await readSheet(x.rawPayload);
    expect(rows[0]).toEqual([
      '编号',
      '标题',
      '类别',
      '责任部门',
      '状态',
      '提出人',
      '提出岗位',
      '提出日期',
      '办结期限',
      '督办',
      '上线版本',
      '办结日期',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r[1] === '贷后检查任务列表加载慢')).toEqual(expect.arrayContaining(['已优化', '数据科技部', 'v2.3.0']));
  });
});
