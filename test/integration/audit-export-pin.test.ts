/**
 * The audit log's Excel export holds each record exactly once while the log keeps growing: it is
 * pinned at the last seq when the export starts and pages by seq, so records appended between its
 * pages neither repeat a row (they would push older rows onto the next OFFSET page) nor appear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql, withTx, type Db } from '../../src/db/client.js';
import type { ActorRef } from '../../src/modules/org/index.js';
import { appendAudit, listAudit, type AuditInput } from '../../src/modules/audit/index.js';
import { pinnedAuditPages } from '../../src/modules/audit/audit.service.js';
import type { AuditPage } from '../../src/modules/audit/audit.contract.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

const WANG: ActorRef = { staffId: 11, username: 'wang.li', roles: ['admin'] };

function input(action: string, targetId: string): AuditInput {
  return { actor: WANG, action, targetType: 'staff', targetId, summary: null, clientIp: '10.0.0.1' };
}

async function lastSeq(db: Db): Promise<number> {
  return Number((await queryOne<{ s: string | null }>(db, sql`SELECT max(seq)::text AS s FROM audit_log`))?.s ?? 0);
}

/** Pages the way the export does (src/http/export.ts), appending `between` records after each page. */
async function exportWhileAppending(
  fetchPage: (page: number, pageSize: number) => Promise<AuditPage>,
  pageSize: number,
  append: () => Promise<void>,
): Promise<number[]> {
  const seqs: number[] = [];
  let pageNo = 1;
  let page = await fetchPage(pageNo, pageSize);
  for (;;) {
    seqs.push(...page.items.map((e) => e.seq));
    if (page.items.length < pageSize || seqs.length >= page.total) break;
    await append();
    pageNo += 1;
    page = await fetchPage(pageNo, pageSize);
  }
  return seqs;
}

describe.each(testEngines())('audit export while the log grows on %s', (kind) => {
  let database: Database;
  let db: Db;
  let appended = 0;
  const appendSome = (action: string, n: number) => async () => {
    for (let i = 0; i < n; i++) await withTx(db, (tx) => appendAudit(tx, input(action, `during-${appended++}`)));
  };

  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
    db = database.db;
    for (let i = 0; i < 23; i++) await withTx(db, (tx) => appendAudit(tx, input(i % 2 ? 'review.submit' : 'auth.login', `before-${i}`)));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('paging by offset while records are appended repeats rows (the failure the pin prevents)', async () => {
    const seqs = await exportWhileAppending((page, pageSize) => listAudit(db, { page, pageSize }), 5, appendSome('auth.logout', 3));
    expect(new Set(seqs).size).toBeLessThan(seqs.length);
  });

  it('the pinned export holds every record up to the pin exactly once, newest first, none appended later', async () => {
    const pin = await lastSeq(db);
    const seqs = await exportWhileAppending(pinnedAuditPages(db, {}), 5, appendSome('auth.logout', 3));
    const expected = Array.from({ length: pin }, (_, i) => pin - i);
    expect(seqs).toEqual(expected);
    expect(await lastSeq(db)).toBeGreaterThan(pin);
  });

  it('with a filter, the pinned export holds each matching record once while matching records are appended', async () => {
    const pin = await lastSeq(db);
    const { total } = await listAudit(db, { page: 1, pageSize: 1, action: 'review.*' });
    const seqs = await exportWhileAppending(pinnedAuditPages(db, { action: 'review.*' }), 4, appendSome('review.submit', 2));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toHaveLength(total);
    expect(seqs.every((s) => s <= pin)).toBe(true);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it('a page size that divides the log exactly ends without an empty extra page or a missing row', async () => {
    const pin = await lastSeq(db);
    const seqs = await exportWhileAppending(pinnedAuditPages(db, {}), pin, appendSome('auth.logout', 1));
    expect(seqs).toHaveLength(pin);
  });
});
