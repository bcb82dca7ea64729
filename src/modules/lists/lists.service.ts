/**
 * External lists: court enforcement (被执行人), dishonest judgment debtors (失信被执行人) and the
 * bank's blacklist (本行黑名单). Entries come from files (import type EXTERNAL_LIST) and are keyed by
 * the listed person's ID-number lookup hash; only masked name and ID number are kept.
 */
import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { InvariantError } from '../../kernel/errors.js';
import { getBusinessDate } from '../calendar/index.js';
import type { ListEntriesPage, ListEntry, ListType } from './lists.contract.js';

export { LIST_TYPES, type ListType } from './lists.contract.js';

export interface ListHits {
  courtEnforcement: boolean;
  dishonest: boolean;
  bankBlacklist: boolean;
  entries: Array<{ listType: ListType; caseNo: string | null; source: string; listedOn: IsoDate }>;
}

const HASH_RE = /^[0-9a-f]{64}$/;

/** Entries in force on the date: listed on or before it and not removed by then (removal on the date ends it). */
export async function listHits(tx: Tx, idNumberHash: string, businessDate: IsoDate): Promise<ListHits> {
  if (typeof idNumberHash !== 'string' || !HASH_RE.test(idNumberHash)) {
    throw new InvariantError('listHits: idNumberHash must be the lookup hash of the ID number');
  }
  const date = parseIsoDate(businessDate);
  const rows = await queryRows<{ list_type: ListType; case_no: string | null; source: string; listed_on: string }>(
    tx,
    sql`SELECT list_type, case_no, source, listed_on::text AS listed_on
        FROM external_list_entries
        WHERE id_number_hash = ${idNumberHash}
          AND listed_on <= ${date}::date
          AND (removed_on IS NULL OR removed_on > ${date}::date)
        ORDER BY listed_on, id`,
  );
  const entries = rows.map((r) => ({ listType: r.list_type, caseNo: r.case_no, source: r.source, listedOn: r.listed_on }));
  return {
    courtEnforcement: entries.some((e) => e.listType === 'COURT_ENFORCEMENT'),
    dishonest: entries.some((e) => e.listType === 'DISHONEST'),
    bankBlacklist: entries.some((e) => e.listType === 'BANK_BLACKLIST'),
    entries,
  };
}

export type ListEntryView = ListEntry;

export interface ListEntriesQuery {
  page: number;
  pageSize: number;
  listType?: ListType;
  /** true: only entries in force on the business date; false: only those not (yet or any more) in force. */
  active?: boolean;
}

/** Bank-wide reference data: any holder of customer:read sees the (masked) entries. */
export async function listEntries(db: Db, q: ListEntriesQuery): Promise<ListEntriesPage> {
  const page = Math.max(1, Math.trunc(q.page));
  const pageSize = Math.min(200, Math.max(1, Math.trunc(q.pageSize)));
  const businessDate = await getBusinessDate(db);
  const inForce = sql`(listed_on <= ${businessDate}::date AND (removed_on IS NULL OR removed_on > ${businessDate}::date))`;
  const where = sql.join(
    [
      sql`TRUE`,
      ...(q.listType ? [sql`list_type = ${q.listType}`] : []),
      ...(q.active === undefined ? [] : [q.active ? inForce : sql`NOT ${inForce}`]),
    ],
    sql` AND `,
  );
  const count = await queryOne<{ n: string | number }>(db, sql`SELECT count(*) AS n FROM external_list_entries WHERE ${where}`);
  const rows = await queryRows<{
    id: string | number;
    list_type: ListType;
    name_masked: string;
    id_number_masked: string;
    case_no: string | null;
    source: string;
    listed_on: string;
    removed_on: string | null;
    active: boolean;
  }>(
    db,
    sql`SELECT id, list_type, name_masked, id_number_masked, case_no, source, listed_on::text AS listed_on,
               removed_on::text AS removed_on, ${inForce} AS active
        FROM external_list_entries WHERE ${where}
        ORDER BY listed_on DESC, id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      listType: r.list_type,
      nameMasked: r.name_masked,
      idNumberMasked: r.id_number_masked,
      caseNo: r.case_no,
      source: r.source,
      listedOn: r.listed_on,
      removedOn: r.removed_on,
      active: r.active === true || (r.active as unknown) === 't',
    })),
    total: Number(count?.n ?? 0),
    page,
    pageSize,
    businessDate,
  };
}

/**
 * The list hits of many people at once (batch pre-credit): for each ID-number lookup hash on some list in
 * force on the date, which lists. People on no list are absent from the map. One statement per 10,000.
 */
export async function listHitsByHashes(
  tx: Tx,
  idNumberHashes: readonly string[],
  businessDate: IsoDate,
): Promise<Map<string, Pick<ListHits, 'courtEnforcement' | 'dishonest' | 'bankBlacklist'>>> {
  const date = parseIsoDate(businessDate);
  const hits = new Map<string, Pick<ListHits, 'courtEnforcement' | 'dishonest' | 'bankBlacklist'>>();
  for (let i = 0; i < idNumberHashes.length; i += 10_000) {
    const chunk = idNumberHashes.slice(i, i + 10_000);
    if (chunk.some((h) => !HASH_RE.test(h))) throw new InvariantError('listHitsByHashes: lookup hashes only');
    const rows = await queryRows<{ id_number_hash: string; list_type: ListType }>(
      tx,
      sql`SELECT DISTINCT id_number_hash, list_type FROM external_list_entries
          WHERE id_number_hash = ANY(${`{${chunk.join(',')}}`}::text[])
            AND listed_on <= ${date}::date AND (removed_on IS NULL OR removed_on > ${date}::date)`,
    );
    for (const r of rows) {
      const h = hits.get(r.id_number_hash) ?? { courtEnforcement: false, dishonest: false, bankBlacklist: false };
      if (r.list_type === 'COURT_ENFORCEMENT') h.courtEnforcement = true;
      if (r.list_type === 'DISHONEST') h.dishonest = true;
      if (r.list_type === 'BANK_BLACKLIST') h.bankBlacklist = true;
      hits.set(r.id_number_hash, h);
    }
  }
  return hits;
}
