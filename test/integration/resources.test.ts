/**
 * Resources (issue 15 §5) on every engine: credit staff per branch at dates across additions (new staff,
 * a role granted) and departures (an officer disabled), recorded in access's staff history as the
 * changes are approved; the additions and departures of a period per branch and month by month; the
 * branch head sees their branch only; the tables export to Excel; the work report's summary. The device
 * register: register (a duplicate serial or asset number 409, nothing written), issue to an officer of
 * the device's branch (an issued device 409, a staff member of another branch 422, a date after the
 * business date 422), return with its condition (a device not issued 409), loss and retirement, the
 * history, the figures per branch at a date, the branch head's scope, the Excel list; the device list
 * imported from a file through review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { addDays } from '../../src/kernel/index.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { advanceBusinessDate, getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { resourcesSummary } from '../../src/modules/resources/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

interface Branch {
  branchId: number;
  branchName: string;
  creditStaff: number;
  officers: { id: number; name: string }[];
}

describe.each(testEngines())('resources on %s', (kind) => {
  let app: HuinongApp;
  let admin: Client;
  let admin2: Client;
  let head: Client;
  let exec: Client;
  let officer: Client;
  let D0: string;
  let D1: string;
  let D2: string;
  let gl: number;
  let da: number;
  let officer1: number;
  const staffIds: Record<string, number> = {};

  async function moveTo(date: string) {
    expect(await advanceBusinessDate(app.ctx.db, await getBusinessDate(app.ctx.db), date)).toBe(true);
  }
  async function approve(res: { statusCode: number; json: () => { reviewRequestId?: number } }) {
    expect(res.statusCode).toBe(202);
    const ok = await admin2.post(`/api/v1/review/requests/${res.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
  }
  async function createStaff(username: string, name: string, branchId: number, roles: string[], mobile: string) {
    await approve(await admin.post('/api/v1/staff', { username, name, branchId, mobile, roles, initialPassword: 'Abcdefgh12' }));
    staffIds[username] = (await staffIdByUsername(app.ctx.db, username))!;
  }
  const staffing = async (c: Client, date: string) => {
    const res = await c.get(`/api/v1/resources/staffing?date=${date}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { date: string; total: number; items: Branch[] };
  };
  const countOf = (view: { items: Branch[] }, branchId: number) => view.items.find((b) => b.branchId === branchId)?.creditStaff ?? 0;
  const deviceCount = async () => Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM devices`))!.n);

  beforeAll(async () => {
    app = await createTestApp(kind);
    admin = client(app.server, await loginAs(app.server, 'admin'));
    admin2 = client(app.server, await loginAs(app.server, 'admin2'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    da = Number((await branchByCode(app.ctx.db, 'YZ-DA'))!.id);
    officer1 = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    D0 = await getBusinessDate(app.ctx.db);
    D1 = addDays(D0, 14);
    D2 = addDays(D0, 40);
    // D1: two new officers (鼓楼, 大安) and an inspector at 大安
    await moveTo(D1);
    await createStaff('res_off_a', '甲客户经理', gl, ['loan_officer'], '13905379101');
    await createStaff('res_off_b', '乙客户经理', da, ['loan_officer'], '13905379102');
    await createStaff('res_insp_c', '丙检查岗', da, ['inspector'], '13905379103');
    // D2: the inspector becomes an officer too; 甲 is disabled
    await moveTo(D2);
    await approve(await admin.post(`/api/v1/staff/${staffIds.res_insp_c}/roles`, { role: 'loan_officer' }));
    await approve(await admin.patch(`/api/v1/staff/${staffIds.res_off_a}`, { status: 'DISABLED' }));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('counts the credit staff of each branch at any date, across additions and departures', async () => {
    const before = await staffing(exec, addDays(D0, -1));
    expect(before.total).toBe(0);
    const first = await staffing(exec, D0);
    expect(countOf(first, gl)).toBe(1);
    expect(first.items.find((b) => b.branchId === gl)!.officers).toEqual([{ id: officer1, name: '周伟' }]);
    expect(countOf(first, da)).toBe(0);
    const mid = await staffing(exec, D1);
    expect([countOf(mid, gl), countOf(mid, da)]).toEqual([2, 1]);
    expect(mid.total).toBe(first.total + 2);
    const end = await staffing(exec, D2);
    expect([countOf(end, gl), countOf(end, da)]).toEqual([1, 2]);
    expect(end.items.find((b) => b.branchId === da)!.officers.map((o) => o.name)).toEqual(['乙客户经理', '丙检查岗']);
    // the default date is the business date
    expect((await exec.get('/api/v1/resources/staffing')).json().date).toBe(D2);
  });

  it('lists additions and departures of a period per branch and month by month', async () => {
    const res = await exec.get(`/api/v1/resources/staffing/changes?from=${addDays(D0, 1)}&to=${D2}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    const row = (id: number) => view.items.find((b: { branchId: number }) => b.branchId === id);
    expect(row(gl)).toMatchObject({ atStart: 1, added: 1, left: 1, atEnd: 1 });
    expect(row(da)).toMatchObject({ atStart: 0, added: 2, left: 0, atEnd: 2 });
    expect(view.totals).toMatchObject({ added: 3, left: 1 });
    expect(view.totals.atEnd - view.totals.atStart).toBe(2);
    const mine = view.movements.filter((m: { staffId: number }) => Object.values(staffIds).includes(m.staffId));
    expect(
      mine.map((m: { date: string; name: string; kind: string; reason: string }) => `${m.date} ${m.name} ${m.kind} ${m.reason}`),
    ).toEqual([
      `${D1} 甲客户经理 ADDED NEW_STAFF`,
      `${D1} 乙客户经理 ADDED NEW_STAFF`,
      `${D2} 甲客户经理 LEFT STATUS`,
      `${D2} 丙检查岗 ADDED ROLE`,
    ]);
    // month by month: the last point is the period's end
    expect(view.series.at(-1)).toMatchObject({ date: D2, creditStaff: view.totals.atEnd });
    expect(view.series.reduce((n: number, p: { added: number }) => n + p.added, 0)).toBe(3);
    // a period starting after its end is refused
    const bad = await exec.get(`/api/v1/resources/staffing/changes?from=${D2}&to=${D0}`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('RESOURCES_PERIOD_INVALID');
  });

  it('shows a branch head their branch only, and refuses an officer', async () => {
    const view = await staffing(head, D2);
    expect(view.items.map((b) => b.branchId)).toContain(gl);
    expect(view.items.map((b) => b.branchId)).not.toContain(da);
    expect(view.total).toBe(1);
    expect((await officer.get('/api/v1/resources/staffing')).statusCode).toBe(403);
  });

  it('exports the staffing and the changes to Excel with Chinese headers and a total row', async () => {
    const res = await exec.get(`/api/v1/resources/staffing?date=${D2}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toEqual(['机构', '客户经理人数', '客户经理']);
    const glRow = rows.find((r) => r[0] === '鼓楼支行')!;
    expect(glRow[1]).toBe('1');
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['合计', String((await staffing(exec, D2)).total)]);
    const ch = await exec.get(`/api/v1/resources/staffing/changes?from=${addDays(D0, 1)}&to=${D2}&format=xlsx`);
    const crow = await readSheet(ch.rawPayload);
    expect(crow[0]).toEqual(['机构', '期初人数', '新增', '减少', '期末人数']);
    expect(crow.find((r) => r[0] === '大安支行')).toEqual(['大安支行', '0', '2', '0', '2']);
    expect(crow.at(-1)!.slice(0, 4)).toEqual(['合计', expect.any(String), '3', '1']);
  });

  it('answers the work report its figures', async () => {
    const s = await resourcesSummary(app.ctx.db, { from: addDays(D0, 1), to: D2 });
    const atEnd = (await staffing(exec, D2)).total;
    expect(s).toMatchObject({ creditStaffAtEnd: atEnd, creditStaffAdded: 3, creditStaffLeft: 1 });
  });

  describe('the devices register', () => {
    let padA: number;
    let padB: number;

    it('registers devices and refuses a duplicate serial or asset number with nothing written', async () => {
      const a = await admin.post('/api/v1/resources/devices', {
        assetNo: 'PAD-001',
        serialNo: 'SN-A-1',
        model: 'MatePad 11',
        kind: 'PAD',
        branchId: gl,
      });
      expect(a.statusCode, a.body).toBe(201);
      expect(a.json()).toMatchObject({ status: 'IN_STOCK', holder: null, branch: { id: gl, name: '鼓楼支行' } });
      padA = a.json().id;
      const b = await head.post('/api/v1/resources/devices', { assetNo: 'PAD-002', serialNo: 'SN-A-2', model: 'MatePad 11', branchId: gl });
      expect(b.statusCode, b.body).toBe(201);
      padB = b.json().id;
      const n = await deviceCount();
      const dupSerial = await admin.post('/api/v1/resources/devices', { assetNo: 'PAD-003', serialNo: 'SN-A-1', model: 'X', branchId: gl });
      expect(dupSerial.statusCode).toBe(409);
      expect(dupSerial.json().code).toBe('DEVICE_SERIAL_TAKEN');
      const dupAsset = await admin.post('/api/v1/resources/devices', { assetNo: 'PAD-001', serialNo: 'SN-A-9', model: 'X', branchId: gl });
      expect(dupAsset.statusCode).toBe(409);
      expect(dupAsset.json().code).toBe('DEVICE_ASSET_NO_TAKEN');
      // a branch head registers at their own branch only
      const other = await head.post('/api/v1/resources/devices', { assetNo: 'PAD-004', serialNo: 'SN-A-4', model: 'X', branchId: da });
      expect(other.statusCode).toBe(422);
      expect(other.json().code).toBe('DEVICE_BRANCH_INVALID');
      expect(await deviceCount()).toBe(n);
      // an officer may not register
      expect(
        (await officer.post('/api/v1/resources/devices', { assetNo: 'PAD-005', serialNo: 'SN-A-5', model: 'X', branchId: gl })).statusCode,
      ).toBe(403);
    });

    it('issues a device to an officer of its branch and refuses issuing it again', async () => {
      const holders = await head.get(`/api/v1/resources/devices/${padA}/holders`);
      expect(holders.json().items).toEqual([{ id: officer1, name: '周伟' }]);
      const wrongBranch = await head.post(`/api/v1/resources/devices/${padA}/issue`, { staffId: staffIds.res_off_b });
      expect(wrongBranch.statusCode).toBe(422);
      expect(wrongBranch.json().code).toBe('DEVICE_HOLDER_INVALID');
      const disabled = await head.post(`/api/v1/resources/devices/${padA}/issue`, { staffId: staffIds.res_off_a });
      expect(disabled.json().code).toBe('DEVICE_HOLDER_INVALID');
      const future = await head.post(`/api/v1/resources/devices/${padA}/issue`, { staffId: officer1, date: addDays(D2, 1) });
      expect(future.statusCode).toBe(422);
      expect(future.json().code).toBe('DEVICE_DATE_INVALID');
      const ok = await head.post(`/api/v1/resources/devices/${padA}/issue`, { staffId: officer1, note: '展业使用' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'ISSUED', holder: { id: officer1, name: '周伟' }, issuedOn: D2 });
      const again = await admin.post(`/api/v1/resources/devices/${padA}/issue`, { staffId: officer1 });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('DEVICE_NOT_AVAILABLE');
    });

    it('counts devices per branch at a date from their history', async () => {
      const res = await exec.get(`/api/v1/resources/devices/figures?date=${D2}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.find((b: { branchId: number }) => b.branchId === gl)).toMatchObject({ total: 2, issued: 1, inStock: 1 });
      const earlier = await exec.get(`/api/v1/resources/devices/figures?date=${addDays(D2, -1)}`);
      expect(earlier.json().totals.total).toBe(0);
      const s = await resourcesSummary(app.ctx.db, { from: D2, to: D2 });
      expect(s).toMatchObject({ devicesTotal: 2, devicesIssued: 1, devicesIssuedInPeriod: 1 });
    });

    it('takes a device back with its condition and keeps its history', async () => {
      const back = await head.post(`/api/v1/resources/devices/${padA}/return`, { condition: 'DAMAGED', note: '屏幕划痕' });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ status: 'RETURNED', holder: null });
      const twice = await head.post(`/api/v1/resources/devices/${padA}/return`, { condition: 'GOOD' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('DEVICE_NOT_ISSUED');
      const history = (await exec.get(`/api/v1/resources/devices/${padA}`)).json();
      expect(history.events.map((e: { kind: string }) => e.kind)).toEqual(['REGISTERED', 'ISSUED', 'RETURNED']);
      expect(history.events[1]).toMatchObject({ staff: { id: officer1, name: '周伟' }, businessDate: D2, note: '展业使用' });
      expect(history.events[2]).toMatchObject({ condition: 'DAMAGED', staff: { id: officer1 }, actor: { name: '吴强' } });
      // a returned device can be issued again
      expect((await head.post(`/api/v1/resources/devices/${padA}/issue`, { staffId: officer1 })).statusCode).toBe(200);
      const audits = await queryOne<{ n: string }>(
        app.ctx.db,
        sql`SELECT count(*)::text AS n FROM audit_log WHERE action IN ('device.issue', 'device.return')`,
      );
      expect(Number(audits!.n)).toBe(3);
    });

    it('records a loss and a retirement and refuses retiring twice', async () => {
      const lost = await head.post(`/api/v1/resources/devices/${padB}/status`, { status: 'LOST', note: '下乡途中遗失' });
      expect(lost.json().status).toBe('LOST');
      const retired = await admin.post(`/api/v1/resources/devices/${padB}/status`, { status: 'RETIRED', note: '遗失核销' });
      expect(retired.json().status).toBe('RETIRED');
      const again = await admin.post(`/api/v1/resources/devices/${padB}/status`, { status: 'RETIRED', note: 'x' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('DEVICE_STATUS_INVALID');
      expect((await head.post(`/api/v1/resources/devices/${padB}/issue`, { staffId: officer1 })).json().code).toBe('DEVICE_NOT_AVAILABLE');
      const figures = (await exec.get(`/api/v1/resources/devices/figures`)).json();
      expect(figures.items.find((b: { branchId: number }) => b.branchId === gl)).toMatchObject({
        total: 1,
        issued: 1,
        inStock: 0,
        retired: 1,
      });
    });

    it('keeps a branch head to their branch and exports the register to Excel', async () => {
      const far = await admin.post('/api/v1/resources/devices', {
        assetNo: 'PHN-101',
        serialNo: 'SN-D-1',
        model: 'nova 12',
        kind: 'PHONE',
        branchId: da,
      });
      expect(far.statusCode).toBe(201);
      const mine = (await head.get('/api/v1/resources/devices?pageSize=100')).json();
      expect(mine.items.map((d: { assetNo: string }) => d.assetNo).sort()).toEqual(['PAD-001', 'PAD-002']);
      const issue = await head.post(`/api/v1/resources/devices/${far.json().id}/issue`, { staffId: staffIds.res_off_b });
      expect(issue.statusCode).toBe(404);
      expect(issue.json().code).toBe('DEVICE_NOT_FOUND');
      const all = (await exec.get('/api/v1/resources/devices?status=IN_STOCK')).json();
      expect(all.items.map((d: { assetNo: string }) => d.assetNo)).toEqual(['PHN-101']);
      const xlsx = await exec.get('/api/v1/resources/devices?format=xlsx');
      expect(xlsx.statusCode).toBe(200);
      const rows = await readSheet(xlsx.rawPayload);
      expect(rows[0]).toEqual(['资产编号', '序列号', '型号', '类型', '状态', '机构', '领用人', '领用日期', '备注']);
      expect(rows.find((r) => r[0] === 'PAD-001')!.slice(0, 8)).toEqual([
        'PAD-001',
        'SN-A-1',
        'MatePad 11',
        '平板',
        '已领用',
        '鼓楼支行',
        '周伟',
        D2,
      ]);
      expect(rows.find((r) => r[0] === 'PAD-002')![4]).toBe('已报废');
      expect(rows).toHaveLength(4);
    });
  });
});
