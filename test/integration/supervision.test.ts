/**
 * Supervision records (issue 15 §3) on every engine: a branch head records an interview of one of their
 * officers with attendees and commitments, follow-ups resolve the commitments and the record closes when
 * none is left open (a follow-up on a closed record refused); bad input is refused with 400/422 and nothing
 * written; a branch head cannot record for another branch's staff nor a branch-level interview; exemplars
 * are drafted, edited, published and then final; the one accountability register lists the 543 breaches
 * and the manual records with totals ("penalties, amount"), filters, and an Excel export read back; the
 * work report's door counts the period's exemplars, interviews, statements and confirmed penalties.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { addDays } from '../../src/kernel/index.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { supervisionSummary } from '../../src/modules/supervision/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

describe.each(testEngines())('supervision: exemplars, interviews and the accountability register on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let exec: Client;
  let auditor: Client;
  let officer: Client;
  let D: string;
  let officerId: number;
  let lobbyId: number;
  let adminId: number;
  let headId: number;
  let gl: number;
  let yyb: number;

  const count = async (table: string, where = sql`TRUE`) =>
    Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM ${sql.raw(table)} WHERE ${where}`))!.n);
  const audits = (action: string) => count('audit_log', sql`action = ${action}`);

  beforeAll(async () => {
    app = await createTestApp(kind);
    head = client(app.server, await loginAs(app.server, 'head1'));
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    officerId = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    lobbyId = (await staffIdByUsername(app.ctx.db, 'lobby1'))!;
    adminId = (await staffIdByUsername(app.ctx.db, 'admin'))!;
    headId = (await staffIdByUsername(app.ctx.db, 'head1'))!;
    D = await getBusinessDate(app.ctx.db);
    gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    yyb = Number((await branchByCode(app.ctx.db, 'YZ-YYB'))!.id);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const interview = (over: Record<string, unknown> = {}) => ({
    kind: 'INTERVIEW',
    unitKind: 'STAFF',
    staffId: officerId,
    periodFrom: addDays(D, -90),
    periodTo: addDays(D, -1),
    rankNote: '倒数第 1 名',
    heldOn: D,
    summary: '线上贷款新增排名末位，约谈客户经理',
    attendeeStaffIds: [headId, officerId],
    externalAttendees: ['总行零售业务部 王某'],
    commitments: [
      { text: '一个月内新增线上贷款 20 户', dueDate: addDays(D, 30) },
      { text: '清收逾期贷款 2 笔', dueDate: addDays(D, 60) },
    ],
    ...over,
  });

  it('a branch head records an interview of their officer; follow-ups resolve the commitments and close it', async () => {
    const res = await head.post('/api/v1/supervision/interviews', interview());
    expect(res.statusCode, res.body).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({
      kind: 'INTERVIEW',
      unitKind: 'STAFF',
      staff: { id: officerId },
      branch: { id: gl, name: '鼓楼支行' },
      status: 'OPEN',
      commitmentsTotal: 2,
      commitmentsOpen: 2,
      nextDueDate: addDays(D, 30),
    });
    expect(rec.attendees.map((a: { name: string }) => a.name)).toEqual([expect.any(String), expect.any(String), '总行零售业务部 王某']);
    expect(rec.attendees[0].staffId).toBe(headId);
    expect(rec.commitments.map((c: { seq: number; status: string }) => [c.seq, c.status])).toEqual([
      [1, 'OPEN'],
      [2, 'OPEN'],
    ]);
    expect(await audits('supervision-interview.create')).toBe(1);

    const first = await head.post(`/api/v1/supervision/interviews/${rec.id}/follow-ups`, {
      followedOn: D,
      text: '已新增 22 户',
      statuses: [{ seq: 1, status: 'DONE' }],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'OPEN', commitmentsOpen: 1, nextDueDate: addDays(D, 60) });
    expect(first.json().followUps).toHaveLength(1);

    // a commitment already resolved cannot be resolved again: 422, nothing written
    const again = await head.post(`/api/v1/supervision/interviews/${rec.id}/follow-ups`, {
      followedOn: D,
      text: '重复',
      statuses: [{ seq: 1, status: 'MISSED' }],
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('SUPERVISION_COMMITMENT_INVALID');
    expect(await count('supervision_followups', sql`interview_id = ${rec.id}`)).toBe(1);

    // a follow-up with no status change is a plain progress note
    const note = await head.post(`/api/v1/supervision/interviews/${rec.id}/follow-ups`, { followedOn: D, text: '清收进行中' });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().status).toBe('OPEN');

    const last = await head.post(`/api/v1/supervision/interviews/${rec.id}/follow-ups`, {
      followedOn: D,
      text: '仅收回 1 笔',
      statuses: [{ seq: 2, status: 'MISSED' }],
    });
    expect(last.statusCode, last.body).toBe(201);
    expect(last.json()).toMatchObject({ status: 'CLOSED', closedOn: D, commitmentsOpen: 0, nextDueDate: null });
    expect(last.json().commitments.map((c: { status: string; resolvedOn: string }) => [c.status, c.resolvedOn])).toEqual([
      ['DONE', D],
      ['MISSED', D],
    ]);
    expect(await audits('supervision-interview.follow-up')).toBe(3);

    const closed = await head.post(`/api/v1/supervision/interviews/${rec.id}/follow-ups`, { followedOn: D, text: '再跟进' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('SUPERVISION_INTERVIEW_CLOSED');

    // the list shows it to the branch head and to the head office's auditor, not to an officer (no permission)
    const list = await head.get('/api/v1/supervision/interviews?status=CLOSED');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: number }) => i.id)).toContain(rec.id);
    expect((await auditor.get(`/api/v1/supervision/interviews/${rec.id}`)).statusCode).toBe(200);
    expect((await officer.get('/api/v1/supervision/interviews')).statusCode).toBe(403);
  });

  it('refuses bad input with 400 or 422 and writes nothing', async () => {
    const before = await count('supervision_interviews');
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ commitments: [] }, 400, 'VALIDATION_FAILED'],
      [{ heldOn: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
      [{ unknownField: 1 }, 400, 'VALIDATION_FAILED'],
      [{ branchId: gl }, 400, 'VALIDATION_FAILED'], // a staff unit naming a branch too
      [{ heldOn: addDays(D, 1) }, 422, 'SUPERVISION_DATES_INVALID'],
      [{ periodFrom: D, periodTo: addDays(D, -1) }, 422, 'SUPERVISION_DATES_INVALID'],
      [{ commitments: [{ text: '补办', dueDate: addDays(D, -1) }] }, 422, 'SUPERVISION_DATES_INVALID'],
      [{ attendeeStaffIds: [9_999_999] }, 422, 'SUPERVISION_ATTENDEE_INVALID'],
      [{ staffId: 9_999_999 }, 422, 'SUPERVISION_UNIT_INVALID'],
    ];
    for (const [over, status, code] of cases) {
      const res = await head.post('/api/v1/supervision/interviews', interview(over));
      expect([res.statusCode, res.json().code], JSON.stringify(over)).toEqual([status, code]);
    }
    expect(await count('supervision_interviews')).toBe(before);
    expect(await count('supervision_commitments')).toBe(
      await count('supervision_commitments', sql`interview_id IN (SELECT id FROM supervision_interviews)`),
    );
  });

  it('keeps a branch head to their own branch: no other branch staff, no branch-level records', async () => {
    const before = await count('supervision_interviews');
    const other = await head.post('/api/v1/supervision/interviews', interview({ staffId: adminId }));
    expect([other.statusCode, other.json().code]).toEqual([403, 'SUPERVISION_UNIT_OUT_OF_SCOPE']);
    const branchLevel = await head.post(
      '/api/v1/supervision/interviews',
      interview({ unitKind: 'BRANCH', staffId: undefined, branchId: gl }),
    );
    expect([branchLevel.statusCode, branchLevel.json().code]).toEqual([403, 'SUPERVISION_BRANCH_LEVEL_HEAD_OFFICE']);
    const acc = await head.post('/api/v1/supervision/accountability', {
      kind: 'CONDUCT',
      staffId: adminId,
      businessDate: D,
      description: '越权',
      penalty: '100.00',
    });
    expect([acc.statusCode, acc.json().code]).toEqual([403, 'SUPERVISION_UNIT_OUT_OF_SCOPE']);
    expect(await count('supervision_interviews')).toBe(before);
    expect(await count('accountability_records', sql`kind <> 'SLA_543'`)).toBe(0);

    // the head office records a branch's statement; the branch head sees it but does not follow it up
    const st = await exec.post(
      '/api/v1/supervision/interviews',
      interview({
        kind: 'STATEMENT',
        unitKind: 'BRANCH',
        staffId: undefined,
        branchId: gl,
        attendeeStaffIds: [headId],
        externalAttendees: [],
      }),
    );
    expect(st.statusCode, st.body).toBe(201);
    expect(st.json()).toMatchObject({ kind: 'STATEMENT', unitKind: 'BRANCH', staff: null, unitName: '鼓楼支行' });
    expect((await head.get(`/api/v1/supervision/interviews/${st.json().id}`)).statusCode).toBe(200);
    const fu = await head.post(`/api/v1/supervision/interviews/${st.json().id}/follow-ups`, { followedOn: D, text: '自行跟进' });
    expect([fu.statusCode, fu.json().code]).toEqual([403, 'SUPERVISION_BRANCH_LEVEL_HEAD_OFFICE']);
    // another branch's statement is outside the branch head's scope
    const far = await exec.post(
      '/api/v1/supervision/interviews',
      interview({ unitKind: 'BRANCH', staffId: undefined, branchId: yyb, attendeeStaffIds: [], externalAttendees: [] }),
    );
    expect(far.statusCode, far.body).toBe(201);
    expect((await head.get(`/api/v1/supervision/interviews/${far.json().id}`)).statusCode).toBe(404);
    expect((await head.get('/api/v1/supervision/interviews?pageSize=100')).json().items.map((i: { id: number }) => i.id)).not.toContain(
      far.json().id,
    );
  });

  it('drafts, edits and publishes an exemplar, final once published', async () => {
    const body = {
      unitKind: 'STAFF',
      staffId: officerId,
      title: '扎根乡村的信贷员',
      story: '走村入户 300 余次，新增线上贷款 120 户。',
      periodFrom: addDays(D, -90),
      periodTo: D,
      exemplarDate: D,
    };
    const created = await head.post('/api/v1/supervision/exemplars', body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ status: 'DRAFT', branch: { id: gl }, staff: { id: officerId }, publishedAt: null });
    const edited = await head.put(`/api/v1/supervision/exemplars/${id}`, { ...body, title: '扎根乡村的好信贷员' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: '扎根乡村的好信贷员', updatedBy: { id: headId } });
    const published = await head.post(`/api/v1/supervision/exemplars/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'PUBLISHED', publishedBy: { id: headId } });
    const late = await head.put(`/api/v1/supervision/exemplars/${id}`, { ...body, title: '改' });
    expect([late.statusCode, late.json().code]).toEqual([409, 'SUPERVISION_EXEMPLAR_PUBLISHED']);
    expect((await head.post(`/api/v1/supervision/exemplars/${id}/publish`)).statusCode).toBe(409);
    // a draft of the head office: not in the summary until published
    const draft = await exec.post('/api/v1/supervision/exemplars', {
      ...body,
      unitKind: 'BRANCH',
      staffId: undefined,
      branchId: yyb,
      title: '颜店支行：一增一降先进',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(await audits('supervision-exemplar.create')).toBe(2);
    expect(await audits('supervision-exemplar.update')).toBe(1);
    expect(await audits('supervision-exemplar.publish')).toBe(1);
    const list = await exec.get('/api/v1/supervision/exemplars?status=PUBLISHED');
    expect(list.json().items.map((e: { title: string }) => e.title)).toEqual(['扎根乡村的好信贷员']);
  });

  it('keeps one register: the 543 breaches and the manual records, with totals, filters and an Excel export', async () => {
    // two 543 breaches as the end-of-day step proposes them, one confirmed (100.00) and one waived
    const gid = (await queryOne<{ id: string }>(app.ctx.db, sql`SELECT nextval('accountability_records_id_seq')::text AS id`))!.id;
    const gid2 = (await queryOne<{ id: string }>(app.ctx.db, sql`SELECT nextval('accountability_records_id_seq')::text AS id`))!.id;
    await app.ctx.db.execute(
      sql`INSERT INTO accountability_records (customer_id, id, kind, stage, source_event_id, officer_id, branch_id, business_date,
                                              overrun_seconds, penalty_fen, status, reason)
          VALUES (1, ${gid}, 'SLA_543', 'LOCK', 900001, ${officerId}, ${gl}, ${D}::date, 61, 10000, 'CONFIRMED', NULL),
                 (1, ${gid2}, 'SLA_543', 'DISBURSE', 900002, ${officerId}, ${gl}, ${D}::date, 5, 10000, 'WAIVED', '系统故障')`,
    );
    const rec = async (c: Client, over: Record<string, unknown>) => {
      const res = await c.post('/api/v1/supervision/accountability', {
        kind: 'COLLECTION',
        staffId: officerId,
        businessDate: D,
        description: '清收不力',
        penalty: '200.00',
        ...over,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const collection = await rec(head, {});
    expect(collection).toMatchObject({ kind: 'COLLECTION', status: 'CONFIRMED', penalty: '200.00', branch: { id: gl }, customerId: null });
    await rec(head, { kind: 'CONDUCT', staffId: lobbyId, description: '着装不规范', penalty: '300.00' });
    const proposed = await rec(exec, { kind: 'INSPECTION', description: '贷后检查未按期完成', penalty: '50.00', status: 'PROPOSED' });
    expect(await audits('accountability.record')).toBe(3);

    // bad input: nothing written
    const before = await count('accountability_records');
    for (const [over, status, code] of [
      [{ penalty: '-1' }, 400, 'INVALID_AMOUNT'],
      [{ penalty: '1.234' }, 400, 'INVALID_AMOUNT'],
      [{ kind: 'SLA_543' }, 400, 'VALIDATION_FAILED'],
      [{ description: '' }, 400, 'VALIDATION_FAILED'],
      [{ businessDate: addDays(D, 1) }, 422, 'SUPERVISION_DATES_INVALID'],
    ] as Array<[Record<string, unknown>, number, string]>) {
      const res = await head.post('/api/v1/supervision/accountability', {
        kind: 'COLLECTION',
        staffId: officerId,
        businessDate: D,
        description: '清收不力',
        penalty: '200.00',
        ...over,
      });
      expect([res.statusCode, res.json().code], JSON.stringify(over)).toEqual([status, code]);
    }
    expect(await count('accountability_records')).toBe(before);

    const page = await head.get('/api/v1/supervision/accountability?pageSize=100');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().totals).toEqual({ count: 5, penaltyCount: 3, penaltyAmount: '600.00', proposed: 1, waived: 1 });
    expect(
      page
        .json()
        .items.map((i: { kind: string }) => i.kind)
        .sort(),
    ).toEqual(['COLLECTION', 'CONDUCT', 'INSPECTION', 'SLA_543', 'SLA_543']);

    // the proposed record confirmed: 4 penalties, 650.00; a waiver needs its reason; a 543 breach is decided on its own page
    const noReason = await head.post(`/api/v1/supervision/accountability/${proposed.id}/decision`, { decision: 'WAIVE' });
    expect([noReason.statusCode, noReason.json().code]).toEqual([422, 'SLA_WAIVER_REASON_REQUIRED']);
    const sla = await head.post(`/api/v1/supervision/accountability/${gid}/decision`, { decision: 'WAIVE', reason: 'x' });
    expect([sla.statusCode, sla.json().code]).toEqual([409, 'ACCOUNTABILITY_DECIDED']);
    const ok = await head.post(`/api/v1/supervision/accountability/${proposed.id}/decision`, { decision: 'CONFIRM' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('CONFIRMED');
    expect((await head.post(`/api/v1/supervision/accountability/${proposed.id}/decision`, { decision: 'CONFIRM' })).statusCode).toBe(409);

    const filtered = await head.get(`/api/v1/supervision/accountability?kind=SLA_543&staffId=${officerId}&from=${D}&to=${D}`);
    expect(filtered.json().totals).toEqual({ count: 2, penaltyCount: 1, penaltyAmount: '100.00', proposed: 0, waived: 1 });
    const byStatus = await head.get('/api/v1/supervision/accountability?status=CONFIRMED');
    expect(byStatus.json().totals).toMatchObject({ count: 4, penaltyCount: 4, penaltyAmount: '650.00' });

    // the officer's own 543 page is unchanged: only SLA_543 rows there
    const breaches = await head.get('/api/v1/sla/breaches?pageSize=100');
    expect(breaches.statusCode, breaches.body).toBe(200);
    expect(breaches.json().items.every((b: { kind: string }) => b.kind === 'SLA_543')).toBe(true);

    const xlsx = await head.get('/api/v1/supervision/accountability?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const rows = await readSheet(xlsx.rawPayload);
    expect(rows[0]).toEqual(['编号', '问责日期', '类型', '机构', '被问责人', '事由', '处罚金额（元）', '状态', '免责理由', '登记人']);
    expect(rows).toHaveLength(1 + 5 + 1);
    expect(
      rows
        .slice(1, 6)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['543 服务超时', '543 服务超时', '清收问责', '行为规范问责', '贷后检查问责']);
    expect(rows[6]).toEqual(['合计', '', '', '', '', '记录 5 条，已确认处罚 4 笔', '650.00', '', '', '']);
  });

  it('answers the work report the figures of a period', async () => {
    const s = await supervisionSummary(app.ctx.db, { from: addDays(D, -30), to: D });
    expect(s).toEqual({
      exemplars: 1,
      interviews: 2,
      statements: 1,
      penalties: { count: 4, amount: '650.00' },
      exemplarTitles: ['扎根乡村的好信贷员'],
    });
    expect(await supervisionSummary(app.ctx.db, { from: addDays(D, -60), to: addDays(D, -1) })).toEqual({
      exemplars: 0,
      interviews: 0,
      statements: 0,
      penalties: { count: 0, amount: '0.00' },
      exemplarTitles: [],
    });
    const res = await exec.get(`/api/v1/supervision/summary?from=${addDays(D, -30)}&to=${D}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(s);
  });

  it('exports the interviews and exemplars with Chinese headers', async () => {
    const iv = await exec.get('/api/v1/supervision/interviews?format=xlsx');
    expect(iv.statusCode).toBe(200);
    const rows = await readSheet(iv.rawPayload);
    expect(rows[0].slice(0, 4)).toEqual(['编号', '类型', '日期', '对象（机构/员工）']);
    expect(rows).toHaveLength(1 + 3);
    const ex = await exec.get('/api/v1/supervision/exemplars?format=xlsx');
    expect((await readSheet(ex.rawPayload)).map((r) => r[3]).slice(1)).toEqual(
      expect.arrayContaining(['扎根乡村的好信贷员', '颜店支行：一增一降先进']),
    );
  });
});
