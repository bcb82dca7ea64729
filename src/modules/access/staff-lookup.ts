/** Look-ups by name for the composition root and the command line (they reach staff through this door, not its table). */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { staff } from './schema.js';

/** The id of the staff member with this username (case-insensitive), or null. */
export async function staffIdByUsername(db: Db | Tx, username: string): Promise<number | null> {
  const [row] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, username.toLowerCase()));
  return row?.id ?? null;
}
