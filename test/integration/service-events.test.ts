/**
 * The 543 service events as one statement writes them, on every engine (Citus included): events in
 * the order given, a LOCK recorded once per customer and officer (no officer counts as one), and the
 * statement usable as a CTE of another. Beside it, sequentialShardAccess: the Citus setting a
 * transaction needs before writing a reference table after a read of many shards, and nothing elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sequentialShardAccess, sql, withTx } from '../../src/db/client.js';
import { recordServiceEvents, serviceEventsInsert, type ServiceEventInput } from '../../src/modules/origination/events.service.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

const BUSINESS_DATE = '2026-07-05';

describe.each(testEngines())('service events on %s', (kind) => {
  let database: Database;
  let customerId = 880_000;

  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  const event = (over: Partial<ServiceEventInput>): ServiceEventInput => ({
    customerId,
    kind: 'SUBMIT',
    officerId: 7,
    branchId: 1,
    applicationId: 501,
    productCode: 'XIN_E_DAI',
    businessDate: BUSINESS_DATE,
    ...over,
  });
  const recorded = (id: number) =>
    queryRows<{ kind: string; officer_id: string | null; application_id: string | null }>(
      database.db,
      sql`SELECT kind, officer_id::text AS officer_id, application_id::text AS application_id
            FROM service_events WHERE customer_id = ${id} ORDER BY id`,
    );

  it('records the events in order, and a LOCK only the first time for the customer and officer', async () => {
    customerId += 1;
    await withTx(database.db, (tx) =>
      recordServiceEvents(tx, [event({ kind: 'LOCK', onlyIfFirst: true }), event({ kind: 'SUBMIT' }), event({ kind: 'RECOMMEND' })]),
    );
    await withTx(database.db, (tx) =>
      recordServiceEvents(tx, [
        event({ kind: 'LOCK', onlyIfFirst: true, applicationId: 502 }),
        event({ kind: 'SUBMIT', applicationId: 502 }),
        event({ kind: 'LOCK', onlyIfFirst: true, officerId: 8, applicationId: 502 }),
      ]),
    );
    expect(await recorded(customerId)).toEqual([
      { kind: 'LOCK', officer_id: '7', application_id: '501' },
      { kind: 'SUBMIT', officer_id: '7', application_id: '501' },
      { kind: 'RECOMMEND', officer_id: '7', application_id: '501' },
      { kind: 'SUBMIT', officer_id: '7', application_id: '502' },
      { kind: 'LOCK', officer_id: '8', application_id: '502' },
    ]);
  });

  it('counts no officer as one officer, and another customer apart', async () => {
    customerId += 1;
    const lock = (id: number) => event({ customerId: id, kind: 'LOCK', officerId: null, onlyIfFirst: true });
    await withTx(database.db, (tx) => recordServiceEvents(tx, [lock(customerId)]));
    await withTx(database.db, (tx) => recordServiceEvents(tx, [lock(customerId)]));
    await withTx(database.db, (tx) => recordServiceEvents(tx, [lock(customerId + 1)]));
    expect(await recorded(customerId)).toEqual([{ kind: 'LOCK', officer_id: null, application_id: '501' }]);
    expect(await recorded(customerId + 1)).toEqual([{ kind: 'LOCK', officer_id: null, application_id: '501' }]);
    customerId += 1;
  });

  it('runs as a CTE of another statement', async () => {
    customerId += 1;
    const insert = serviceEventsInsert([event({ kind: 'LOCK', onlyIfFirst: true }), event({ kind: 'SUBMIT' })])!;
    for (let i = 0; i < 2; i++) {
      await withTx(database.db, (tx) => tx.execute(sql`WITH events AS (${insert}) SELECT 1 AS done`));
    }
    expect((await recorded(customerId)).map((r) => r.kind)).toEqual(['LOCK', 'SUBMIT', 'SUBMIT']);
    expect(serviceEventsInsert([])).toBeNull();
  });

  it('sets sequential shard access for the transaction on Citus only', async () => {
    const mode = () =>
      withTx(database.db, async (tx) => {
        await sequentialShardAccess(tx);
        await sequentialShardAccess(tx);
        const inside = await queryOne<{ mode: string | null }>(
          tx,
          sql`SELECT current_setting('citus.multi_shard_modify_mode', true) AS mode`,
        );
        return inside?.mode ?? null;
      });
    const after = async () =>
      (await queryOne<{ mode: string | null }>(database.db, sql`SELECT current_setting('citus.multi_shard_modify_mode', true) AS mode`))
        ?.mode ?? null;
    // twice: the first transaction on a connection asks whether it runs Citus, the next ones know
    for (let i = 0; i < 2; i++) {
      if (kind === 'citus') {
        expect(await mode()).toBe('sequential');
        expect(await after()).toBe('parallel');
      } else {
        expect([null, '']).toContain(await mode());
        expect([null, '']).toContain(await after());
      }
    }
  });
});
