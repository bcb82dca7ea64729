/**
 * An import may only be made by someone holding the permission to write what it imports: every import
 * type names its maker permission, the roles that upload such files hold it, the others are refused
 * with 403 IMPORT_MAKER_FORBIDDEN before the file is read, and each maker has someone else to check it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../demo/bank.js';
import type { HuinongApp } from '../../src/app.js';
import { permissionsOf, type Permission } from '../../src/modules/org/index.js';
import { createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

/** type → its maker permission, a demo user who may upload it, and one who holds import:create but may not. */
const MAKERS: Record<string, { permission: Permission; maker: string; refused: string }> = {
  STAFF: { permission: 'staff:write', maker: 'admin', refused: 'param1' },
  CUSTOMERS: { permission: 'customer:import', maker: 'admin', refused: 'param1' },
  CORE_DEPOSITS: { permission: 'core:import', maker: 'admin', refused: 'param1' },
  BUREAU_SUMMARY: { permission: 'bureau:import', maker: 'param1', refused: 'admin' },
  EXTERNAL_LIST: { permission: 'list:import', maker: 'param1', refused: 'admin' },
  PRE_CREDIT: { permission: 'precredit:import', maker: 'head1', refused: 'param1' },
  PROSPECTS: { permission: 'prospect:import', maker: 'head1', refused: 'param1' },
  GROUP_MEMBERS: { permission: 'group:manage', maker: 'head1', refused: 'param1' },
  DEVICES: { permission: 'resources:write', maker: 'admin', refused: 'param1' },
  ONLINE_LOANS: { permission: 'loan:migrate', maker: 'admin', refused: 'param1' },
};

describe.each(testEngines())('import makers on %s', (kind) => {
  let app: HuinongApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app?.close();
  });

  const upload = async (username: string, type: string) =>
    app.server.inject({
      method: 'POST',
      url: `/api/v1/imports?type=${type}&filename=x.csv`,
      headers: { authorization: `Bearer ${await loginAs(app.server, username)}`, 'content-type': 'text/csv' },
      payload: Buffer.from('不认识的列\r\n1\r\n', 'utf8'),
    });

  it('every import type names the permission to write what it imports, and a maker always has another person to check it', () => {
    const types = app.ctx.importTypes.list();
    expect(types.map((t) => t.type).sort()).toEqual(Object.keys(MAKERS).sort());
    for (const t of types) {
      expect(t.makerPermission, t.type).toBe(MAKERS[t.type].permission);
      const makers = DEMO_USERS.filter((u) => {
        const p = permissionsOf(u.roles);
        return p.has('import:create') && p.has(t.makerPermission!);
      });
      expect(
        makers.map((u) => u.username),
        t.type,
      ).toContain(MAKERS[t.type].maker);
      for (const m of makers) {
        const checkers = DEMO_USERS.filter((u) => u.username !== m.username && permissionsOf(u.roles).has(t.checkerPermission));
        expect(checkers.length, `${t.type}: a checker other than ${m.username}`).toBeGreaterThan(0);
      }
    }
  });

  it.each(Object.entries(MAKERS))(
    'an upload of %s by someone without its maker permission is refused with 403 IMPORT_MAKER_FORBIDDEN; its maker gets past the check',
    async (type, spec) => {
      const refused = await upload(spec.refused, type);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'IMPORT_MAKER_FORBIDDEN', details: { permission: spec.permission } });
      // the maker's upload reaches the file (here: a file of unknown columns, refused for what it holds)
      const allowed = await upload(spec.maker, type);
      expect(allowed.statusCode, allowed.body).not.toBe(403);
      expect(allowed.json().code).not.toBe('IMPORT_MAKER_FORBIDDEN');
    },
  );
});
