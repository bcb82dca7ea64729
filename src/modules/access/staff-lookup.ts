/** Look-ups by name for the composition root and the command line (they reach staff through this door, not its table). */
import { count, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { branches, staff } from './schema.js';

/** The id of the staff member with this username (case-insensitive), or null. */
export async function staffIdByUsername(db: Db | Tx, username: string): Promise<number | null> {
  const [row] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, username.toLowerCase()));
  return row?.id ?? null;
}

/** True once the organisation has any branch (the bank has been set up). */
export async function hasBranches(db: Db | Tx): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(branches);
  return Number(n) > 0;
}
