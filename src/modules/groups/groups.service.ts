/**
 * Key customer groups (重点客群, issue 14 §5): a group with its key person and officer, its members
 * (one per ID number), its code, share link and QR code, and its figures — members, applied, approved,
 * disbursed (count, amount) and balance — computed from the applications and loans through their
 * modules' doors, per group and per branch; and the branches that name no group.
 */
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { AppContext, CommandContext, GroupApplication } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { parseIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import { parseMobile } from '../../kernel/mobile.js';
import { formatYuan } from '../../kernel/money.js';
import { activeStaffWithRole, displayNames } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { customerIdsByIdNumberHash, getCustomer, type CustomerRecord } from '../customers/index.js';
import { loanTotalsOfCustomers } from '../loans/index.js';
import { branchNameOf, branchPathOf, isBranchInScope, listBranchRows, scopeCondition, type Actor } from '../org/index.js';
import { applicationFactsOfCustomers } from '../origination/index.js';
import { preCreditFiguresOfGroups, submitGroupPreCredit } from '../precredit/index.js';
import type {
  BranchFiguresPage,
  CoveragePage,
  GroupCreateBody,
  GroupDetail,
  GroupFigures,
  GroupItem,
  GroupKind,
  GroupLink,
  GroupPage,
  GroupPreCreditBody,
  GroupPreCreditStarted,
  GroupQuery,
  GroupUpdateBody,
  KeyPersonInput,
  MemberAddBody,
  MemberAdded,
  MemberItem,
  MemberPage,
  MemberSource,
} from './groups.contract.js';

interface GroupRow {
  id: string;
  code: string;
  kind: GroupKind;
  name: string;
  branch_id: string;
  branch_name: string | null;
  officer_id: string;
  key_customer_id: string | null;
  key_person_name_masked: string | null;
  key_person_mobile_masked: string | null;
  note: string | null;
  members: string;
  created_at: string;
  updated_at: string;
}

const isoUtc = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const GROUP_SELECT = sql`SELECT g.id::text AS id, g.code, g.kind, g.name, g.branch_id::text AS branch_id, ${branchNameOf(sql`g.branch_id`)} AS branch_name,
                                g.officer_id::text AS officer_id, g.key_customer_id::text AS key_customer_id,
                                g.key_person_name_masked, g.key_person_mobile_masked, g.note,
                                (SELECT count(*) FROM customer_group_members m WHERE m.group_id = g.id)::text AS members,
                                ${isoUtc(sql`g.created_at`)} AS created_at, ${isoUtc(sql`g.updated_at`)} AS updated_at
                           FROM customer_groups g`;

function inScope(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: sql`g.branch_id`, officerId: sql`g.officer_id` });
}

function requireStaff(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

function pageOf(q: { page: number; pageSize: number }) {
  const page = Math.max(1, Math.trunc(q.page));
  const pageSize = Math.min(1000, Math.max(1, Math.trunc(q.pageSize)));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

async function toItems(db: Db | Tx, rows: GroupRow[]): Promise<GroupItem[]> {
  const names = await displayNames(db, { staffIds: rows.map((r) => Number(r.officer_id)) });
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    kind: r.kind,
    name: r.name,
    branch: { id: Number(r.branch_id), name: r.branch_name ?? '' },
    officer: { id: Number(r.officer_id), name: names.staff.get(Number(r.officer_id)) ?? '' },
    keyPerson: {
      customerId: r.key_customer_id === null ? null : Number(r.key_customer_id),
      nameMasked: r.key_person_name_masked ?? '',
      mobileMasked: r.key_person_mobile_masked ?? '',
    },
    members: Number(r.members),
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The group's share link: the mobile page with the group's code (an application from it is channel GROUP). */
export function groupShareUrl(ctx: AppContext, code: string): string {
  return `${ctx.config.publicBaseUrl}/m/?group=${encodeURIComponent(code)}`;
}

/** A new group code: G and eight characters of an alphabet without look-alikes (printable under a QR code). */
function newGroupCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  let out = 'G';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

async function customerVisible(tx: Tx, actor: Actor, customer: CustomerRecord): Promise<boolean> {
  return actor.scope === 'OWN' ? customer.officerId === actor.staffId : isBranchInScope(tx, actor, customer.branchId);
}

/** The key person's stored columns: a visible customer (masks only), or a person by name and mobile (encrypted). */
async function keyPersonColumns(ctx: AppContext, tx: Tx, actor: Actor, k: KeyPersonInput) {
  if ('customerId' in k) {
    const customer = await getCustomer(tx, ctx.crypto, k.customerId);
    if (!(await customerVisible(tx, actor, customer))) throw new AppError('CUSTOMER_NOT_FOUND');
    return {
      keyCustomerId: customer.id,
      nameEnc: null,
      nameMasked: maskName(customer.name),
      mobileEnc: null,
      mobileMasked: maskMobile(customer.mobile),
    };
  }
  const mobile = parseMobile(k.mobile);
  return {
    keyCustomerId: null,
    nameEnc: ctx.crypto.encrypt(k.name),
    nameMasked: maskName(k.name),
    mobileEnc: ctx.crypto.encrypt(mobile),
    mobileMasked: maskMobile(mobile),
  };
}

/** The branch must be active and in scope; the officer an active loan officer of that branch or one under it. */
async function checkBranchAndOfficer(tx: Tx, actor: Actor, branchId: number, officerId: number): Promise<void> {
  const branches = await listBranchRows(tx);
  const branch = branches.find((b) => Number(b.id) === branchId);
  if (!branch || branch.status !== 'ACTIVE' || !(await isBranchInScope(tx, actor, branchId))) {
    throw new AppError('GROUP_BRANCH_INVALID', { branchId });
  }
  const officer = (await activeStaffWithRole(tx, 'loan_officer')).find((o) => o.id === officerId);
  const officerBranch = officer ? branches.find((b) => Number(b.id) === officer.branchId) : undefined;
  if (!officerBranch || !officerBranch.path.startsWith(branch.path)) throw new AppError('GROUP_OFFICER_INVALID', { officerId });
}

async function groupInScope(db: Db | Tx, actor: Actor, id: number, lock = false): Promise<GroupRow> {
  const row = await queryOne<GroupRow>(db, sql`${GROUP_SELECT} WHERE g.id = ${id} AND ${inScope(actor)} ${lock ? sql`FOR UPDATE` : sql``}`);
  if (!row) throw new AppError('GROUP_NOT_FOUND');
  return row;
}

/** Names a group: its kind, name, branch, officer and key person; a fresh code for its link. Audited. */
export async function createGroup(ctx: AppContext, cmd: CommandContext, body: GroupCreateBody): Promise<GroupDetail> {
  const actor = requireStaff(cmd);
  const id = await withTx(ctx.db, async (tx) => {
    await checkBranchAndOfficer(tx, actor, body.branchId, body.officerId);
    const k = await keyPersonColumns(ctx, tx, actor, body.keyPerson);
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO customer_groups (code, kind, name, branch_id, officer_id, key_customer_id, key_person_name_enc, key_person_name_masked,
            key_person_mobile_enc, key_person_mobile_masked, note, created_by, created_at, updated_at)
          VALUES (${newGroupCode()}, ${body.kind}, ${body.name}, ${body.branchId}, ${body.officerId}, ${k.keyCustomerId}, ${k.nameEnc},
            ${k.nameMasked}, ${k.mobileEnc}, ${k.mobileMasked}, ${body.note ?? null}, ${actor.staffId}, ${nowParam()}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    const groupId = Number(row!.id);
    await auditCommand(
      tx,
      cmd,
      'group.create',
      { type: 'customer_group', id: String(groupId) },
      {
        kind: body.kind,
        name: body.name,
        branchId: body.branchId,
        officerId: body.officerId,
        keyCustomerId: k.keyCustomerId,
      },
    );
    return groupId;
  });
  return getGroup(ctx, actor, id);
}

/** Changes a group's kind, name, officer, key person or note. Audited with the fields changed. */
export async function updateGroup(ctx: AppContext, cmd: CommandContext, id: number, body: GroupUpdateBody): Promise<GroupDetail> {
  const actor = requireStaff(cmd);
  await withTx(ctx.db, async (tx) => {
    const g = await groupInScope(tx, actor, id, true);
    const sets: SQL[] = [];
    const changed: Record<string, unknown> = {};
    if (body.kind !== undefined && body.kind !== g.kind) {
      sets.push(sql`kind = ${body.kind}`);
      changed.kind = { from: g.kind, to: body.kind };
    }
    if (body.name !== undefined && body.name !== g.name) {
      sets.push(sql`name = ${body.name}`);
      changed.name = { from: g.name, to: body.name };
    }
    if (body.officerId !== undefined && body.officerId !== Number(g.officer_id)) {
      await checkBranchAndOfficer(tx, actor, Number(g.branch_id), body.officerId);
      sets.push(sql`officer_id = ${body.officerId}`);
      changed.officerId = { from: Number(g.officer_id), to: body.officerId };
    }
    if (body.keyPerson !== undefined) {
      const k = await keyPersonColumns(ctx, tx, actor, body.keyPerson);
      sets.push(
        sql`key_customer_id = ${k.keyCustomerId}, key_person_name_enc = ${k.nameEnc}, key_person_name_masked = ${k.nameMasked},
            key_person_mobile_enc = ${k.mobileEnc}, key_person_mobile_masked = ${k.mobileMasked}`,
      );
      changed.keyPerson = { from: g.key_person_name_masked, to: k.nameMasked, customerId: k.keyCustomerId };
    }
    if (body.note !== undefined && (body.note ?? null) !== g.note) {
      sets.push(sql`note = ${body.note ?? null}`);
      changed.note = true;
    }
    if (sets.length === 0) return;
    await queryRows(tx, sql`UPDATE customer_groups SET ${sql.join(sets, sql`, `)}, updated_at = ${nowParam()} WHERE id = ${id}`);
    await auditCommand(tx, cmd, 'group.update', { type: 'customer_group', id: String(id) }, changed);
  });
  return getGroup(ctx, actor, id);
}

/** The groups in the actor's scope under the filters, newest first. */
export async function listGroups(db: Db, actor: Actor, q: GroupQuery): Promise<GroupPage> {
  const { page, pageSize, offset } = pageOf(q);
  const conds: SQL[] = [inScope(actor)];
  if (q.kind) conds.push(sql`g.kind = ${q.kind}`);
  if (q.officerId) conds.push(sql`g.officer_id = ${q.officerId}`);
  if (q.branchId) conds.push(sql`${branchPathOf(sql`g.branch_id`)} LIKE ${branchPathOf(sql`${q.branchId}::bigint`)} || '%'`);
  if (q.name) conds.push(sql`g.name LIKE ${'%' + q.name.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  const where = sql.join(conds, sql` AND `);
  const count = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM customer_groups g WHERE ${where}`);
  const rows = await queryRows<GroupRow>(db, sql`${GROUP_SELECT} WHERE ${where} ORDER BY g.id DESC LIMIT ${pageSize} OFFSET ${offset}`);
  return { items: await toItems(db, rows), total: Number(count?.n ?? 0), page, pageSize };
}

/** A group's code, share link and its QR code (PNG data URL). */
export async function groupShare(ctx: AppContext, code: string): Promise<GroupLink> {
  const link = groupShareUrl(ctx, code);
  return { code, link, qrDataUrl: await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 1, width: 320 }) };
}

/** One group with its figures and share link. */
export async function getGroup(ctx: AppContext, actor: Actor, id: number): Promise<GroupDetail> {
  return withTx(ctx.db, async (tx) => {
    const row = await groupInScope(tx, actor, id);
    const [item] = await toItems(tx, [row]);
    const figures = (await figuresOfGroups(tx, [id])).get(id) ?? emptyFigures();
    return { ...item, figures: formatFigures(figures), share: await groupShare(ctx, row.code) };
  });
}

// ---------- members ----------

interface MemberRow {
  id_number_masked: string;
  name_masked: string;
  mobile_masked: string;
  customer_id: string | null;
  source: MemberSource;
  added_date: string;
}

const MEMBER_SELECT = sql`SELECT m.id_number_masked, m.name_masked, m.mobile_masked, m.customer_id::text AS customer_id, m.source,
                                 to_char(m.added_date, 'YYYY-MM-DD') AS added_date
                            FROM customer_group_members m`;

function toMember(r: MemberRow): MemberItem {
  return {
    idNumberMasked: r.id_number_masked,
    nameMasked: r.name_masked,
    mobileMasked: r.mobile_masked,
    customerId: r.customer_id === null ? null : Number(r.customer_id),
    source: r.source,
    addedDate: r.added_date,
  };
}

/** A group's members, in the order they were added. */
export async function listMembers(db: Db, actor: Actor, groupId: number, q: { page: number; pageSize: number }): Promise<MemberPage> {
  await groupInScope(db, actor, groupId);
  const { page, pageSize, offset } = pageOf(q);
  const count = await queryOne<{ n: string }>(
    db,
    sql`SELECT count(*)::text AS n FROM customer_group_members m WHERE m.group_id = ${groupId}`,
  );
  const rows = await queryRows<MemberRow>(
    db,
    sql`${MEMBER_SELECT} WHERE m.group_id = ${groupId} ORDER BY m.created_at, m.id_number_hash LIMIT ${pageSize} OFFSET ${offset}`,
  );
  return { items: rows.map(toMember), total: Number(count?.n ?? 0), page, pageSize };
}

export interface MemberPerson {
  name: string;
  idNumber: string;
  mobile: string;
  customerId: number | null;
}

/**
 * Adds one person to a group unless a member with the same ID number (by its lookup hash) is there
 * already: `added` says which. The caller has checked the group and audits the command.
 */
export async function insertMember(
  ctx: AppContext,
  tx: Tx,
  groupId: number,
  p: MemberPerson,
  source: MemberSource,
  addedBy: number | null,
): Promise<{ added: boolean; member: MemberItem }> {
  const idNumber = parseIdNumber(p.idNumber).idNumber;
  const mobile = parseMobile(p.mobile);
  const idHash = ctx.crypto.lookupHash(idNumber);
  const businessDate = await getBusinessDate(tx);
  const inserted = await queryRows<{ n: number }>(
    tx,
    sql`INSERT INTO customer_group_members (group_id, id_number_hash, customer_id, name_enc, name_masked, id_number_enc, id_number_masked,
          mobile_enc, mobile_hash, mobile_masked, source, added_by, added_date, created_at)
        VALUES (${groupId}, ${idHash}, ${p.customerId}, ${ctx.crypto.encrypt(p.name)}, ${maskName(p.name)}, ${ctx.crypto.encrypt(idNumber)},
          ${maskIdNumber(idNumber)}, ${ctx.crypto.encrypt(mobile)}, ${ctx.crypto.lookupHash(mobile)}, ${maskMobile(mobile)}, ${source},
          ${addedBy}, ${businessDate}::date, ${nowParam()})
        ON CONFLICT (group_id, id_number_hash) DO NOTHING
        RETURNING 1 AS n`,
  );
  if (inserted.length === 0 && p.customerId !== null) {
    // a person added before they were a customer: remember the customer now
    await queryRows(
      tx,
      sql`UPDATE customer_group_members SET customer_id = ${p.customerId}
           WHERE group_id = ${groupId} AND id_number_hash = ${idHash} AND customer_id IS NULL`,
    );
  }
  const row = await queryOne<MemberRow>(tx, sql`${MEMBER_SELECT} WHERE m.group_id = ${groupId} AND m.id_number_hash = ${idHash}`);
  return { added: inserted.length > 0, member: toMember(row!) };
}

/** Adds a member by hand: a customer in scope, or a person by name, ID number and mobile. Audited. */
export async function addMember(ctx: AppContext, cmd: CommandContext, groupId: number, body: MemberAddBody): Promise<MemberAdded> {
  const actor = requireStaff(cmd);
  return withTx(ctx.db, async (tx) => {
    await groupInScope(tx, actor, groupId);
    let person: MemberPerson;
    if ('customerId' in body) {
      const c = await getCustomer(tx, ctx.crypto, body.customerId);
      if (!(await customerVisible(tx, actor, c))) throw new AppError('CUSTOMER_NOT_FOUND');
      person = { name: c.name, idNumber: c.idNumber, mobile: c.mobile, customerId: c.id };
    } else {
      const idNumber = parseIdNumber(body.idNumber).idNumber;
      const known = await customerIdsByIdNumberHash(tx, [ctx.crypto.lookupHash(idNumber)]);
      person = { name: body.name, idNumber, mobile: body.mobile, customerId: known.values().next().value ?? null };
    }
    const out = await insertMember(ctx, tx, groupId, person, 'ADDED', actor.staffId);
    if (out.added) {
      await auditCommand(
        tx,
        cmd,
        'group.member.add',
        { type: 'customer_group', id: String(groupId) },
        {
          customerId: person.customerId,
          idNumberMasked: out.member.idNumberMasked,
        },
      );
    }
    return out;
  });
}

// ---------- figures ----------

interface Figures {
  preCredited: number;
  activated: number;
  members: number;
  customers: number;
  applied: number;
  approved: number;
  disbursedCount: number;
  disbursedFen: bigint;
  balanceFen: bigint;
}

function emptyFigures(): Figures {
  return {
    members: 0,
    customers: 0,
    applied: 0,
    approved: 0,
    disbursedCount: 0,
    disbursedFen: 0n,
    balanceFen: 0n,
    preCredited: 0,
    activated: 0,
  };
}

function formatFigures(f: Figures): GroupFigures {
  return {
    members: f.members,
    customers: f.customers,
    applied: f.applied,
    approved: f.approved,
    disbursedCount: f.disbursedCount,
    disbursedAmount: formatYuan(f.disbursedFen),
    balance: formatYuan(f.balanceFen),
    preCredited: f.preCredited,
    activated: f.activated,
  };
}

/**
 * Figures of the given groups from their members' applications and loans (origination's and loans'
 * doors): a member is a customer when added as one or when their ID number's hash belongs to one now.
 */
async function figuresOfGroups(tx: Tx, groupIds: number[]): Promise<Map<number, Figures>> {
  const out = new Map<number, Figures>();
  if (groupIds.length === 0) return out;
  const members = await queryRows<{ group_id: string; id_number_hash: string; customer_id: string | null }>(
    tx,
    sql`SELECT m.group_id::text AS group_id, m.id_number_hash, m.customer_id::text AS customer_id
          FROM customer_group_members m WHERE m.group_id = ANY(${`{${groupIds.join(',')}}`}::bigint[])`,
  );
  const unknown = [...new Set(members.filter((m) => m.customer_id === null).map((m) => m.id_number_hash))];
  const byHash = await customerIdsByIdNumberHash(tx, unknown);
  const customerOf = (m: (typeof members)[number]) =>
    m.customer_id !== null ? Number(m.customer_id) : (byHash.get(m.id_number_hash) ?? null);
  const customerIds = [...new Set(members.map(customerOf).filter((c): c is number => c !== null))];
  const apps = await applicationFactsOfCustomers(tx, customerIds);
  const loans = await loanTotalsOfCustomers(tx, customerIds);
  const preCredit = await preCreditFiguresOfGroups(tx, groupIds);
  for (const id of groupIds) out.set(id, { ...emptyFigures(), ...preCredit.get(id) });
  for (const m of members) {
    const f = out.get(Number(m.group_id))!;
    f.members += 1;
    const c = customerOf(m);
    if (c === null) continue;
    f.customers += 1;
    const a = apps.get(c);
    if (a) {
      f.applied += 1;
      if (a.approved) f.approved += 1;
    }
    const l = loans.get(c);
    if (l) {
      f.disbursedCount += l.loans;
      f.disbursedFen += l.principalFen;
      f.balanceFen += l.balanceFen;
    }
  }
  return out;
}

/** Figures per branch: the groups of each branch in scope and their figures summed (a person in two groups counts in each). */
export async function branchFigures(db: Db, actor: Actor, q: { page: number; pageSize: number }): Promise<BranchFiguresPage> {
  const { page, pageSize, offset } = pageOf(q);
  return withTx(db, async (tx) => {
    const where = inScope(actor);
    const count = await queryOne<{ n: string }>(
      tx,
      sql`SELECT count(DISTINCT g.branch_id)::text AS n FROM customer_groups g WHERE ${where}`,
    );
    const branches = await queryRows<{ branch_id: string; branch_name: string | null }>(
      tx,
      sql`SELECT g.branch_id::text AS branch_id, min(${branchNameOf(sql`g.branch_id`)}) AS branch_name
            FROM customer_groups g WHERE ${where} GROUP BY g.branch_id ORDER BY g.branch_id LIMIT ${pageSize} OFFSET ${offset}`,
    );
    const groups = await queryRows<{ id: string; branch_id: string }>(
      tx,
      sql`SELECT g.id::text AS id, g.branch_id::text AS branch_id FROM customer_groups g
           WHERE ${where} AND g.branch_id = ANY(${`{${branches.map((b) => b.branch_id).join(',')}}`}::bigint[])`,
    );
    const figures = await figuresOfGroups(
      tx,
      groups.map((g) => Number(g.id)),
    );
    const items = branches.map((b) => {
      const sum = emptyFigures();
      let n = 0;
      for (const g of groups.filter((x) => x.branch_id === b.branch_id)) {
        n += 1;
        const f = figures.get(Number(g.id))!;
        sum.members += f.members;
        sum.customers += f.customers;
        sum.applied += f.applied;
        sum.approved += f.approved;
        sum.disbursedCount += f.disbursedCount;
        sum.disbursedFen += f.disbursedFen;
        sum.balanceFen += f.balanceFen;
        sum.preCredited += f.preCredited;
        sum.activated += f.activated;
      }
      return { branch: { id: Number(b.branch_id), name: b.branch_name ?? '' }, groups: n, ...formatFigures(sum) };
    });
    return { items, total: Number(count?.n ?? 0), page, pageSize };
  });
}

/**
 * "Each branch names at least one group": the active business branches (branches and sub-branches, not
 * head office or its departments) in the actor's scope that name no group, in the tree's order.
 */
export async function branchCoverage(db: Db, actor: Actor, q: { page: number; pageSize: number }): Promise<CoveragePage> {
  const { page, pageSize, offset } = pageOf(q);
  const all = (await listBranchRows(db)).filter(
    (b) =>
      b.status === 'ACTIVE' &&
      (b.kind === 'BRANCH' || b.kind === 'SUB_BRANCH') &&
      (actor.scope === 'BANK' || b.path.startsWith(actor.branchPath)),
  );
  const named = await queryRows<{ branch_id: string }>(db, sql`SELECT DISTINCT g.branch_id::text AS branch_id FROM customer_groups g`);
  const covered = new Set(named.map((r) => Number(r.branch_id)));
  const missing = all.filter((b) => !covered.has(Number(b.id)));
  return {
    items: missing.slice(offset, offset + pageSize).map((b) => ({ branch: { id: Number(b.id), name: b.name }, kind: b.kind })),
    total: missing.length,
    page,
    pageSize,
    branches: all.length,
    covered: all.length - missing.length,
  };
}

// ---------- applications through a group's link ----------

/**
 * An application that came through a group's share link or QR code (origination calls this in its
 * transaction, through the composition root): an unknown code is refused (GROUP_CODE_UNKNOWN, the
 * application is not written); the applicant becomes a member (GROUP_LINK) unless they are one already.
 */
export async function recordGroupApplication(ctx: AppContext, tx: Tx, cmd: CommandContext, a: GroupApplication): Promise<void> {
  const g = await queryOne<{ id: string }>(tx, sql`SELECT id::text AS id FROM customer_groups WHERE code = ${a.groupCode}`);
  if (!g) throw new AppError('GROUP_CODE_UNKNOWN', { groupCode: a.groupCode });
  const groupId = Number(g.id);
  const out = await insertMember(
    ctx,
    tx,
    groupId,
    { name: a.name, idNumber: a.idNumber, mobile: a.mobile, customerId: a.customerId },
    'GROUP_LINK',
    cmd.actor?.staffId ?? null,
  );
  if (out.added) {
    await auditCommand(
      tx,
      cmd,
      'group.member.join',
      { type: 'customer_group', id: String(groupId), customerId: a.customerId },
      { source: 'GROUP_LINK' },
    );
  }
}

// ---------- group pre-credit ----------

/**
 * A group's members handed to the pre-credit white list (预授信, issue 14 §7): the same policy and the
 * same checker as an uploaded list (pre-credit's door); the members who already hold a valid pre-credit
 * are left out; the batch, once approved, remembers the group and the group's figures count it.
 */
export async function startGroupPreCredit(
  ctx: AppContext,
  cmd: CommandContext,
  groupId: number,
  facts: GroupPreCreditBody,
): Promise<GroupPreCreditStarted> {
  const actor = requireStaff(cmd);
  const { group, people } = await withTx(ctx.db, async (tx) => {
    const g = await groupInScope(tx, actor, groupId);
    const rows = await queryRows<{ name_enc: string; id_number_enc: string; mobile_enc: string }>(
      tx,
      sql`SELECT m.name_enc, m.id_number_enc, m.mobile_enc FROM customer_group_members m
           WHERE m.group_id = ${groupId} ORDER BY m.created_at, m.id_number_hash`,
    );
    return {
      group: { id: groupId, code: g.code, branchId: Number(g.branch_id) },
      people: rows.map((r) => ({
        name: ctx.crypto.decrypt(r.name_enc),
        idNumber: ctx.crypto.decrypt(r.id_number_enc),
        mobile: ctx.crypto.decrypt(r.mobile_enc),
      })),
    };
  });
  if (people.length === 0) throw new AppError('GROUP_PRE_CREDIT_NO_MEMBERS', { groupId, alreadyPreCredited: 0 });
  return submitGroupPreCredit(ctx, cmd, group, people, facts);
}
