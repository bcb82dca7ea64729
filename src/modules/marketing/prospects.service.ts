/**
 * Prospects (营销客户): the list with its filters and data scope, one prospect with its contact log
 * and state timeline, the whole mobile for one-tap call (audited), assignment and reassignment,
 * contacts that move the pipeline, each officer's work list, and the lending events of the same ID
 * number (application, decision, first disbursement) that move a prospect to APPLIED, APPROVED or
 * DECLINED, and DISBURSED.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { activeStaffWithRoleLogins, displayNames } from '../access/index.js';
import { idNumberHashOfCustomer } from '../customers/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { branchNameOf, branchPathOf, isBranchInScope, scopeCondition, type Actor } from '../org/index.js';
import {
  OPEN_PROSPECT_STATUSES,
  PROSPECT_STATUSES,
  type AssignBody,
  type AssignResult,
  type ContactCreateBody,
  type ProspectContact,
  type ProspectDetail,
  type ProspectEvent,
  type ProspectItem,
  type ProspectApplicant,
  type ProspectMobile,
  type ProspectPage,
  type ProspectPipeline,
  type ProspectPipelineQuery,
  type ProspectQuery,
  type ProspectStatus,
  type WorkListPage,
} from './marketing.contract.js';

interface ProspectRow {
  id: string;
  name_masked: string;
  id_number_masked: string;
  mobile_masked: string;
  village: string | null;
  status: ProspectStatus;
  officer_id: string;
  branch_id: string;
  branch_name: string | null;
  next_step: string | null;
  next_contact_date: string | null;
  last_contact_at: string | null;
  created_date: string;
  import_batch_id: string | null;
}

const isoUtc = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const PROSPECT_SELECT = sql`SELECT p.id::text AS id, p.name_masked, p.id_number_masked, p.mobile_masked, p.village, p.status,
                                   p.officer_id::text AS officer_id, p.branch_id::text AS branch_id,
                                   ${branchNameOf(sql`p.branch_id`)} AS branch_name, p.next_step,
                                   to_char(p.next_contact_date, 'YYYY-MM-DD') AS next_contact_date,
                                   ${isoUtc(sql`p.last_contact_at`)} AS last_contact_at,
                                   to_char(p.created_date, 'YYYY-MM-DD') AS created_date, p.import_batch_id::text AS import_batch_id
                              FROM prospects p`;

function inScope(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: sql`p.branch_id`, officerId: sql`p.officer_id` });
}

async function toItems(db: Db, rows: ProspectRow[]): Promise<ProspectItem[]> {
  const names = await displayNames(db, { staffIds: rows.map((r) => Number(r.officer_id)) });
  return rows.map((r) => ({
    id: Number(r.id),
    nameMasked: r.name_masked,
    idNumberMasked: r.id_number_masked,
    mobileMasked: r.mobile_masked,
    village: r.village,
    status: r.status,
    officer: { id: Number(r.officer_id), name: names.staff.get(Number(r.officer_id)) ?? '' },
    branch: { id: Number(r.branch_id), name: r.branch_name ?? '' },
    nextStep: r.next_step,
    nextContactDate: r.next_contact_date,
    lastContactAt: r.last_contact_at,
    createdDate: r.created_date,
    importId: r.import_batch_id === null ? null : Number(r.import_batch_id),
  }));
}

function pageOf(q: { page: number; pageSize: number }) {
  const page = Math.max(1, Math.trunc(q.page));
  const pageSize = Math.min(1000, Math.max(1, Math.trunc(q.pageSize)));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** The list's conditions: the actor's scope and the filters (the pipeline counts share them). */
function prospectWhere(actor: Actor, q: ProspectPipelineQuery & { status?: ProspectStatus }): SQL {
  const conds: SQL[] = [inScope(actor)];
  if (q.status) conds.push(sql`p.status = ${q.status}`);
  if (q.officerId) conds.push(sql`p.officer_id = ${q.officerId}`);
  // the branch and its sub-branches
  if (q.branchId) conds.push(sql`${branchPathOf(sql`p.branch_id`)} LIKE ${branchPathOf(sql`${q.branchId}::bigint`)} || '%'`);
  if (q.village) conds.push(sql`p.village LIKE ${'%' + q.village.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  return sql.join(conds, sql` AND `);
}

/**
 * The pipeline: how many prospects in the actor's scope stand in each state under the list's filters
 * (every state, zero included, in pipeline order) — the funnel above the console's list.
 */
export async function prospectPipeline(db: Db, actor: Actor, q: ProspectPipelineQuery): Promise<ProspectPipeline> {
  const rows = await queryRows<{ status: ProspectStatus; n: string }>(
    db,
    sql`SELECT p.status, count(*)::text AS n FROM prospects p WHERE ${prospectWhere(actor, q)} GROUP BY p.status`,
  );
  const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
  const states = PROSPECT_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
  return { states, total: states.reduce((a, s) => a + s.count, 0) };
}

/** The prospects in the actor's scope under the filters, newest first. */
export async function listProspects(db: Db, actor: Actor, q: ProspectQuery): Promise<ProspectPage> {
  const { page, pageSize, offset } = pageOf(q);
  const where = prospectWhere(actor, q);
  const count = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM prospects p WHERE ${where}`);
  const rows = await queryRows<ProspectRow>(
    db,
    sql`${PROSPECT_SELECT} WHERE ${where} ORDER BY p.id DESC LIMIT ${pageSize} OFFSET ${offset}`,
  );
  return { items: await toItems(db, rows), total: Number(count?.n ?? 0), page, pageSize };
}

async function prospectInScope(db: Db, actor: Actor, id: number, lock = false): Promise<ProspectRow> {
  const row = await queryOne<ProspectRow>(
    db,
    sql`${PROSPECT_SELECT} WHERE p.id = ${id} AND ${inScope(actor)} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  if (!row) throw new AppError('PROSPECT_NOT_FOUND');
  return row;
}

/** One prospect with its further details, contact log and state timeline. */
export async function getProspect(db: Db, actor: Actor, id: number): Promise<ProspectDetail> {
  const row = await prospectInScope(db, actor, id);
  const [item] = await toItems(db, [row]);
  const extra = await queryOne<{ extra: Record<string, string> }>(db, sql`SELECT extra FROM prospects WHERE id = ${id}`);
  const contacts = await queryRows<{
    id: string;
    channel: ProspectContact['channel'];
    outcome: ProspectContact['outcome'];
    note: string | null;
    next_step: string | null;
    next_contact_date: string | null;
    staff_id: string;
    contact_date: string;
    created_at: string;
  }>(
    db,
    sql`SELECT id::text AS id, channel, outcome, note, next_step, to_char(next_contact_date, 'YYYY-MM-DD') AS next_contact_date,
               staff_id::text AS staff_id, to_char(contact_date, 'YYYY-MM-DD') AS contact_date, ${isoUtc(sql`created_at`)} AS created_at
          FROM prospect_contacts c WHERE c.prospect_id = ${id} ORDER BY c.id DESC`,
  );
  const events = await queryRows<{
    id: string;
    kind: ProspectEvent['kind'];
    from_status: ProspectStatus | null;
    to_status: ProspectStatus | null;
    officer_id: string | null;
    staff_id: string | null;
    note: string | null;
    event_date: string;
    created_at: string;
  }>(
    db,
    sql`SELECT id::text AS id, kind, from_status, to_status, officer_id::text AS officer_id, staff_id::text AS staff_id, note,
               to_char(event_date, 'YYYY-MM-DD') AS event_date, ${isoUtc(sql`created_at`)} AS created_at
          FROM prospect_events e WHERE e.prospect_id = ${id} ORDER BY e.id`,
  );
  const names = await displayNames(db, { staffIds: contacts.map((c) => Number(c.staff_id)) });
  return {
    ...item,
    extra: extra?.extra ?? {},
    contacts: contacts.map((c) => ({
      id: Number(c.id),
      channel: c.channel,
      outcome: c.outcome,
      note: c.note,
      nextStep: c.next_step,
      nextContactDate: c.next_contact_date,
      staff: { id: Number(c.staff_id), name: names.staff.get(Number(c.staff_id)) ?? '' },
      contactDate: c.contact_date,
      createdAt: c.created_at,
    })),
    events: events.map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      officerId: e.officer_id === null ? null : Number(e.officer_id),
      staffId: e.staff_id === null ? null : Number(e.staff_id),
      note: e.note,
      eventDate: e.event_date,
      createdAt: e.created_at,
    })),
  };
}

/** The whole mobile of a prospect in scope, for one-tap call: pii:unmask holders only, every view audited. */
export async function prospectMobile(app: AppContext, cmd: CommandContext, id: number): Promise<ProspectMobile> {
  const actor = requireStaff(cmd);
  if (!actor.permissions.has('pii:unmask')) throw new AppError('FORBIDDEN', { permission: 'pii:unmask' });
  return withTx(app.db, async (tx) => {
    await prospectInScope(tx, actor, id);
    const row = await queryOne<{ mobile_enc: string }>(tx, sql`SELECT mobile_enc FROM prospects WHERE id = ${id}`);
    await auditCommand(tx, cmd, 'pii.unmask', { type: 'prospect', id: String(id) }, { fields: ['mobile'] });
    return { mobile: app.crypto.decrypt(row!.mobile_enc) };
  });
}

/**
 * The prospect's name, ID number and mobile in clear, for an officer-assisted application on the spot:
 * pii:unmask and application:create holders, the prospect in scope; every view audited (pii.unmask).
 */
export async function prospectApplicant(app: AppContext, cmd: CommandContext, id: number): Promise<ProspectApplicant> {
  const actor = requireStaff(cmd);
  for (const permission of ['pii:unmask', 'application:create'] as const) {
    if (!actor.permissions.has(permission)) throw new AppError('FORBIDDEN', { permission });
  }
  return withTx(app.db, async (tx) => {
    await prospectInScope(tx, actor, id);
    const row = await queryOne<{ name_enc: string; id_number_enc: string; mobile_enc: string }>(
      tx,
      sql`SELECT name_enc, id_number_enc, mobile_enc FROM prospects WHERE id = ${id}`,
    );
    await auditCommand(
      tx,
      cmd,
      'pii.unmask',
      { type: 'prospect', id: String(id) },
      { fields: ['name', 'idNumber', 'mobile'], purpose: 'application' },
    );
    return {
      prospectId: id,
      name: app.crypto.decrypt(row!.name_enc),
      idNumber: app.crypto.decrypt(row!.id_number_enc),
      mobile: app.crypto.decrypt(row!.mobile_enc),
    };
  });
}

function requireStaff(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

/**
 * The contact log: a contact by the prospect's officer (or anyone in scope with prospect:contact) with
 * its outcome, next step and date. A first contact moves NEW → CONTACTED; an interested outcome moves
 * NEW/CONTACTED → INTERESTED, a refusal moves an open prospect to NOT_INTERESTED; states set by
 * lending events are not moved by contacts.
 */
export async function logContact(app: AppContext, cmd: CommandContext, id: number, body: ContactCreateBody): Promise<ProspectDetail> {
  const actor = requireStaff(cmd);
  return withTx(app.db, async (tx) => {
    const p = await prospectInScope(tx, actor, id, true);
    const businessDate = await getBusinessDate(tx);
    if (body.nextContactDate && body.nextContactDate < businessDate) {
      throw new AppError('VALIDATION_FAILED', { field: 'nextContactDate', message: 'the next contact date is before today' });
    }
    const open = (OPEN_PROSPECT_STATUSES as readonly string[]).includes(p.status);
    let to: ProspectStatus = p.status;
    if (open) {
      if (body.outcome === 'INTERESTED') to = 'INTERESTED';
      else if (body.outcome === 'NOT_INTERESTED') to = 'NOT_INTERESTED';
      else if (p.status === 'NEW') to = 'CONTACTED';
    }
    await tx.execute(
      sql`INSERT INTO prospect_contacts (prospect_id, channel, outcome, note, next_step, next_contact_date, staff_id, contact_date, created_at)
          VALUES (${id}, ${body.channel}, ${body.outcome}, ${body.note || null}, ${body.nextStep || null}, ${body.nextContactDate ?? null},
                  ${actor.staffId}, ${businessDate}::date, ${nowParam()})`,
    );
    const closes = to === 'NOT_INTERESTED';
    await tx.execute(
      sql`UPDATE prospects SET status = ${to}, last_contact_at = ${nowParam()}, updated_at = ${nowParam()},
                 next_step = ${closes ? null : body.nextStep || null}, next_contact_date = ${closes ? null : (body.nextContactDate ?? null)}
           WHERE id = ${id}`,
    );
    await tx.execute(
      sql`INSERT INTO prospect_events (prospect_id, kind, from_status, to_status, officer_id, staff_id, note, event_date, created_at)
          VALUES (${id}, 'CONTACTED', ${p.status}, ${to}, ${Number(p.officer_id)}, ${actor.staffId}, ${body.channel}, ${businessDate}::date, ${nowParam()})`,
    );
    await auditCommand(
      tx,
      cmd,
      'prospect.contact',
      { type: 'prospect', id: String(id) },
      {
        channel: body.channel,
        outcome: body.outcome,
        from: p.status,
        to,
        nextContactDate: body.nextContactDate ?? null,
      },
    );
    return getProspect(tx, actor, id);
  });
}

/**
 * Assignment and reassignment: the named prospects, or the open ones of a branch and/or village, in the
 * actor's scope, spread over active loan officers in scope — round robin in prospect id order, or by
 * load (each next prospect to the officer with the fewest open prospects, ties to the lower id).
 * Set-based: one UPDATE from a computed mapping, one event per moved prospect, one audit record.
 */
export async function assignProspects(app: AppContext, cmd: CommandContext, body: AssignBody): Promise<AssignResult> {
  const actor = requireStaff(cmd);
  return withTx(app.db, async (tx) => {
    const officers = await activeStaffWithRoleLogins(tx, 'loan_officer');
    const chosen = [...new Set(body.officerIds)].map((oid) => officers.find((o) => o.id === oid));
    for (const o of chosen) {
      if (!o || !(await isBranchInScope(tx, actor, o.branchId)))
        throw new AppError('PROSPECT_OFFICER_INVALID', { officerIds: body.officerIds });
    }
    const team = chosen as NonNullable<(typeof chosen)[number]>[];
    const conds: SQL[] = [inScope(actor)];
    if (body.prospectIds) conds.push(sql`p.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(body.prospectIds)}::jsonb)::bigint)`);
    else conds.push(sql`p.status IN ('NEW', 'CONTACTED', 'INTERESTED')`);
    if (body.branchId) conds.push(sql`p.branch_id = ${body.branchId}`);
    if (body.village) conds.push(sql`p.village = ${body.village}`);
    const targets = await queryRows<{ id: string; officer_id: string }>(
      tx,
      sql`SELECT p.id::text AS id, p.officer_id::text AS officer_id FROM prospects p WHERE ${sql.join(conds, sql` AND `)} ORDER BY p.id`,
    );
    if (targets.length === 0) throw new AppError('PROSPECT_ASSIGN_EMPTY');
    if (body.prospectIds && targets.length !== new Set(body.prospectIds).size)
      throw new AppError('PROSPECT_NOT_FOUND', { found: targets.length });

    const mapping =
      body.rule === 'BY_LOAD'
        ? await byLoad(tx, team, targets)
        : targets.map((t, i) => ({ id: Number(t.id), officerId: team[i % team.length].id }));
    const branchOf = new Map(team.map((o) => [o.id, o.branchId]));
    const rows = mapping.map((m) => ({ p: m.id, o: m.officerId, b: branchOf.get(m.officerId) }));
    const businessDate = await getBusinessDate(tx);
    const note = body.note || (body.rule === 'BY_LOAD' ? '按存量均衡分配' : '轮询分配');
    // the timeline first, while the rows still name their former officer
    await tx.execute(
      sql`INSERT INTO prospect_events (prospect_id, kind, from_status, to_status, officer_id, staff_id, note, event_date, created_at)
          SELECT p.id, 'ASSIGNED', p.status, p.status, (x->>'o')::bigint, ${actor.staffId}, ${note}, ${businessDate}::date, ${nowParam()}
            FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) AS x JOIN prospects p ON p.id = (x->>'p')::bigint
           WHERE p.officer_id <> (x->>'o')::bigint`,
    );
    await tx.execute(
      sql`UPDATE prospects p SET officer_id = (x->>'o')::bigint, branch_id = (x->>'b')::bigint, updated_at = ${nowParam()}
            FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) AS x
           WHERE p.id = (x->>'p')::bigint AND p.officer_id <> (x->>'o')::bigint`,
    );
    const counts = new Map<number, number>();
    for (const m of mapping) counts.set(m.officerId, (counts.get(m.officerId) ?? 0) + 1);
    const byOfficer = team.map((o) => ({ officerId: o.id, assigned: counts.get(o.id) ?? 0 }));
    await auditCommand(
      tx,
      cmd,
      'prospect.assign',
      { type: 'prospect', id: body.prospectIds?.length === 1 ? String(body.prospectIds[0]) : 'batch' },
      {
        rule: body.rule,
        prospects: mapping.length,
        byOfficer,
        branchId: body.branchId ?? null,
        village: body.village ?? null,
      },
    );
    return { assigned: mapping.length, byOfficer };
  });
}

/** By load: each prospect to the officer with the fewest open prospects so far (not counting those being moved). */
async function byLoad(
  tx: Tx,
  team: Array<{ id: number }>,
  targets: Array<{ id: string }>,
): Promise<Array<{ id: number; officerId: number }>> {
  const moving = JSON.stringify(targets.map((t) => Number(t.id)));
  const loads = await queryRows<{ officer_id: string; n: string }>(
    tx,
    sql`SELECT officer_id::text AS officer_id, count(*)::text AS n FROM prospects
         WHERE officer_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(team.map((o) => o.id))}::jsonb)::bigint)
           AND status IN ('NEW', 'CONTACTED', 'INTERESTED')
           AND id NOT IN (SELECT jsonb_array_elements_text(${moving}::jsonb)::bigint)
         GROUP BY officer_id`,
  );
  const load = new Map(team.map((o) => [o.id, 0]));
  for (const l of loads) load.set(Number(l.officer_id), Number(l.n));
  return targets.map((t) => {
    let best = team[0].id;
    for (const o of team) if ((load.get(o.id) ?? 0) < (load.get(best) ?? 0)) best = o.id;
    load.set(best, (load.get(best) ?? 0) + 1);
    return { id: Number(t.id), officerId: best };
  });
}

/**
 * An officer's work list for the business date: their open prospects that are new or whose next
 * contact date has come — those overdue first (by date), then the new ones (oldest first).
 */
export async function workList(db: Db, actor: Actor, q: { page: number; pageSize: number; officerId?: number }): Promise<WorkListPage> {
  const { page, pageSize, offset } = pageOf(q);
  const officerId = q.officerId ?? actor.staffId;
  const businessDate = await getBusinessDate(db);
  const where = sql`${inScope(actor)} AND p.officer_id = ${officerId}
                    AND (p.status = 'NEW' OR (p.status IN ('CONTACTED', 'INTERESTED') AND p.next_contact_date <= ${businessDate}::date))`;
  const count = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM prospects p WHERE ${where}`);
  const rows = await queryRows<ProspectRow>(
    db,
    sql`${PROSPECT_SELECT} WHERE ${where}
        ORDER BY p.next_contact_date ASC NULLS LAST, p.id ASC LIMIT ${pageSize} OFFSET ${offset}`,
  );
  return { items: await toItems(db, rows), total: Number(count?.n ?? 0), page, pageSize, businessDate };
}

// ---------------------------------------------------------------------------------------------
// lending events of the same ID number

/** The pipeline order of the lending states: an event never moves a prospect back. */
const LENDING_RANK: Record<ProspectStatus, number> = {
  NEW: 0,
  CONTACTED: 0,
  INTERESTED: 0,
  NOT_INTERESTED: 0,
  APPLIED: 1,
  APPROVED: 2,
  DECLINED: 2,
  DISBURSED: 3,
};

/**
 * An application of a customer (called by origination where it records the application or its decision,
 * in its transaction): the prospect with the same ID number, if any, moves to APPLIED, and on a decision
 * to APPROVED or DECLINED, each step a timeline event. Never backwards; a new application after a
 * decline moves it to APPLIED again.
 */
export async function prospectOnApplication(tx: Tx, customerId: number, applicationStatus: string, applicationId: number): Promise<void> {
  const p = await prospectOfCustomer(tx, customerId);
  if (!p) return;
  let status = p.status;
  if (LENDING_RANK[status] < 1 || (status === 'DECLINED' && applicationStatus !== 'DECLINED')) {
    status = await advance(tx, p, status, 'APPLIED', 'APPLICATION', `申请 ${applicationId}`);
  }
  if ((applicationStatus === 'APPROVED' || applicationStatus === 'DECLINED') && LENDING_RANK[status] < 2) {
    await advance(tx, p, status, applicationStatus, 'DECISION', `申请 ${applicationId}`);
  }
}

/** A customer's disbursement (called by origination where it records the drawdown): their prospect moves to DISBURSED. */
export async function prospectOnDisbursement(tx: Tx, customerId: number, loanId: number): Promise<void> {
  const p = await prospectOfCustomer(tx, customerId);
  if (!p || p.status === 'DISBURSED') return;
  await advance(tx, p, p.status, 'DISBURSED', 'DISBURSEMENT', `贷款 ${loanId}`);
}

/** The prospect with the customer's ID number: two look-ups, each on one shard (identities by hash, prospects by id). */
async function prospectOfCustomer(tx: Tx, customerId: number): Promise<{ id: number; status: ProspectStatus; officerId: number } | null> {
  const hash = await idNumberHashOfCustomer(tx, customerId);
  if (!hash) return null;
  const identity = await queryOne<{ prospect_id: string }>(
    tx,
    sql`SELECT prospect_id::text AS prospect_id FROM prospect_identities WHERE id_number_hash = ${hash}`,
  );
  if (!identity) return null;
  const found = await queryOne<{ id: string; status: ProspectStatus; officer_id: string }>(
    tx,
    sql`SELECT id::text AS id, status, officer_id::text AS officer_id FROM prospects WHERE id = ${Number(identity.prospect_id)} FOR UPDATE`,
  );
  return found ? { id: Number(found.id), status: found.status, officerId: Number(found.officer_id) } : null;
}

async function advance(
  tx: Tx,
  p: { id: number; officerId: number },
  from: ProspectStatus,
  to: ProspectStatus,
  kind: 'APPLICATION' | 'DECISION' | 'DISBURSEMENT',
  note: string,
): Promise<ProspectStatus> {
  const businessDate = await getBusinessDate(tx);
  await tx.execute(sql`UPDATE prospects SET status = ${to}, next_contact_date = NULL, updated_at = ${nowParam()} WHERE id = ${p.id}`);
  await tx.execute(
    sql`INSERT INTO prospect_events (prospect_id, kind, from_status, to_status, officer_id, note, event_date, created_at)
        VALUES (${p.id}, ${kind}, ${from}, ${to}, ${p.officerId}, ${note}, ${businessDate}::date, ${nowParam()})`,
  );
  return to;
}
