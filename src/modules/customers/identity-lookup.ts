/**
 * Which of a list's people are customers already: by the lookup hashes of their ID numbers and
 * mobiles (the prospect lists' de-duplication). Hashes only: nothing personal leaves the module.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';

const CHUNK = 5000;

/** A Postgres text[] literal (one parameter, however many values). */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The ID-number hashes and mobile hashes among those given that belong to a customer. */
export async function knownCustomerHashes(
  tx: Tx,
  idNumberHashes: string[],
  mobileHashes: string[],
): Promise<{ idNumberHashes: Set<string>; mobileHashes: Set<string> }> {
  const ids = new Set<string>();
  const mobiles = new Set<string>();
  for (let i = 0; i < idNumberHashes.length; i += CHUNK) {
    const rows = await queryRows<{ h: string }>(
      tx,
      sql`SELECT id_number_hash AS h FROM customer_identities WHERE id_number_hash = ANY(${textArray(idNumberHashes.slice(i, i + CHUNK))}::text[])`,
    );
    for (const r of rows) ids.add(r.h);
  }
  for (let i = 0; i < mobileHashes.length; i += CHUNK) {
    const rows = await queryRows<{ h: string }>(
      tx,
      sql`SELECT DISTINCT mobile_hash AS h FROM customers WHERE mobile_hash = ANY(${textArray(mobileHashes.slice(i, i + CHUNK))}::text[])`,
    );
    for (const r of rows) mobiles.add(r.h);
  }
  return { idNumberHashes: ids, mobileHashes: mobiles };
}

/** The lookup hash of a customer's ID number (one shard), or null for no such customer. */
export async function idNumberHashOfCustomer(tx: Tx, customerId: number): Promise<string | null> {
  const [row] = await queryRows<{ h: string }>(tx, sql`SELECT id_number_hash AS h FROM customers WHERE id = ${customerId}`);
  return row?.h ?? null;
}

/** The customer of each given ID-number lookup hash that belongs to one (absent: not a customer). */
export async function customerIdsByIdNumberHash(tx: Tx, idNumberHashes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < idNumberHashes.length; i += CHUNK) {
    const rows = await queryRows<{ h: string; customer_id: string }>(
      tx,
      sql`SELECT id_number_hash AS h, customer_id::text AS customer_id FROM customer_identities
           WHERE id_number_hash = ANY(${textArray(idNumberHashes.slice(i, i + CHUNK))}::text[])`,
    );
    for (const r of rows) out.set(r.h, Number(r.customer_id));
  }
  return out;
}
