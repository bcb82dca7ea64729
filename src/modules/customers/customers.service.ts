/**
 * Customers: one per resident ID number, personal data encrypted at rest with lookup hashes, masked
 * for staff lists, shown whole only with pii:unmask (audited).
 *
 * The cross-module functions (findCustomerByIdNumber, ensureCustomer, getCustomer) take the caller's
 * transaction, so an application flow registers the customer and the application together or not at
 * all. The caller audits its command; these functions write no audit entry of their own.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, withTx, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import type { AppContext, CommandContext } from '../../context.js';
import { ageAt, compareDates, type IsoDate } from '../../kernel/dates.js';
import type { FieldCrypto } from '../../kernel/crypto.js';
import { AppError, invariant } from '../../kernel/errors.js';
import { parseIdNumber, validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import { normalizeMobile, parseMobile } from '../../kernel/mobile.js';
import { formatYuan } from '../../kernel/money.js';
import { parseCreditCode } from '../../kernel/uscc.js';
import { getStaff } from '../access/index.js';
import { branchById, scopeCondition, type Actor } from '../org/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { parseSort } from '../../kernel/contract.js';
import type {
  CustomerDetail,
  CustomerListItem,
  CustomerPage,
  CustomerPii,
  CustomerQuery,
  CustomerSort,
  CustomerSortField,
} from './customers.contract.js';
import { customerIdentities, customers, type CustomerKind } from './schema.js';
import { pendingProfileChangeId } from './profile.service.js';

// ---------------------------------------------------------------------------------------------
// the contract (docs/lending-modules.md)

export interface CustomerRecord {
  id: number;
  kind: CustomerKind;
  /** Decrypted; never log them. */
  name: string;
  idNumber: string;
  mobile: string;
  /** Derived from the ID number. */
  birthDate: IsoDate;
  sex: 'M' | 'F';
  regionCode: string;
  residence: string | null;
  occupation: string | null;
  monthlyIncomeFen: bigint | null;
  creditCode: string | null;
  businessName: string | null;
  officerId: number | null;
  branchId: number;
  /** Full years since the business date the customer was first registered. */
  yearsAsCustomer: number;
  createdAt: string;
}

export interface EnsureCustomerInput {
  name: string;
  idNumber: string;
  mobile: string;
  branchId: number;
  officerId: number | null;
  occupation?: string | null;
  monthlyIncomeFen?: bigint | null;
  residence?: string | null;
}

export const NAME_MAX_CHARS = 50;
export const RESIDENCE_MAX_CHARS = 200;
export const OCCUPATION_MAX_CHARS = 50;
export const BUSINESS_NAME_MAX_CHARS = 100;
/** 10 million yuan a month: anything larger is a typo (and would distort the decision engine). */
export const MAX_MONTHLY_INCOME_FEN = 10_000_000n * 100n;

// Digits, control characters and most punctuation never appear in a person's name; the middle dot
// (·) of minority and foreign names and a hyphen do.
const NAME_FORBIDDEN_RE = /[\p{Cc}\p{Cf}\d<>{}[\]\\/|@#$%^&*=+~`";:!?，。；：！？]/u;

/** Trims and collapses inner white space; CUSTOMER_NAME_INVALID when empty, too long or odd. */
export function normalizeCustomerName(name: unknown): string {
  const s = typeof name === 'string' ? name.replace(/\s+/g, ' ').trim() : '';
  const chars = Array.from(s).length;
  if (chars === 0 || chars > NAME_MAX_CHARS || NAME_FORBIDDEN_RE.test(s)) {
    throw new AppError('CUSTOMER_NAME_INVALID', { reason: chars === 0 ? 'EMPTY' : chars > NAME_MAX_CHARS ? 'TOO_LONG' : 'CHARACTERS' });
  }
  return s;
}

/** An optional text field: trimmed, empty → null, too long → CUSTOMER_PROFILE_INVALID. */
export function optionalText(value: string | null | undefined, maxChars: number, field: string): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if (Array.from(s).length > maxChars || /[\p{Cc}]/u.test(s)) {
    throw new AppError('CUSTOMER_PROFILE_INVALID', { field, reason: 'TOO_LONG_OR_CONTROL_CHARACTERS', maxChars });
  }
  return s;
}

export function checkMonthlyIncome(fen: bigint | null | undefined): bigint | null {
  if (fen === null || fen === undefined) return null;
  if (typeof fen !== 'bigint' || fen < 0n || fen > MAX_MONTHLY_INCOME_FEN) {
    throw new AppError('CUSTOMER_PROFILE_INVALID', { field: 'monthlyIncome', reason: 'OUT_OF_RANGE' });
  }
  return fen;
}

type CustomerRow = typeof customers.$inferSelect;

async function customerIdByHash(tx: Tx, idNumberHash: string): Promise<number | null> {
  const [row] = await tx
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(eq(customerIdentities.idNumberHash, idNumberHash))
    .limit(1);
  return row ? Number(row.customerId) : null;
}

function toRecord(crypto: FieldCrypto, r: CustomerRow, businessDate: IsoDate): CustomerRecord {
  return {
    id: Number(r.id),
    kind: r.kind,
    name: crypto.decrypt(r.nameEnc),
    idNumber: crypto.decrypt(r.idNumberEnc),
    mobile: crypto.decrypt(r.mobileEnc),
    birthDate: r.birthDate,
    sex: r.sex,
    regionCode: r.regionCode,
    residence: r.residence,
    occupation: r.occupation,
    monthlyIncomeFen: r.monthlyIncomeFen === null ? null : BigInt(r.monthlyIncomeFen),
    creditCode: r.creditCode,
    businessName: r.businessName,
    officerId: r.officerId === null ? null : Number(r.officerId),
    branchId: Number(r.branchId),
    yearsAsCustomer: fullYears(r.firstSeenDate, businessDate),
    createdAt: r.createdAt.toISOString(),
  };
}

/** Full years from `from` to `to`; 0 when `to` is earlier (a date set back by hand). */
function fullYears(from: IsoDate, to: IsoDate): number {
  return compareDates(to, from) < 0 ? 0 : ageAt(from, to);
}

async function loadRow(tx: Tx, customerId: number, forUpdate = false): Promise<CustomerRow | undefined> {
  const q = tx.select().from(customers).where(eq(customers.id, customerId)).limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** The customer holding this resident ID number, or null. INVALID_ID_NUMBER for a malformed number. */
export async function findCustomerByIdNumber(tx: Tx, crypto: FieldCrypto, idNumber: string): Promise<CustomerRecord | null> {
  const { idNumber: normal } = parseIdNumber(idNumber);
  const customerId = await customerIdByHash(tx, crypto.lookupHash(normal));
  if (customerId === null) return null;
  return getCustomer(tx, crypto, customerId);
}

/** One customer by id, decrypted. CUSTOMER_NOT_FOUND. */
export async function getCustomer(tx: Tx, crypto: FieldCrypto, customerId: number): Promise<CustomerRecord> {
  if (!Number.isSafeInteger(customerId) || customerId <= 0) throw new AppError('CUSTOMER_NOT_FOUND');
  const row = await loadRow(tx, customerId);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  return toRecord(crypto, row, await getBusinessDate(tx));
}

/**
 * The customer with this ID number, registered on first sight (one per ID number, also when two
 * first applications arrive at once). An existing customer must match the name and the reserved
 * mobile (CUSTOMER_NAME_MISMATCH / CUSTOMER_MOBILE_MISMATCH); empty profile fields are filled from
 * the input; officer and branch are never changed (an unassigned customer of the same branch gets
 * the officer).
 */
export async function ensureCustomer(
  tx: Tx,
  crypto: FieldCrypto,
  input: EnsureCustomerInput,
): Promise<{ customer: CustomerRecord; created: boolean }> {
  const name = normalizeCustomerName(input.name);
  const businessDate = await getBusinessDate(tx);
  const id = parseIdNumber(input.idNumber, { asOf: businessDate });
  const mobile = parseMobile(input.mobile);
  const profile = {
    residence: optionalText(input.residence, RESIDENCE_MAX_CHARS, 'residence'),
    occupation: optionalText(input.occupation, OCCUPATION_MAX_CHARS, 'occupation'),
    monthlyIncomeFen: checkMonthlyIncome(input.monthlyIncomeFen),
  };
  if (!Number.isSafeInteger(input.branchId) || input.branchId <= 0 || !(await branchById(tx, input.branchId))) {
    throw new AppError('BRANCH_NOT_FOUND', { branchId: input.branchId });
  }
  const officerId = input.officerId ?? null;
  if (officerId !== null && (!Number.isSafeInteger(officerId) || officerId <= 0)) {
    throw new AppError('VALIDATION_FAILED', { field: 'officerId' });
  }
  const idHash = crypto.lookupHash(id.idNumber);
  const match = { nameHash: crypto.lookupHash(name), mobileHash: crypto.lookupHash(mobile) };
  const fill = { ...profile, officerId, branchId: input.branchId };

  // Known, or claim the ID number for a new customer, in one statement. A concurrent first
  // registration of the same number makes the claim wait for the other transaction; once it
  // commits, DO NOTHING, and the re-read sees its customer.
  const claim = await queryOne<{ existing: string | null; claimed: string | null }>(
    tx,
    sql`WITH existing AS (SELECT customer_id FROM customer_identities WHERE id_number_hash = ${idHash}),
        claimed AS (
          INSERT INTO customer_identities (id_number_hash, customer_id, created_at)
          SELECT ${idHash}, nextval('customer_id_seq'), ${nowParam()} WHERE NOT EXISTS (SELECT 1 FROM existing)
          ON CONFLICT DO NOTHING
          RETURNING customer_id
        )
        SELECT (SELECT customer_id::text FROM existing) AS existing, (SELECT customer_id::text FROM claimed) AS claimed`,
  );
  if (claim?.existing != null)
    return { customer: await reconcile(tx, crypto, Number(claim.existing), match, fill, businessDate), created: false };
  if (claim?.claimed == null) {
    const winner = await customerIdByHash(tx, idHash);
    invariant(winner !== null, 'customer_identities conflict without a committed row (needs READ COMMITTED)');
    return { customer: await reconcile(tx, crypto, winner, match, fill, businessDate), created: false };
  }

  const customerId = Number(claim.claimed);
  const [inserted] = await tx
    .insert(customers)
    .values({
      id: customerId,
      kind: 'INDIVIDUAL',
      nameEnc: crypto.encrypt(name),
      nameHash: match.nameHash,
      nameMasked: maskName(name),
      idNumberEnc: crypto.encrypt(id.idNumber),
      idNumberHash: idHash,
      mobileEnc: crypto.encrypt(mobile),
      mobileHash: match.mobileHash,
      birthDate: id.birthDate,
      sex: id.sex,
      regionCode: id.regionCode,
      residence: profile.residence,
      occupation: profile.occupation,
      monthlyIncomeFen: profile.monthlyIncomeFen,
      officerId,
      branchId: input.branchId,
      firstSeenDate: businessDate,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    })
    .returning();
  // The row as stored (RETURNING), exactly what getCustomer would read back.
  return { customer: toRecord(crypto, inserted!, businessDate), created: true };
}

async function reconcile(
  tx: Tx,
  crypto: FieldCrypto,
  customerId: number,
  match: { nameHash: string; mobileHash: string },
  fill: {
    residence: string | null;
    occupation: string | null;
    monthlyIncomeFen: bigint | null;
    officerId: number | null;
    branchId: number;
  },
  businessDate: IsoDate,
): Promise<CustomerRecord> {
  const row = await loadRow(tx, customerId, true);
  invariant(row, `customer ${customerId} of customer_identities has no customers row`);
  if (row.nameHash !== match.nameHash) throw new AppError('CUSTOMER_NAME_MISMATCH');
  if (row.mobileHash !== match.mobileHash) throw new AppError('CUSTOMER_MOBILE_MISMATCH');
  const set: Partial<typeof customers.$inferInsert> = {};
  if (row.residence === null && fill.residence !== null) set.residence = fill.residence;
  if (row.occupation === null && fill.occupation !== null) set.occupation = fill.occupation;
  if (row.monthlyIncomeFen === null && fill.monthlyIncomeFen !== null) set.monthlyIncomeFen = fill.monthlyIncomeFen;
  if (row.officerId === null && fill.officerId !== null && Number(row.branchId) === fill.branchId) set.officerId = fill.officerId;
  if (Object.keys(set).length === 0) return toRecord(crypto, row, businessDate);
  const [updated] = await tx
    .update(customers)
    .set({ ...set, updatedAt: clock.now() })
    .where(eq(customers.id, customerId))
    .returning();
  return toRecord(crypto, updated, businessDate);
}

/**
 * Records that the customer runs an individual business (个体工商户): its unified social credit code
 * (GB 32100, INVALID_CREDIT_CODE) and registered name. CUSTOMER_NOT_FOUND.
 */
export async function setIndividualBusiness(
  tx: Tx,
  customerId: number,
  input: { creditCode: string; businessName: string },
): Promise<void> {
  const { creditCode } = parseCreditCode(input.creditCode);
  const businessName = optionalText(input.businessName, BUSINESS_NAME_MAX_CHARS, 'businessName');
  if (!businessName) throw new AppError('CUSTOMER_PROFILE_INVALID', { field: 'businessName', reason: 'REQUIRED' });
  const updated = await tx
    .update(customers)
    .set({ kind: 'INDIVIDUAL_BUSINESS', creditCode, businessName, updatedAt: clock.now() })
    .where(eq(customers.id, customerId))
    .returning({ id: customers.id });
  if (updated.length === 0) throw new AppError('CUSTOMER_NOT_FOUND');
}

// ---------------------------------------------------------------------------------------------
// staff views: scoped, masked

export type { CustomerDetail, CustomerListItem, CustomerQuery } from './customers.contract.js';

function scoped(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: customers.branchId, officerId: customers.officerId });
}

/**
 * What a search text means: a valid ID number or mobile is looked up by its hash, anything else as
 * an exact name. Null when it cannot match anyone (e.g. digits that are neither).
 */
function searchCondition(crypto: FieldCrypto, q: string): SQL | null {
  const text = q.trim();
  const id = validateIdNumber(text);
  if (id.ok) return eq(customers.idNumberHash, crypto.lookupHash(id.value.idNumber));
  const mobile = normalizeMobile(text);
  if (mobile) return eq(customers.mobileHash, crypto.lookupHash(mobile));
  try {
    return eq(customers.nameHash, crypto.lookupHash(normalizeCustomerName(text)));
  } catch {
    return null;
  }
}

/**
 * The column behind each sort field of the customers list (the only text of a sort that reaches
 * SQL) and whether it runs against the field: an older birth date is a greater age.
 */
const CUSTOMER_SORT_COLUMNS: Record<CustomerSortField, { column: SQL; reversed: boolean }> = {
  id: { column: sql`${customers.id}`, reversed: false },
  createdAt: { column: sql`${customers.createdAt}`, reversed: false },
  firstSeenDate: { column: sql`${customers.firstSeenDate}`, reversed: false },
  age: { column: sql`${customers.birthDate}`, reversed: true },
  regionCode: { column: sql`${customers.regionCode}`, reversed: false },
};

/** ORDER BY of the customers list: the chosen column, then id in the sort's direction, so equal values keep one order across pages. */
function customerOrder(sort: CustomerSort | undefined): SQL[] {
  if (!sort) return [desc(customers.id)];
  const { field, descending } = parseSort(sort);
  const { column, reversed } = CUSTOMER_SORT_COLUMNS[field];
  const dir = descending ? desc : asc;
  const columnDir = descending !== reversed ? desc : asc;
  return field === 'id' ? [dir(customers.id)] : [columnDir(column), dir(customers.id)];
}

export async function listCustomers(ctx: AppContext, actor: Actor, query: CustomerQuery): Promise<CustomerPage> {
  const page = Math.max(1, Math.trunc(query.page));
  const pageSize = Math.min(200, Math.max(1, Math.trunc(query.pageSize)));
  const conds: SQL[] = [scoped(actor)];
  if (query.q && query.q.trim()) {
    const search = searchCondition(ctx.crypto, query.q);
    if (!search) return { items: [], total: 0, page, pageSize };
    conds.push(search);
  }
  const where = and(...conds);
  const [{ n }] = await ctx.db
    .select({ n: sql<string | number>`count(*)` })
    .from(customers)
    .where(where);
  const rows = await ctx.db
    .select()
    .from(customers)
    .where(where)
    .orderBy(...customerOrder(query.sort))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const businessDate = await getBusinessDate(ctx.db);
  const names = await namesFor(ctx, actor, rows);
  return { items: rows.map((r) => listItem(ctx.crypto, r, businessDate, names)), total: Number(n), page, pageSize };
}

async function scopedRow(ctx: AppContext, actor: Actor, customerId: number): Promise<CustomerRow> {
  const [row] = await ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), scoped(actor)))
    .limit(1);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  return row;
}

/** One customer within the actor's scope, masked. Outside the scope it does not exist (404). */
export async function getCustomerDetail(ctx: AppContext, actor: Actor, customerId: number): Promise<CustomerDetail> {
  const row = await scopedRow(ctx, actor, customerId);
  const businessDate = await getBusinessDate(ctx.db);
  const names = await namesFor(ctx, actor, [row]);
  return {
    ...listItem(ctx.crypto, row, businessDate, names),
    residence: row.residence,
    occupation: row.occupation,
    monthlyIncome: row.monthlyIncomeFen === null ? null : formatYuan(BigInt(row.monthlyIncomeFen)),
    creditCode: row.creditCode,
    businessName: row.businessName,
    yearsAsCustomer: fullYears(row.firstSeenDate, businessDate),
    updatedAt: row.updatedAt.toISOString(),
    employer: row.employer,
    maritalStatus: row.maritalStatus,
    dependants: row.dependants,
    spouseNameMasked: row.spouseNameMasked,
    collateralNotes: row.collateralNotes,
    pendingProfileChangeId: await pendingProfileChangeId(ctx.db, customerId),
  };
}

export const UNMASKED_FIELDS = ['name', 'idNumber', 'mobile'] as const;

/** Name, ID number and mobile in full, for pii:unmask holders within scope; every view is audited. */
export async function unmaskCustomer(ctx: AppContext, cmd: CommandContext, customerId: number): Promise<CustomerPii> {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  const row = await scopedRow(ctx, cmd.actor, customerId);
  return withTx(ctx.db, async (tx) => {
    await auditCommand(tx, cmd, 'pii.unmask', { type: 'customer', id: customerId }, { fields: [...UNMASKED_FIELDS] });
    return {
      name: ctx.crypto.decrypt(row.nameEnc),
      idNumber: ctx.crypto.decrypt(row.idNumberEnc),
      mobile: ctx.crypto.decrypt(row.mobileEnc),
    };
  });
}

interface Names {
  branches: Map<number, string>;
  officers: Map<number, string>;
}

/**
 * Branch and officer names for display, through the access module's public functions. Staff rows are
 * not customer data: the lookup uses bank scope (an officer sees their customers' officer's name even
 * without staff:read).
 */
async function namesFor(ctx: AppContext, actor: Actor, rows: CustomerRow[]): Promise<Names> {
  const branches = new Map<number, string>();
  const officers = new Map<number, string>();
  for (const id of new Set(rows.map((r) => Number(r.branchId)))) {
    const b = await branchById(ctx.db, id);
    if (b) branches.set(id, b.name);
  }
  const bankWide: Actor = { ...actor, scope: 'BANK' };
  for (const id of new Set(rows.filter((r) => r.officerId !== null).map((r) => Number(r.officerId)))) {
    try {
      officers.set(id, (await getStaff(ctx, bankWide, id)).name);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  return { branches, officers };
}

function listItem(crypto: FieldCrypto, r: CustomerRow, businessDate: IsoDate, names: Names): CustomerListItem {
  const branchId = Number(r.branchId);
  const officerId = r.officerId === null ? null : Number(r.officerId);
  return {
    id: Number(r.id),
    kind: r.kind,
    nameMasked: r.nameMasked,
    idNumberMasked: maskIdNumber(crypto.decrypt(r.idNumberEnc)),
    mobileMasked: maskMobile(crypto.decrypt(r.mobileEnc)),
    age: fullYears(r.birthDate, businessDate),
    sex: r.sex,
    regionCode: r.regionCode,
    branchId,
    branchName: names.branches.get(branchId) ?? null,
    officerId,
    officerName: officerId === null ? null : (names.officers.get(officerId) ?? null),
    firstSeenDate: r.firstSeenDate,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Existing customers by ID-number hash (for bulk checks such as imports): hash → name/mobile hashes. */
export async function existingByIdHashes(
  tx: Tx,
  hashes: string[],
): Promise<Map<string, { customerId: number; nameHash: string; mobileHash: string; creditCode: string | null }>> {
  const out = new Map<string, { customerId: number; nameHash: string; mobileHash: string; creditCode: string | null }>();
  const CHUNK = 1000;
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const chunk = hashes.slice(i, i + CHUNK);
    const ids = await tx
      .select({ hash: customerIdentities.idNumberHash, customerId: customerIdentities.customerId })
      .from(customerIdentities)
      .where(inArray(customerIdentities.idNumberHash, chunk));
    if (ids.length === 0) continue;
    const rows = await tx
      .select({ id: customers.id, nameHash: customers.nameHash, mobileHash: customers.mobileHash, creditCode: customers.creditCode })
      .from(customers)
      .where(
        inArray(
          customers.id,
          ids.map((r) => Number(r.customerId)),
        ),
      );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    for (const { hash, customerId } of ids) {
      const r = byId.get(Number(customerId));
      if (r) out.set(hash, { customerId: Number(customerId), nameHash: r.nameHash, mobileHash: r.mobileHash, creditCode: r.creditCode });
    }
  }
  return out;
}

/** Masked names of several customers at once, for lists in other modules (no decryption needed). */
export async function maskedNames(db: Tx, customerIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(customerIds)].filter((n) => Number.isSafeInteger(n));
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: customers.id, nameMasked: customers.nameMasked }).from(customers).where(inArray(customers.id, ids));
  return new Map(rows.map((r) => [Number(r.id), r.nameMasked]));
}
