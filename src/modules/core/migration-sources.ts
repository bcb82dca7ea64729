/**
 * Bulk reads for a migration of loans (origination's ONLINE_LOANS import): each customer's first
 * active demand account (the account a migrated loan is serviced from) and certificates by number (the
 * CDs pledged to migrated 质押e贷 lines) — one statement per chunk instead of one call per customer.
 * With another core adapter the adapter's own per-customer calls answer.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { core, isEmbeddedCore } from './adapter.js';

const CHUNK = 2000;

/** customer id → the number of their first active demand account (by opening date, then number); customers without one are absent. */
export async function activeDemandAccountsOf(tx: Tx, customerIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(customerIds)].sort((a, b) => a - b);
  const out = new Map<number, string>();
  if (!isEmbeddedCore()) {
    for (const id of ids) {
      const active = (await core.demandAccounts(tx, id)).find((a) => a.status === 'ACTIVE');
      if (active) out.set(id, active.accountNo);
    }
    return out;
  }
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await queryRows<{ customer_id: string; account_no: string }>(
      tx,
      sql`SELECT DISTINCT ON (customer_id) customer_id::text AS customer_id, account_no
            FROM core_demand_accounts
           WHERE customer_id = ANY(${`{${ids.slice(i, i + CHUNK).join(',')}}`}::bigint[]) AND status = 'ACTIVE'
           ORDER BY customer_id, opened_on, account_no`,
    );
    for (const r of rows) out.set(Number(r.customer_id), r.account_no);
  }
  return out;
}

export interface CertificateOfCustomer {
  customerId: number;
  cdNo: string;
  principalFen: bigint;
  maturityDate: IsoDate;
  status: string;
}

/** The certificates of deposit with these numbers, whoever holds them (numbers unknown to the core are absent). */
export async function certificatesByNumbers(
  tx: Tx,
  cdNos: readonly string[],
  holders: readonly number[] = [],
): Promise<CertificateOfCustomer[]> {
  const wanted = [...new Set(cdNos)];
  if (wanted.length === 0) return [];
  if (!isEmbeddedCore()) {
    const out: CertificateOfCustomer[] = [];
    const set = new Set(wanted);
    for (const id of new Set(holders)) {
      for (const c of await core.certificates(tx, id)) {
        if (set.has(c.cdNo))
          out.push({ customerId: id, cdNo: c.cdNo, principalFen: c.principalFen, maturityDate: c.maturityDate, status: c.status });
      }
    }
    return out;
  }
  const out: CertificateOfCustomer[] = [];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await queryRows<{ customer_id: string; cd_no: string; principal_fen: string; maturity_date: string; status: string }>(
      tx,
      sql`SELECT customer_id::text AS customer_id, cd_no, principal_fen::text AS principal_fen, maturity_date::text AS maturity_date, status
            FROM core_certificates
           WHERE cd_no IN (SELECT jsonb_array_elements_text(${JSON.stringify(wanted.slice(i, i + CHUNK))}::jsonb))`,
    );
    for (const r of rows)
      out.push({
        customerId: Number(r.customer_id),
        cdNo: r.cd_no,
        principalFen: BigInt(r.principal_fen),
        maturityDate: r.maturity_date as IsoDate,
        status: r.status,
      });
  }
  return out;
}
