/**
 * The prospect pipeline counts (GET /api/v1/marketing/prospects/pipeline, the funnel above the console's
 * 客户清单) on every engine: every state counted, zero included, in pipeline order; under the list's data
 * scope (a branch head's subtree, an officer's own prospects, nothing of another branch) and its
 * filters (officer, village); and moved by contacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { createStaffDirect } from '../../src/modules/access/index.js';
import { PROSPECT_STATUSES } from '../../src/modules/marketing/marketing.contract.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;
type Pipeline = { states: Array<{ status: string; count: number }>; total: number };

function multipart(filename: string, bytes: Buffer): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----huinongPipeline3c9';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const countsOf = (p: Pipeline) => Object.fromEntries(p.states.map((s) => [s.status, s.count]));

describe.each(testEngines())('prospect pipeline counts on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let officer: Client;
  let otherHead: Client;
  let officer9Id: number;

  async function pipeline(c: Client, query = ''): Promise<Pipeline> {
    const res = await c.get(`/api/v1/marketing/prospects/pipeline${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer9Id = await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
      username: 'officer9',
      name: '冯九',
      branchCode: 'YZ-GL',
      mobile: '13805377901',
      roles: ['loan_officer'],
      password: DEMO_PASSWORD,
    });
    await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
      username: 'head9',
      name: '褚九',
      branchCode: 'YZ-YYB',
      mobile: '13805377902',
      roles: ['branch_head'],
      password: DEMO_PASSWORD,
    });
    const headToken = await loginAs(app.server, 'head1');
    head = client(app.server, headToken);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    otherHead = client(app.server, await loginAs(app.server, 'head9'));
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    const csv = [
      '姓名,身份证号,手机号,客户经理,村/社区',
      `张一,${makeIdNumber('37081219850101101')},13805374001,officer1,大屯村`,
      `李二,${makeIdNumber('37081219860202102')},13805374002,officer1,大屯村`,
      `王三,${makeIdNumber('37081219870303103')},13805374003,officer1,龙桥社区`,
      `赵四,${makeIdNumber('37081219880404104')},13805374004,officer9,龙桥社区`,
    ].join('\r\n');
    const { body, headers } = multipart('清单.csv', Buffer.from(csv, 'utf8'));
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/v1/marketing/prospect-imports',
      payload: body,
      headers: { ...headers, authorization: `Bearer ${headToken}` },
    });
    expect(up.statusCode, up.body).toBe(201);
    const ok = await exec.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, { comment: '同意导入' });
    expect(ok.statusCode, ok.body).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('counts every state in pipeline order, zero included, within the data scope', async () => {
    const all = await pipeline(head);
    expect(all.states.map((s) => s.status)).toEqual([...PROSPECT_STATUSES]);
    expect(all.total).toBe(4);
    expect(countsOf(all)).toMatchObject({ NEW: 4, CONTACTED: 0, INTERESTED: 0, DISBURSED: 0 });
    // an officer counts only their own prospects; another branch's head none of these
    expect((await pipeline(officer)).total).toBe(3);
    expect((await pipeline(otherHead)).total).toBe(0);
    // the list's filters
    expect((await pipeline(head, `?officerId=${officer9Id}`)).total).toBe(1);
    expect((await pipeline(head, `?village=${encodeURIComponent('龙桥')}`)).total).toBe(2);
    expect((await head.get('/api/v1/marketing/prospects/pipeline?officerId=abc')).statusCode).toBe(400);
  });

  it('moves with the contacts an officer logs', async () => {
    const mine = (await officer.get(`/api/v1/marketing/prospects?village=${encodeURIComponent('大屯')}`)).json().items as Array<{
      id: number;
    }>;
    expect(mine).toHaveLength(2);
    const c1 = await officer.post(`/api/v1/marketing/prospects/${mine[0].id}/contacts`, { channel: 'PHONE' });
    expect(c1.statusCode, c1.body).toBe(201);
    const c2 = await officer.post(`/api/v1/marketing/prospects/${mine[1].id}/contacts`, { channel: 'VISIT', outcome: 'INTERESTED' });
    expect(c2.statusCode, c2.body).toBe(201);
    const after = await pipeline(head);
    expect(after.total).toBe(4);
    expect(countsOf(after)).toMatchObject({ NEW: 2, CONTACTED: 1, INTERESTED: 1 });
    // the counts agree with the list under the same filter
    const contacted = (await head.get('/api/v1/marketing/prospects?status=CONTACTED')).json().total;
    expect(contacted).toBe(1);
  });
});
