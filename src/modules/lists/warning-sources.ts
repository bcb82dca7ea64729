/**
 * The lists module's data for the warning rules (src/modules/warning): the entries in force on D, as a
 * SELECT to join on the customers' ID-number hashes — matched as listHits matches an applicant (the
 * same hash, listed on or before D, not removed by D).
 */
import { sql, type SQL } from 'drizzle-orm';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

/** Entries in force on D: (entry_id, list_type, id_number_hash, case_no, source, listed_on). A reference table: no partition. */
export function listEntriesInForceSource(D: IsoDate): SQL {
  parseIsoDate(D);
  return sql`SELECT e.id AS entry_id, e.list_type, e.id_number_hash, e.case_no, e.source, e.listed_on
               FROM external_list_entries e
              WHERE e.listed_on <= ${D}::date AND (e.removed_on IS NULL OR e.removed_on > ${D}::date)`;
}
