/**
 * The pending review queue in numbers (GET /api/v1/review/summary, the dashboards' figure) on every
 * engine: a parameter change one parameter manager submits is pending for everyone with bank scope,
 * waiting on its maker and checkable by the other parameter manager only; the numbers equal what the
 * list says request by request (canCheck), per change type; an approval takes it off; a role without
 * review:read is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;

interface Summary {
  pending: number;
  checkable: number;
  mineWaiting: number;
  byType: { type: string; typeName: string; pending: number; checkable: number }[];
}

describe.each(testEngines())('the review queue summary on %s', (kind) => {
  let app: HuinongApp;
  let param1: Client;
  let param2: Client;
  let approver: Client;
  let requestId = 0;

  const summary = async (c: Client): Promise<Summary> => {
    const res = await c.get('/api/v1/review/summary');
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** What the list says: pending requests visible, and those the viewer may check, counted request by request. */
  const fromList = async (c: Client) => {
    const res = await c.get('/api/v1/review/requests?status=PENDING&pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { type: string; canCheck: boolean; maker: { username: string } }[];
    return { pending: res.json().total as number, checkable: items.filter((r) => r.canCheck).length, items };
  };

  beforeAll(async () => {
    app = await createTestApp(kind);
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    const D = await getBusinessDate(app.ctx.db);
    const sub = await param1.post('/api/v1/lobby/params/changes', { effectiveFrom: D, daysAhead: 45, taskExpiryDays: 45 });
    expect(sub.statusCode, sub.body).toBe(202);
    requestId = sub.json().reviewRequestId;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('counts a pending change as waiting on its maker and checkable by the other parameter manager, not by its maker nor the approver', async () => {
    const mine = await summary(param1);
    const other = await summary(param2);
    const appr = await summary(approver);
    const lobbyRow = (s: Summary) => s.byType.find((r) => r.type === 'LOBBY_PARAMS');
    expect(lobbyRow(mine)).toMatchObject({ pending: 1, checkable: 0 });
    expect(lobbyRow(mine)!.typeName).toMatch(/厅堂/);
    expect(mine.mineWaiting).toBe(1);
    expect(lobbyRow(other)).toMatchObject({ pending: 1, checkable: 1 });
    expect(other.mineWaiting).toBe(0);
    expect(lobbyRow(appr)).toMatchObject({ pending: 1, checkable: 0 });
  });

  it('gives the same numbers the list gives request by request, in total and per change type', async () => {
    for (const c of [param1, param2, approver]) {
      const s = await summary(c);
      const l = await fromList(c);
      expect(s.pending).toBe(l.pending);
      expect(s.checkable).toBe(l.checkable);
      expect(s.byType.reduce((a, r) => a + r.pending, 0)).toBe(s.pending);
      for (const row of s.byType) {
        expect(row.pending).toBe(l.items.filter((i) => i.type === row.type).length);
        expect(row.checkable).toBe(l.items.filter((i) => i.type === row.type && i.canCheck).length);
      }
    }
  });

  it('takes an approved change off the queue', async () => {
    const before = await summary(param2);
    const ok = await param2.post(`/api/v1/review/requests/${requestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await summary(param2);
    expect(after.pending).toBe(before.pending - 1);
    expect(after.checkable).toBe(before.checkable - 1);
    expect(after.byType.find((r) => r.type === 'LOBBY_PARAMS')).toBeUndefined();
    expect((await summary(param1)).mineWaiting).toBe(0);
  });

  it('refuses a role without review:read', async () => {
    const lobby = client(app.server, await loginAs(app.server, 'lobby1'));
    expect((await lobby.get('/api/v1/review/summary')).statusCode).toBe(403);
  });
});
