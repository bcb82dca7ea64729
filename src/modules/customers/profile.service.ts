/**
 * The customer profile changed by hand, cross-checked (AB角, issue 13 §5). A credit staff member
 * (customer:write, within their data scope) submits a change; it is recorded as a review request of
 * type CUSTOMER_PROFILE and as the customer's one pending change, and nothing on the customer
 * changes. A second credit staff member holding review:check:CUSTOMER_PROFILE whose scope covers the
 * customer's branch approves it (never the maker: the review module refuses that); the change is then
 * checked against the customer as it is now, applied, and every field it changed is written to
 * customer_profile_history. A rejection only clears the pending change.
 */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { queryRows, withTx, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { clock } from '../../kernel/clock.js';
import type { FieldCrypto } from '../../kernel/crypto.js';
import { AppError, invariant } from '../../kernel/errors.js';
import { maskName } from '../../kernel/mask.js';
import { displayNames } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { submitChange, type ChangeTypeSpec, type DiffLine } from '../review/index.js';
import type {
  MaritalStatus,
  ProfileChangeBody,
  ProfileChangeSubmitted,
  ProfileField,
  ProfileHistoryItem,
  ProfileHistoryPage,
  ProfileHistoryQuery,
  ProfileLine,
  ProfilePendingView,
} from './customers.contract.js';
import {
  displayValue,
  maskedValue,
  normalizeProfileChange,
  PERSONAL_FIELDS,
  PROFILE_LABELS_ZH,
  profileChanges,
  type FieldChange,
  type ProfileValues,
} from './profile.js';
import { customerProfileHistory, customerProfilePending, customers } from './schema.js';

export const CUSTOMER_PROFILE_CHANGE = 'CUSTOMER_PROFILE';
export const CUSTOMER_TARGET_TYPE = 'customer';

type CustomerRow = typeof customers.$inferSelect;

/** A change as stored (review payload, pending row): personal values encrypted. */
interface StoredChange {
  field: ProfileField;
  before: string | null;
  after: string | null;
}

export interface ProfileChangePayload {
  customerId: number;
  branchId: number;
  /** The masked name, for the request's title. */
  nameMasked: string;
  changes: StoredChange[];
}

function currentValues(crypto: FieldCrypto, r: CustomerRow): ProfileValues {
  return {
    mobile: crypto.decrypt(r.mobileEnc),
    residence: r.residence,
    occupation: r.occupation,
    employer: r.employer,
    monthlyIncome: r.monthlyIncomeFen === null ? null : BigInt(r.monthlyIncomeFen).toString(),
    maritalStatus: r.maritalStatus,
    dependants: r.dependants === null ? null : String(r.dependants),
    spouseName: r.spouseNameEnc === null ? null : crypto.decrypt(r.spouseNameEnc),
    collateralNotes: r.collateralNotes,
  };
}

function seal(crypto: FieldCrypto, field: ProfileField, value: string | null): string | null {
  return value !== null && PERSONAL_FIELDS.has(field) ? crypto.encrypt(value) : value;
}
function open(crypto: FieldCrypto, field: ProfileField, value: string | null): string | null {
  return value !== null && PERSONAL_FIELDS.has(field) ? crypto.decrypt(value) : value;
}

function toStored(crypto: FieldCrypto, c: FieldChange): StoredChange {
  return { field: c.field, before: seal(crypto, c.field, c.before), after: seal(crypto, c.field, c.after) };
}
function fromStored(crypto: FieldCrypto, c: StoredChange): FieldChange {
  return { field: c.field, before: open(crypto, c.field, c.before), after: open(crypto, c.field, c.after) };
}

function line(c: FieldChange, unmasked: boolean): ProfileLine {
  const show = unmasked ? displayValue : maskedValue;
  return { field: c.field, label: PROFILE_LABELS_ZH[c.field], before: show(c.field, c.before), after: show(c.field, c.after) };
}

async function lockCustomer(tx: Tx, customerId: number, scope: Actor | null): Promise<CustomerRow> {
  const where = scope
    ? and(eq(customers.id, customerId), scopeCondition(scope, { branchId: customers.branchId, officerId: customers.officerId }))
    : eq(customers.id, customerId);
  const [row] = await tx.select().from(customers).where(where).limit(1).for('update');
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  return row;
}

/**
 * Submits a profile change for review. Refused: outside the maker's scope (404), bad values
 * (400 CUSTOMER_PROFILE_INVALID / INVALID_MOBILE), a spouse without marriage (422), nothing changed
 * (422), another change still pending for the customer (409 CUSTOMER_PROFILE_CHANGE_PENDING). The
 * customer row is locked first, so two submissions for one customer are decided one after the other.
 */
export async function submitProfileChange(
  ctx: AppContext,
  cmd: CommandContext,
  customerId: number,
  body: ProfileChangeBody,
): Promise<ProfileChangeSubmitted> {
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  const wanted = normalizeProfileChange(body);
  return withTx(ctx.db, async (tx) => {
    const row = await lockCustomer(tx, customerId, actor);
    const changes = profileChanges(currentValues(ctx.crypto, row), wanted);
    if (changes.length === 0) throw new AppError('CUSTOMER_PROFILE_NO_CHANGE');
    const [pending] = await tx
      .select({ requestId: customerProfilePending.reviewRequestId })
      .from(customerProfilePending)
      .where(eq(customerProfilePending.customerId, customerId));
    if (pending) throw new AppError('CUSTOMER_PROFILE_CHANGE_PENDING', { reviewRequestId: Number(pending.requestId) });

    const stored = changes.map((c) => toStored(ctx.crypto, c));
    const payload: ProfileChangePayload = { customerId, branchId: Number(row.branchId), nameMasked: row.nameMasked, changes: stored };
    const submitted = await submitChange(ctx, tx, cmd, {
      type: CUSTOMER_PROFILE_CHANGE,
      payload,
      targetType: CUSTOMER_TARGET_TYPE,
      targetId: customerId,
    });
    invariant(submitted.status === 'PENDING', 'CUSTOMER_PROFILE changes are always reviewed');
    await tx.insert(customerProfilePending).values({
      customerId,
      reviewRequestId: submitted.requestId,
      changes: stored,
      makerId: actor.staffId,
      createdAt: clock.now(),
    });
    await auditCommand(
      tx,
      cmd,
      'customer.profile.submit',
      { type: 'customer', id: String(customerId) },
      { reviewRequestId: submitted.requestId, fields: changes.map((c) => c.field) },
    );
    return { reviewRequestId: submitted.requestId, status: 'PENDING' };
  });
}

/** The customer's columns for a field's new value. */
function columnsFor(crypto: FieldCrypto, c: FieldChange): Partial<typeof customers.$inferInsert> {
  const v = c.after;
  switch (c.field) {
    case 'mobile':
      invariant(v !== null, 'a profile change never clears the mobile');
      return { mobileEnc: crypto.encrypt(v), mobileHash: crypto.lookupHash(v) };
    case 'residence':
      return { residence: v };
    case 'occupation':
      return { occupation: v };
    case 'employer':
      return { employer: v };
    case 'monthlyIncome':
      return { monthlyIncomeFen: v === null ? null : BigInt(v) };
    case 'maritalStatus':
      return { maritalStatus: v as MaritalStatus | null };
    case 'dependants':
      return { dependants: v === null ? null : Number(v) };
    case 'spouseName':
      return v === null
        ? { spouseNameEnc: null, spouseNameMasked: null }
        : { spouseNameEnc: crypto.encrypt(v), spouseNameMasked: maskName(v) };
    case 'collateralNotes':
      return { collateralNotes: v };
  }
}

/**
 * Applies an approved change in the approval's transaction: each field must still hold the value the
 * maker saw (else 409 CUSTOMER_PROFILE_STALE and nothing is written), then the customer is updated,
 * one history row per field is written and the pending change is cleared.
 */
async function applyProfileChange(
  tx: Tx,
  app: AppContext,
  cmd: CommandContext,
  p: ProfileChangePayload,
  who: { requestId: number; makerId: number; checkerId: number | null },
): Promise<void> {
  invariant(who.checkerId !== null, 'CUSTOMER_PROFILE changes are always reviewed');
  const row = await lockCustomer(tx, p.customerId, null);
  const current = currentValues(app.crypto, row);
  const changes = p.changes.map((c) => fromStored(app.crypto, c));
  const stale = changes.filter((c) => current[c.field] !== c.before).map((c) => c.field);
  if (stale.length > 0) throw new AppError('CUSTOMER_PROFILE_STALE', { fields: stale });

  const set: Partial<typeof customers.$inferInsert> = {};
  for (const c of changes) Object.assign(set, columnsFor(app.crypto, c));
  // one instant for the customer row and every field's history line
  const at = clock.now();
  await tx
    .update(customers)
    .set({ ...set, updatedAt: at })
    .where(eq(customers.id, p.customerId));

  const businessDate = await getBusinessDate(tx);
  const ids = await queryRows<{ id: string }>(
    tx,
    sql`SELECT nextval('customer_profile_history_id_seq')::text AS id FROM generate_series(1, ${changes.length}::int)`,
  );
  await tx.insert(customerProfileHistory).values(
    changes.map((c, i) => {
      const personal = PERSONAL_FIELDS.has(c.field);
      return {
        customerId: p.customerId,
        id: Number(ids[i]!.id),
        field: c.field,
        personal,
        beforeDisplay: maskedValue(c.field, c.before),
        afterDisplay: maskedValue(c.field, c.after),
        beforeEnc: personal ? seal(app.crypto, c.field, c.before) : null,
        afterEnc: personal ? seal(app.crypto, c.field, c.after) : null,
        makerId: who.makerId,
        checkerId: who.checkerId!,
        reviewRequestId: who.requestId,
        businessDate,
        changedAt: at,
      };
    }),
  );
  await clearPending(tx, p.customerId, who.requestId);
  await auditCommand(
    tx,
    cmd,
    'customer.profile.apply',
    { type: 'customer', id: String(p.customerId) },
    { reviewRequestId: who.requestId, fields: changes.map((c) => c.field) },
  );
}

async function clearPending(tx: Tx, customerId: number, requestId: number): Promise<void> {
  await tx
    .delete(customerProfilePending)
    .where(and(eq(customerProfilePending.customerId, customerId), eq(customerProfilePending.reviewRequestId, requestId)));
}

const diffOf = (app: AppContext, p: ProfileChangePayload): DiffLine[] => p.changes.map((c) => line(fromStored(app.crypto, c), false));

/**
 * CUSTOMER_PROFILE: always reviewed (whatever review_policies says), checked by a holder of
 * review:check:CUSTOMER_PROFILE whose scope covers the customer's branch. The diff stored with the
 * request is masked; a checker holding pii:unmask sees the values whole on the customer's page
 * (GET /api/v1/customers/:id/profile-changes/pending, audited).
 */
export const customerProfileChange: ChangeTypeSpec<ProfileChangePayload> = {
  type: CUSTOMER_PROFILE_CHANGE,
  nameZh: '客户资料变更（AB角复核）',
  nameEn: 'Customer profile change (cross-checked)',
  checkerPermission: 'review:check:CUSTOMER_PROFILE',
  alwaysReviewed: true,
  titleZh: (p) => `客户 ${p.nameMasked}（编号 ${p.customerId}）资料变更：${p.changes.map((c) => PROFILE_LABELS_ZH[c.field]).join('、')}`,
  titleEn: (p) => `Profile change of customer ${p.customerId}: ${p.changes.map((c) => c.field).join(', ')}`,
  describe: async (_tx, p, app) => diffOf(app, p),
  branchId: (p) => p.branchId,
  apply: (tx, p, ctx) => applyProfileChange(tx, ctx.app, ctx.cmd, p, ctx),
  onReject: async (tx, p, ctx) => {
    await clearPending(tx, p.customerId, ctx.requestId);
    await auditCommand(
      tx,
      ctx.cmd,
      'customer.profile.reject',
      { type: 'customer', id: String(p.customerId) },
      { reviewRequestId: ctx.requestId },
    );
  },
};

function scopedCustomer(actor: Actor, customerId: number) {
  return and(eq(customers.id, customerId), scopeCondition(actor, { branchId: customers.branchId, officerId: customers.officerId }));
}

async function assertVisible(ctx: AppContext, actor: Actor, customerId: number): Promise<void> {
  const [row] = await ctx.db.select({ id: customers.id }).from(customers).where(scopedCustomer(actor, customerId)).limit(1);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
}

/** The review request of the customer's pending change, or null (for the customer's detail). */
export async function pendingProfileChangeId(db: AppContext['db'], customerId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: customerProfilePending.reviewRequestId })
    .from(customerProfilePending)
    .where(eq(customerProfilePending.customerId, customerId));
  return row ? Number(row.id) : null;
}

/**
 * The customer's pending change for someone who may see the customer: masked, or whole for a holder
 * of pii:unmask (the unmasked view is audited like any other).
 */
export async function getPendingProfileChange(ctx: AppContext, cmd: CommandContext, customerId: number): Promise<ProfilePendingView> {
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  await assertVisible(ctx, actor, customerId);
  const [row] = await ctx.db.select().from(customerProfilePending).where(eq(customerProfilePending.customerId, customerId));
  if (!row) throw new AppError('CUSTOMER_PROFILE_CHANGE_NOT_FOUND');
  const changes = (row.changes as StoredChange[]).map((c) => fromStored(ctx.crypto, c));
  const unmasked = actor.permissions.has('pii:unmask');
  if (unmasked && changes.some((c) => PERSONAL_FIELDS.has(c.field))) {
    await withTx(ctx.db, (tx) =>
      auditCommand(
        tx,
        cmd,
        'pii.unmask',
        { type: 'customer', id: customerId },
        {
          fields: changes.filter((c) => PERSONAL_FIELDS.has(c.field)).map((c) => c.field),
          reviewRequestId: Number(row.reviewRequestId),
        },
      ),
    );
  }
  const names = await displayNames(ctx.db, { staffIds: [Number(row.makerId)] });
  return {
    reviewRequestId: Number(row.reviewRequestId),
    makerId: Number(row.makerId),
    makerName: names.staff.get(Number(row.makerId)) ?? null,
    createdAt: row.createdAt.toISOString(),
    unmasked,
    lines: changes.map((c) => line(c, unmasked)),
  };
}

/** Every field change of a customer, newest first, personal values masked; paged, within scope. */
export async function listProfileHistory(
  ctx: AppContext,
  actor: Actor,
  customerId: number,
  query: ProfileHistoryQuery,
): Promise<ProfileHistoryPage> {
  await assertVisible(ctx, actor, customerId);
  const page = Math.max(1, Math.trunc(query.page));
  const pageSize = Math.min(200, Math.max(1, Math.trunc(query.pageSize)));
  const where = and(
    eq(customerProfileHistory.customerId, customerId),
    query.field ? eq(customerProfileHistory.field, query.field) : undefined,
  );
  const [{ n }] = await ctx.db.select({ n: count() }).from(customerProfileHistory).where(where);
  const rows = await ctx.db
    .select()
    .from(customerProfileHistory)
    .where(where)
    .orderBy(desc(customerProfileHistory.id), asc(customerProfileHistory.field))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const names = await displayNames(ctx.db, { staffIds: rows.flatMap((r) => [Number(r.makerId), Number(r.checkerId)]) });
  const items: ProfileHistoryItem[] = rows.map((r) => {
    const field = r.field as ProfileField;
    return {
      id: Number(r.id),
      field,
      label: PROFILE_LABELS_ZH[field] ?? field,
      before: r.beforeDisplay,
      after: r.afterDisplay,
      reviewRequestId: Number(r.reviewRequestId),
      makerId: Number(r.makerId),
      makerName: names.staff.get(Number(r.makerId)) ?? null,
      checkerId: Number(r.checkerId),
      checkerName: names.staff.get(Number(r.checkerId)) ?? null,
      businessDate: r.businessDate,
      changedAt: r.changedAt.toISOString(),
    };
  });
  return { items, total: Number(n), page, pageSize };
}
