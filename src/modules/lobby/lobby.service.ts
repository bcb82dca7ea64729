/**
 * Lobby staff at work (厅堂营销, issue 14 §6; docs/marketing.md "Maturing CDs and lobby staff"): the tasks
 * the end-of-day step LOBBY made from maturing certificates and offline loans, listed in the actor's
 * scope (lobby staff and branch heads: their branch; an officer: the renewal tasks of their borrowers),
 * their outcome recorded, their conversion read from the loans (a 质押e贷 disbursed to a certificate's
 * holder, any loan to an offline borrower, on or after the task's day); the leads lobby staff hand to a
 * field officer of their branch (内外勤联动), converted when the person's loan is disbursed on or after
 * the handover — both the lobby staff member and the officer are credited. Credits are computed from the
 * lead (or task) and the loan, never stored: a loan reversed or a lead's person found later by ID number
 * shows at once. Figures per branch and per staff member.
 */
import { sql } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { compareDates, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { parseIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import { parseMobile } from '../../kernel/mobile.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { activeStaffWithRole, displayNames } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { customerIdsByIdNumberHash, getCustomer, maskedNames } from '../customers/index.js';
import { loansOfCustomers, type CustomerLoan } from '../loans/index.js';
import { isBranchInScope, scopeCondition, type Actor } from '../org/index.js';
import { listProducts } from '../products/index.js';
import type {
  LobbyFiguresItem,
  LobbyFiguresQuery,
  LobbyLeadBody,
  LobbyLeadItem,
  LobbyOfficers,
  LobbyOutcome,
  LobbyOutcomeBody,
  LobbyTaskItem,
  LobbyTaskKind,
  LobbyTaskQuery,
  LobbyTaskStatus,
} from './lobby.contract.js';

const OFFICER_ROLE = 'loan_officer';

function requireStaff(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

function page<T>(all: T[], q: { page: number; pageSize: number }): { items: T[]; total: number; page: number; pageSize: number } {
  const p = Math.max(1, Math.trunc(q.page));
  const size = Math.min(1000, Math.max(1, Math.trunc(q.pageSize)));
  return { items: all.slice((p - 1) * size, p * size), total: all.length, page: p, pageSize: size };
}

// ---------- tasks ----------

interface TaskRow {
  customer_id: string;
  id: string;
  kind: LobbyTaskKind;
  source_ref: string;
  branch_id: string;
  staff_id: string | null;
  principal_fen: string;
  maturity_date: string;
  business_date: string;
  expires_on: string;
  outcome: LobbyOutcome | null;
  outcome_note: string | null;
  outcome_by: string | null;
  outcome_at: string | null;
  outbox_id: string | null;
}

const TASK_COLUMNS = sql`t.customer_id::text AS customer_id, t.id::text AS id, t.kind, t.source_ref, t.branch_id::text AS branch_id,
  t.staff_id::text AS staff_id, t.principal_fen::text AS principal_fen, to_char(t.maturity_date, 'YYYY-MM-DD') AS maturity_date,
  to_char(t.business_date, 'YYYY-MM-DD') AS business_date, to_char(t.expires_on, 'YYYY-MM-DD') AS expires_on, t.outcome,
  t.outcome_note, t.outcome_by::text AS outcome_by,
  to_char(t.outcome_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS outcome_at, t.outbox_id::text AS outbox_id`;

const taskScope = (actor: Actor) => scopeCondition(actor, { branchId: sql`t.branch_id`, officerId: sql`t.staff_id` });

/** The loan that converts a task: a pledge-product loan (CD) or any loan (offline renewal) started on or after the task's day. */
function conversionOf(task: { kind: LobbyTaskKind; businessDate: string }, loans: CustomerLoan[], pledgeCodes: ReadonlySet<string>) {
  return (
    loans.find(
      (l) => compareDates(l.startDate, task.businessDate) >= 0 && (task.kind === 'OFFLINE_RENEWAL' || pledgeCodes.has(l.productCode)),
    ) ?? null
  );
}

async function pledgeProductCodes(db: Db, D: IsoDate): Promise<Set<string>> {
  return new Set((await listProducts(db, D)).filter((p) => p.kind === 'PLEDGE').map((p) => p.code));
}

/** The tasks of the rows with their conversion, status and display names. */
async function taskItems(db: Db, rows: TaskRow[]): Promise<LobbyTaskItem[]> {
  if (rows.length === 0) return [];
  const D = await getBusinessDate(db);
  const pledge = await pledgeProductCodes(db, D);
  const customerIds = rows.map((r) => Number(r.customer_id));
  const loansBy = new Map<number, CustomerLoan[]>();
  for (const l of await loansOfCustomers(db, customerIds)) loansBy.set(l.customerId, [...(loansBy.get(l.customerId) ?? []), l]);
  const names = await maskedNames(db, customerIds);
  const display = await displayNames(db, {
    branchIds: rows.map((r) => Number(r.branch_id)),
    staffIds: rows.flatMap((r) => [r.staff_id, r.outcome_by].map((v) => (v === null ? null : Number(v)))),
  });
  const staff = (id: string | null) => (id === null ? null : { id: Number(id), name: display.staff.get(Number(id)) ?? `#${id}` });
  return rows.map((r) => {
    const conv = conversionOf({ kind: r.kind, businessDate: r.business_date }, loansBy.get(Number(r.customer_id)) ?? [], pledge);
    const status: LobbyTaskStatus = conv ? 'CONVERTED' : r.outcome ? 'CONTACTED' : compareDates(D, r.expires_on) > 0 ? 'EXPIRED' : 'OPEN';
    return {
      id: Number(r.id),
      kind: r.kind,
      customerId: Number(r.customer_id),
      customerNameMasked: names.get(Number(r.customer_id)) ?? '',
      sourceRef: r.source_ref,
      branch: { id: Number(r.branch_id), name: display.branches.get(Number(r.branch_id)) ?? `#${r.branch_id}` },
      staff: staff(r.staff_id),
      principal: formatYuan(BigInt(r.principal_fen)),
      maturityDate: r.maturity_date,
      businessDate: r.business_date,
      expiresOn: r.expires_on,
      status,
      outcome: r.outcome,
      outcomeNote: r.outcome_note,
      outcomeBy: staff(r.outcome_by),
      outcomeAt: r.outcome_at,
      convertedLoanId: conv?.loanId ?? null,
      convertedAmount: conv ? formatYuan(conv.principalFen) : null,
      invitationSmsId: r.outbox_id === null ? null : Number(r.outbox_id),
    };
  });
}

/** The tasks in the actor's scope (filters kind, status), maturity first. Status is computed (conversion from the loans), so the page is cut after it. */
export async function listTasks(db: Db, actor: Actor, q: Omit<LobbyTaskQuery, 'format'>) {
  const rows = await queryRows<TaskRow>(
    db,
    sql`SELECT ${TASK_COLUMNS} FROM lobby_tasks t
         WHERE ${taskScope(actor)} ${q.kind ? sql`AND t.kind = ${q.kind}` : sql``}
         ORDER BY t.maturity_date, t.id`,
  );
  const items = (await taskItems(db, rows)).filter((i) => !q.status || i.status === q.status);
  return page(items, q);
}

/** Records (or corrects) the outcome of a task in the actor's scope; refused once the task expired without one. */
export async function recordOutcome(ctx: AppContext, cmd: CommandContext, taskId: number, body: LobbyOutcomeBody): Promise<LobbyTaskItem> {
  const actor = requireStaff(cmd);
  const D = await getBusinessDate(ctx.db);
  const row = await withTx(ctx.db, async (tx) => {
    const found = await queryOne<TaskRow>(
      tx,
      sql`SELECT ${TASK_COLUMNS} FROM lobby_tasks t WHERE t.id = ${taskId} AND ${taskScope(actor)}`,
    );
    if (!found) throw new AppError('LOBBY_TASK_NOT_FOUND');
    if (found.outcome === null && compareDates(D, found.expires_on) > 0) throw new AppError('LOBBY_TASK_CLOSED');
    const note = body.note?.trim() || null;
    await tx.execute(
      sql`UPDATE lobby_tasks SET outcome = ${body.outcome}, outcome_note = ${note}, outcome_by = ${actor.staffId}, outcome_at = ${nowParam()}
           WHERE customer_id = ${Number(found.customer_id)} AND id = ${taskId}`,
    );
    // read back apart: Citus allows no STABLE function (to_char) in a RETURNING clause
    const updated = await queryOne<TaskRow>(
      tx,
      sql`SELECT ${TASK_COLUMNS} FROM lobby_tasks t WHERE t.customer_id = ${Number(found.customer_id)} AND t.id = ${taskId}`,
    );
    await auditCommand(
      tx,
      cmd,
      'lobby-task.outcome',
      { type: 'customer', id: found.customer_id },
      { taskId, kind: found.kind, sourceRef: found.source_ref, outcome: body.outcome, note, previous: found.outcome },
    );
    return updated!;
  });
  return (await taskItems(ctx.db, [row]))[0];
}

// ---------- leads ----------

interface LeadRow {
  id: string;
  branch_id: string;
  lobby_staff_id: string;
  officer_id: string;
  customer_id: string | null;
  name_masked: string;
  id_number_hash: string;
  id_number_masked: string;
  mobile_masked: string;
  need: string;
  business_date: string;
  created_at: string;
}

const LEAD_COLUMNS = sql`l.id::text AS id, l.branch_id::text AS branch_id, l.lobby_staff_id::text AS lobby_staff_id,
  l.officer_id::text AS officer_id, l.customer_id::text AS customer_id, l.name_masked, l.id_number_hash, l.id_number_masked,
  l.mobile_masked, l.need, to_char(l.business_date, 'YYYY-MM-DD') AS business_date,
  to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

/** The officers a lobby staff member may hand a lead to: the active loan officers of their branch. */
export async function branchOfficers(db: Db, actor: Actor): Promise<LobbyOfficers> {
  const all = await activeStaffWithRole(db, OFFICER_ROLE);
  return { items: all.filter((s) => s.branchId === actor.branchId).map((s) => ({ id: s.id, name: s.name })) };
}

/** Hands a person (a visible customer, or a walk-in by name, ID number and mobile) and their need to an officer of the actor's branch. */
export async function createLead(ctx: AppContext, cmd: CommandContext, body: LobbyLeadBody): Promise<LobbyLeadItem> {
  const actor = requireStaff(cmd);
  const officers = await branchOfficers(ctx.db, actor);
  if (!officers.items.some((o) => o.id === body.officerId)) throw new AppError('LOBBY_OFFICER_INVALID');
  const D = await getBusinessDate(ctx.db);
  const row = await withTx(ctx.db, async (tx) => {
    let person: { name: string; idNumber: string; mobile: string; customerId: number | null };
    if ('customerId' in body) {
      const c = await getCustomer(tx, ctx.crypto, body.customerId);
      if (!(await isBranchInScope(tx, actor, c.branchId))) throw new AppError('CUSTOMER_NOT_FOUND');
      person = { name: c.name, idNumber: c.idNumber, mobile: c.mobile, customerId: c.id };
    } else {
      const idNumber = parseIdNumber(body.idNumber).idNumber;
      const known = await customerIdsByIdNumberHash(tx, [ctx.crypto.lookupHash(idNumber)]);
      person = { name: body.name, idNumber, mobile: parseMobile(body.mobile), customerId: known.values().next().value ?? null };
    }
    const created = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO lobby_leads (branch_id, lobby_staff_id, officer_id, customer_id, name_enc, name_masked, id_number_enc, id_number_hash,
                                   id_number_masked, mobile_enc, mobile_masked, need, business_date, created_at)
          VALUES (${actor.branchId}, ${actor.staffId}, ${body.officerId}, ${person.customerId}, ${ctx.crypto.encrypt(person.name)},
                  ${maskName(person.name)}, ${ctx.crypto.encrypt(person.idNumber)}, ${ctx.crypto.lookupHash(person.idNumber)},
                  ${maskIdNumber(person.idNumber)}, ${ctx.crypto.encrypt(person.mobile)}, ${maskMobile(person.mobile)}, ${body.need},
                  ${D}::date, ${nowParam()})
          RETURNING id::text AS id`,
    );
    // read back apart: Citus allows no STABLE function (to_char) in a RETURNING clause
    const inserted = await queryOne<LeadRow>(tx, sql`SELECT ${LEAD_COLUMNS} FROM lobby_leads l WHERE l.id = ${Number(created!.id)}`);
    await auditCommand(
      tx,
      cmd,
      'lobby-lead.create',
      { type: 'lobby_lead', id: inserted!.id },
      { officerId: body.officerId, customerId: person.customerId, idNumberMasked: maskIdNumber(person.idNumber) },
    );
    return inserted!;
  });
  return (await withTx(ctx.db, (tx) => leadItems(tx, [row])))[0];
}

async function leadItems(tx: Tx, rows: LeadRow[]): Promise<LobbyLeadItem[]> {
  if (rows.length === 0) return [];
  // a walk-in who became a customer after the handover is found by the ID number's lookup hash
  const byHash = await customerIdsByIdNumberHash(
    tx,
    rows.filter((r) => r.customer_id === null).map((r) => r.id_number_hash),
  );
  const customerOf = (r: LeadRow) => (r.customer_id !== null ? Number(r.customer_id) : (byHash.get(r.id_number_hash) ?? null));
  const loansBy = new Map<number, CustomerLoan[]>();
  const ids = rows.map(customerOf).filter((v): v is number => v !== null);
  for (const l of await loansOfCustomers(tx, ids)) loansBy.set(l.customerId, [...(loansBy.get(l.customerId) ?? []), l]);
  const display = await displayNames(tx, {
    branchIds: rows.map((r) => Number(r.branch_id)),
    staffIds: rows.flatMap((r) => [Number(r.lobby_staff_id), Number(r.officer_id)]),
  });
  const staff = (id: string) => ({ id: Number(id), name: display.staff.get(Number(id)) ?? `#${id}` });
  return rows.map((r) => {
    const customerId = customerOf(r);
    const conv =
      customerId === null ? null : ((loansBy.get(customerId) ?? []).find((l) => compareDates(l.startDate, r.business_date) >= 0) ?? null);
    return {
      id: Number(r.id),
      branch: { id: Number(r.branch_id), name: display.branches.get(Number(r.branch_id)) ?? `#${r.branch_id}` },
      lobbyStaff: staff(r.lobby_staff_id),
      officer: staff(r.officer_id),
      customerId,
      nameMasked: r.name_masked,
      idNumberMasked: r.id_number_masked,
      mobileMasked: r.mobile_masked,
      need: r.need,
      businessDate: r.business_date,
      createdAt: r.created_at,
      convertedLoanId: conv?.loanId ?? null,
      convertedAmount: conv ? formatYuan(conv.principalFen) : null,
    };
  });
}

const leadScope = (actor: Actor) =>
  actor.scope === 'OWN'
    ? sql`(l.officer_id = ${actor.staffId} OR l.lobby_staff_id = ${actor.staffId})`
    : scopeCondition(actor, { branchId: sql`l.branch_id` });

/** The leads in the actor's scope, newest first: an officer's own (handed to them), the branch's for lobby staff and heads. */
export async function listLeads(db: Db, actor: Actor, q: { page: number; pageSize: number }) {
  const p = page([], q);
  return withTx(db, async (tx) => {
    const total = await queryOne<{ n: string }>(tx, sql`SELECT count(*)::text AS n FROM lobby_leads l WHERE ${leadScope(actor)}`);
    const rows = await queryRows<LeadRow>(
      tx,
      sql`SELECT ${LEAD_COLUMNS} FROM lobby_leads l WHERE ${leadScope(actor)} ORDER BY l.id DESC
           LIMIT ${p.pageSize} OFFSET ${(p.page - 1) * p.pageSize}`,
    );
    return { items: await leadItems(tx, rows), total: Number(total!.n), page: p.page, pageSize: p.pageSize };
  });
}

// ---------- figures ----------

interface Tally {
  tasks: number;
  contacted: number;
  converted: number;
  convertedFen: bigint;
  leads: number;
  leadsConverted: number;
  leadsFen: bigint;
}

/**
 * Figures of the period (tasks and leads by the business date they were made) in the actor's scope, per
 * branch or per staff member: a task counts for the branch it belongs to and for the staff member who
 * recorded its outcome (a renewal task without one: its officer); a lead counts for both the lobby staff
 * member and the officer (内外勤联动: both credited).
 */
export async function figures(db: Db, actor: Actor, q: Omit<LobbyFiguresQuery, 'format'>) {
  const D = await getBusinessDate(db);
  const to = q.to ?? D;
  const from = q.from ?? `${to.slice(0, 8)}01`;
  const taskRows = await queryRows<TaskRow>(
    db,
    sql`SELECT ${TASK_COLUMNS} FROM lobby_tasks t
         WHERE ${taskScope(actor)} AND t.business_date BETWEEN ${from}::date AND ${to}::date ORDER BY t.id`,
  );
  const tasks = await taskItems(db, taskRows);
  const leadRows = await queryRows<LeadRow>(
    db,
    sql`SELECT ${LEAD_COLUMNS} FROM lobby_leads l
         WHERE ${leadScope(actor)} AND l.business_date BETWEEN ${from}::date AND ${to}::date ORDER BY l.id`,
  );
  const leads = await withTx(db, (tx) => leadItems(tx, leadRows));
  const tally = new Map<number | null, Tally>();
  const at = (key: number | null) => {
    let t = tally.get(key);
    if (!t) tally.set(key, (t = { tasks: 0, contacted: 0, converted: 0, convertedFen: 0n, leads: 0, leadsConverted: 0, leadsFen: 0n }));
    return t;
  };
  const fen = (yuan: string | null) => (yuan === null ? 0n : parseYuan(yuan));
  for (const t of tasks) {
    const x = at(q.by === 'branch' ? t.branch.id : (t.outcomeBy?.id ?? t.staff?.id ?? null));
    x.tasks += 1;
    if (t.outcome) x.contacted += 1;
    if (t.convertedLoanId !== null) {
      x.converted += 1;
      x.convertedFen += fen(t.convertedAmount);
    }
  }
  for (const l of leads) {
    const keys = q.by === 'branch' ? [l.branch.id] : [l.lobbyStaff.id, l.officer.id];
    for (const k of new Set(keys)) {
      const x = at(k);
      x.leads += 1;
      if (l.convertedLoanId !== null) {
        x.leadsConverted += 1;
        x.leadsFen += fen(l.convertedAmount);
      }
    }
  }
  const keys = [...tally.keys()];
  const display = await displayNames(db, q.by === 'branch' ? { branchIds: keys } : { staffIds: keys });
  const names = q.by === 'branch' ? display.branches : display.staff;
  const all: LobbyFiguresItem[] = [...tally.entries()]
    .map(([id, t]) => ({
      by: q.by,
      id,
      name: id === null ? '' : (names.get(id) ?? `#${id}`),
      tasks: t.tasks,
      contacted: t.contacted,
      converted: t.converted,
      convertedAmount: formatYuan(t.convertedFen),
      leads: t.leads,
      leadsConverted: t.leadsConverted,
      leadsAmount: formatYuan(t.leadsFen),
    }))
    .sort((a, b) => b.converted + b.leadsConverted - (a.converted + a.leadsConverted) || b.tasks - a.tasks || (a.id ?? 0) - (b.id ?? 0));
  return { ...page(all, q), from, to };
}
