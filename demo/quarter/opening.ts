/**
 * The opening book at 2026-01-01: what a bank brings into Huinong when it goes live, through the same
 * import-and-review path a migration uses — the staff roster (STAFF), then (opening-book.ts) the
 * customers, their deposits and certificates, and the online loans with their credit lines.
 */
import { csv, importAndApprove } from './imports.js';
import { demoRoster } from './org.js';
import type { Sim } from './sim.js';

/** The roster beyond the demo users, imported by admin and approved by admin2. */
export async function importRoster(sim: Sim): Promise<number> {
  const roster = demoRoster(sim.seed);
  sim.at('08:40');
  await importAndApprove(sim, {
    type: 'STAFF',
    filename: '员工名单-2026-01-01.csv',
    maker: 'admin',
    checker: 'admin2',
    bytes: csv(
      ['用户名', '姓名', '机构代码', '手机号', '角色'],
      roster.map((m) => [m.username, m.name, m.branch, m.mobile, m.roles.join(',')]),
    ),
  });
  sim.count('staff.imported', roster.length);
  return roster.length;
}
