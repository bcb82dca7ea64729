/**
 * What campaigns read of origination: the customers with an open credit line of a product (an SMS
 * segment), and the applications attributed to campaigns (their figures).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';

/** The customers with an open (ACTIVE or FROZEN) credit line of a product: a SELECT of customer_id. */
export function openLineCustomersOfProductSource(productCode: string): SQL {
  return sql`SELECT cl.customer_id FROM credit_lines cl WHERE cl.product_code = ${productCode} AND cl.status IN ('ACTIVE', 'FROZEN')`;
}

export interface CampaignApplication {
  campaignCode: string;
  customerId: number;
  productCode: string;
  approved: boolean;
}

/** The applications carrying one of the given campaign codes, with whether each was approved. */
export async function applicationsOfCampaigns(db: Db | Tx, codes: readonly string[]): Promise<CampaignApplication[]> {
  if (codes.length === 0) return [];
  const rows = await queryRows<{ campaign_code: string; customer_id: string; product_code: string; approved: boolean }>(
    db,
    sql`SELECT a.campaign_code, a.customer_id::text AS customer_id, a.product_code,
               (a.status = 'APPROVED' OR a.credit_line_id IS NOT NULL) AS approved
          FROM applications a WHERE a.campaign_code = ANY(${`{${codes.map((c) => `"${c}"`).join(',')}}`}::text[])`,
  );
  return rows.map((r) => ({
    campaignCode: r.campaign_code,
    customerId: Number(r.customer_id),
    productCode: r.product_code,
    approved: r.approved === true,
  }));
}
