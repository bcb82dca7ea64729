/**
 * What a check finds right after a write, inside a transaction that is then rolled back: for tests that
 * plant a disagreement (an orphan row) and assert that the check names it, leaving nothing behind.
 */
import type { SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import { withTx, type Db, type Tx } from '../../src/db/client.js';

export async function findingsAfter(db: Db, write: SQL, check: (tx: Tx) => Promise<string[]>): Promise<string[]> {
  const rolledBack = new Error('rolled back');
  let found: string[] = [];
  await expect(
    withTx(db, async (tx) => {
      await tx.execute(write);
      found = await check(tx);
      throw rolledBack;
    }),
  ).rejects.toBe(rolledBack);
  return found;
}
