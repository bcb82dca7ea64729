/**
 * Customers registered and looked up by the thousand (a bank's migration file, the demo's opening book):
 * the same outcome as ensureCustomer (and setIndividualBusiness) row after row, in a few statements per
 * chunk instead of four or five per customer.
 *
 * - Every input is checked in row order as ensureCustomer checks it (name, ID number at the business
 *   date, mobile, profile fields, branch, officer id; the business's credit code and name as
 *   setIndividualBusiness checks them), so a bad input fails with the same error.
 * - A customer already registered under the ID number goes through ensureCustomer itself (it locks,
 *   compares name and mobile, fills empty fields) — unless the bulk read shows it matches and has nothing
 *   to fill, in which case ensureCustomer would write nothing and nothing is done.
 * - New customers: their ids are drawn from customer_id_seq in row order, their ID numbers claimed in
 *   customer_identities with one multi-row INSERT … ON CONFLICT DO NOTHING, and their rows written with one
 *   multi-row INSERT per chunk. A number another transaction claimed in the meantime (the claim returns no
 *   row) falls back to ensureCustomer, which waits for that transaction and reconciles as usual.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import type { FieldCrypto } from '../../kernel/crypto.js';
import type { IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { parseIdNumber, type IdNumberInfo } from '../../kernel/idcard.js';
import { maskName } from '../../kernel/mask.js';
import { parseMobile } from '../../kernel/mobile.js';
import { parseCreditCode } from '../../kernel/uscc.js';
import { branchById } from '../org/index.js';
import { getBusinessDate } from '../calendar/index.js';
import {
  BUSINESS_NAME_MAX_CHARS,
  checkMonthlyIncome,
  ensureCustomer,
  normalizeCustomerName,
  OCCUPATION_MAX_CHARS,
  optionalText,
  RESIDENCE_MAX_CHARS,
  setIndividualBusiness,
  type EnsureCustomerInput,
} from './customers.service.js';

/** Rows per statement: one JSON parameter each, well under any statement or parameter limit. */
const CHUNK = 1000;

export interface BulkCustomerInput extends EnsureCustomerInput {
  /** An individual business (个体工商户): recorded, as setIndividualBusiness does, when the customer has none yet. */
  creditCode?: string | null;
  businessName?: string | null;
}

interface Prepared {
  input: BulkCustomerInput;
  name: string;
  id: IdNumberInfo;
  mobile: string;
  idHash: string;
  nameHash: string;
  mobileHash: string;
  residence: string | null;
  occupation: string | null;
  monthlyIncomeFen: bigint | null;
  officerId: number | null;
  business: { creditCode: string; businessName: string } | null;
}

interface ExistingRow {
  id: string;
  name_hash: string;
  mobile_hash: string;
  residence: string | null;
  occupation: string | null;
  monthly_income_fen: string | null;
  officer_id: string | null;
  branch_id: string;
  credit_code: string | null;
}

/**
 * Registers (or reconciles) every input as ensureCustomer would, in the caller's transaction; the
 * individual business of an input is recorded when the customer has none. Returns how many customers
 * were new and how many were known. The caller audits its command.
 */
export async function registerCustomers(
  tx: Tx,
  crypto: FieldCrypto,
  inputs: BulkCustomerInput[],
): Promise<{ created: number; known: number }> {
  const businessDate = await getBusinessDate(tx);
  const branches = new Map<number, boolean>();
  let created = 0;
  let known = 0;
  for (let i = 0; i < inputs.length; i += CHUNK) {
    const chunk: Prepared[] = [];
    for (const input of inputs.slice(i, i + CHUNK)) {
      chunk.push(
        await prepare(crypto, input, businessDate, async (id) => {
          if (!branches.has(id)) branches.set(id, !!(await branchById(tx, id)));
          return branches.get(id)!;
        }),
      );
    }
    const existing = await existingRows(
      tx,
      chunk.map((p) => p.idHash),
    );
    const fresh: Prepared[] = [];
    for (const p of chunk) {
      const row = existing.get(p.idHash);
      if (!row) {
        fresh.push(p);
        continue;
      }
      known++;
      if (!needsWrite(p, row)) continue;
      await ensureOne(tx, crypto, p);
    }
    created += await insertNew(tx, crypto, fresh, businessDate);
  }
  return { created, known };
}

/** ensureCustomer's checks of one input, in its order, and setIndividualBusiness's of its business (same errors). */
async function prepare(
  crypto: FieldCrypto,
  input: BulkCustomerInput,
  businessDate: IsoDate,
  branchExists: (id: number) => Promise<boolean>,
): Promise<Prepared> {
  const name = normalizeCustomerName(input.name);
  const id = parseIdNumber(input.idNumber, { asOf: businessDate });
  const mobile = parseMobile(input.mobile);
  const residence = optionalText(input.residence, RESIDENCE_MAX_CHARS, 'residence');
  const occupation = optionalText(input.occupation, OCCUPATION_MAX_CHARS, 'occupation');
  const monthlyIncomeFen = checkMonthlyIncome(input.monthlyIncomeFen);
  if (!Number.isSafeInteger(input.branchId) || input.branchId <= 0 || !(await branchExists(input.branchId))) {
    throw new AppError('BRANCH_NOT_FOUND', { branchId: input.branchId });
  }
  const officerId = input.officerId ?? null;
  if (officerId !== null && (!Number.isSafeInteger(officerId) || officerId <= 0)) {
    throw new AppError('VALIDATION_FAILED', { field: 'officerId' });
  }
  let business: Prepared['business'] = null;
  if (input.creditCode && input.businessName) {
    const { creditCode } = parseCreditCode(input.creditCode);
    const businessName = optionalText(input.businessName, BUSINESS_NAME_MAX_CHARS, 'businessName');
    if (!businessName) throw new AppError('CUSTOMER_PROFILE_INVALID', { field: 'businessName', reason: 'REQUIRED' });
    business = { creditCode, businessName };
  }
  return {
    input,
    name,
    id,
    mobile,
    idHash: crypto.lookupHash(id.idNumber),
    nameHash: crypto.lookupHash(name),
    mobileHash: crypto.lookupHash(mobile),
    residence,
    occupation,
    monthlyIncomeFen,
    officerId,
    business,
  };
}

/** Whether ensureCustomer (and setIndividualBusiness) would refuse or change this known customer. */
function needsWrite(p: Prepared, row: ExistingRow): boolean {
  if (row.name_hash !== p.nameHash || row.mobile_hash !== p.mobileHash) return true; // ensureCustomer refuses it
  if (row.residence === null && p.residence !== null) return true;
  if (row.occupation === null && p.occupation !== null) return true;
  if (row.monthly_income_fen === null && p.monthlyIncomeFen !== null) return true;
  if (row.officer_id === null && p.officerId !== null && Number(row.branch_id) === p.input.branchId) return true;
  return p.business !== null && row.credit_code === null;
}

/** One known customer the row-by-row way (locks it, compares, fills; records the business if it has none). */
async function ensureOne(tx: Tx, crypto: FieldCrypto, p: Prepared): Promise<void> {
  const { customer } = await ensureCustomer(tx, crypto, p.input);
  if (p.business && customer.creditCode === null) await setIndividualBusiness(tx, customer.id, p.business);
}

/** A Postgres text[] literal (one parameter, however many values). */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Registered customers by ID-number hash (the identity, then the customer's row: two single-table reads). */
async function existingRows(tx: Tx, hashes: string[]): Promise<Map<string, ExistingRow>> {
  const out = new Map<string, ExistingRow>();
  if (hashes.length === 0) return out;
  const ids = await queryRows<{ h: string; customer_id: string }>(
    tx,
    sql`SELECT id_number_hash AS h, customer_id::text AS customer_id FROM customer_identities
         WHERE id_number_hash = ANY(${textArray(hashes)}::text[])`,
  );
  if (ids.length === 0) return out;
  const rows = await queryRows<ExistingRow>(
    tx,
    sql`SELECT id::text AS id, name_hash, mobile_hash, residence, occupation, monthly_income_fen::text AS monthly_income_fen,
               officer_id::text AS officer_id, branch_id::text AS branch_id, credit_code
          FROM customers WHERE id = ANY(${`{${ids.map((r) => r.customer_id).join(',')}}`}::bigint[])`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const { h, customer_id } of ids) {
    const row = byId.get(customer_id);
    if (row) out.set(h, row);
    // an identity without its customer row: ensureCustomer's invariant reports it
    else out.set(h, { ...EMPTY_ROW, id: customer_id });
  }
  return out;
}

/** Stands for an identity whose customer row is missing: never matches, so ensureCustomer handles it. */
const EMPTY_ROW: ExistingRow = {
  id: '',
  name_hash: '',
  mobile_hash: '',
  residence: null,
  occupation: null,
  monthly_income_fen: null,
  officer_id: null,
  branch_id: '0',
  credit_code: null,
};

/** New customers: ids in row order, the ID numbers claimed, the rows written; a lost claim goes row by row. */
async function insertNew(tx: Tx, crypto: FieldCrypto, fresh: Prepared[], businessDate: IsoDate): Promise<number> {
  if (fresh.length === 0) return 0;
  const drawn = await queryRows<{ id: string }>(
    tx,
    sql`SELECT nextval('customer_id_seq')::text AS id FROM generate_series(1, ${fresh.length})`,
  );
  const ids = drawn.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const claims = fresh.map((p, k) => ({ h: p.idHash, i: ids[k]!.toString() }));
  const claimed = await queryRows<{ h: string }>(
    tx,
    sql`INSERT INTO customer_identities (id_number_hash, customer_id, created_at)
        SELECT x->>'h', (x->>'i')::bigint, ${nowParam()}
          FROM jsonb_array_elements(${JSON.stringify(claims)}::jsonb) AS x
        ON CONFLICT DO NOTHING
        RETURNING id_number_hash AS h`,
  );
  const won = new Set(claimed.map((r) => r.h));
  const rows = fresh
    .map((p, k) => ({ p, id: ids[k]!.toString() }))
    .filter(({ p }) => won.has(p.idHash))
    .map(({ p, id }) => ({
      id,
      k: p.business ? 'INDIVIDUAL_BUSINESS' : 'INDIVIDUAL',
      ne: crypto.encrypt(p.name),
      nh: p.nameHash,
      nm: maskName(p.name),
      ie: crypto.encrypt(p.id.idNumber),
      ih: p.idHash,
      me: crypto.encrypt(p.mobile),
      mh: p.mobileHash,
      bd: p.id.birthDate,
      sx: p.id.sex,
      rc: p.id.regionCode,
      re: p.residence,
      oc: p.occupation,
      mi: p.monthlyIncomeFen === null ? null : p.monthlyIncomeFen.toString(),
      cc: p.business?.creditCode ?? null,
      bn: p.business?.businessName ?? null,
      of: p.officerId === null ? null : String(p.officerId),
      br: String(p.input.branchId),
    }));
  if (rows.length > 0) {
    await tx.execute(
      sql`INSERT INTO customers (id, kind, name_enc, name_hash, name_masked, id_number_enc, id_number_hash, mobile_enc, mobile_hash,
                                 birth_date, sex, region_code, residence, occupation, monthly_income_fen, credit_code, business_name,
                                 officer_id, branch_id, first_seen_date, created_at, updated_at)
          SELECT (x->>'id')::bigint, x->>'k', x->>'ne', x->>'nh', x->>'nm', x->>'ie', x->>'ih', x->>'me', x->>'mh',
                 (x->>'bd')::date, x->>'sx', x->>'rc', x->>'re', x->>'oc', (x->>'mi')::bigint, x->>'cc', x->>'bn',
                 (x->>'of')::bigint, (x->>'br')::bigint, ${businessDate}::date, ${nowParam()}, ${nowParam()}
            FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) AS x`,
    );
  }
  // claimed by another transaction since the read: that customer now exists; reconcile as ensureCustomer does
  for (const p of fresh) if (!won.has(p.idHash)) await ensureOne(tx, crypto, p);
  return rows.length;
}

/** The customer (id and branch) of each given resident ID number that belongs to one, keyed by the normalised number. */
export async function customerRefsByIdNumbers(
  tx: Tx,
  crypto: FieldCrypto,
  idNumbers: string[],
): Promise<Map<string, { id: number; branchId: number }>> {
  const byHash = new Map<string, string>();
  for (const n of idNumbers) {
    const normal = parseIdNumber(n).idNumber;
    byHash.set(crypto.lookupHash(normal), normal);
  }
  const out = new Map<string, { id: number; branchId: number }>();
  const hashes = [...byHash.keys()];
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const ids = await queryRows<{ h: string; customer_id: string }>(
      tx,
      sql`SELECT id_number_hash AS h, customer_id::text AS customer_id FROM customer_identities
           WHERE id_number_hash = ANY(${textArray(hashes.slice(i, i + CHUNK))}::text[])`,
    );
    if (ids.length === 0) continue;
    const rows = await queryRows<{ id: string; branch_id: string }>(
      tx,
      sql`SELECT id::text AS id, branch_id::text AS branch_id FROM customers
           WHERE id = ANY(${`{${ids.map((r) => r.customer_id).join(',')}}`}::bigint[])`,
    );
    const branchOf = new Map(rows.map((r) => [r.id, Number(r.branch_id)]));
    for (const { h, customer_id } of ids) {
      const branchId = branchOf.get(customer_id);
      if (branchId !== undefined) out.set(byHash.get(h)!, { id: Number(customer_id), branchId });
    }
  }
  return out;
}
