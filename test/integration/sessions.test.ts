/**
 * Staff and customer sessions, found by their token's hash (issue 12 §6; migrations 0044, 0045;
 * docs/citus.md "No cluster-wide hot row").
 *
 *  - Every engine: a request finds its session by the token alone and touches last_seen_at at most
 *    once a minute; a logout ends the session it was made with and no other; a changed password ends
 *    every other session of that staff member and keeps its own; a customer's logout ends that customer
 *    session and no other.
 *  - Citus, where both tables are distributed by token_hash: every statement on them that a login, a
 *    request (with its touch) and a logout send — the statements themselves, recorded as the
 *    application sent them, then EXPLAINed with their parameters — is one task on the token's shard,
 *    a shard with one placement (one node), with no subplan; a staff login, request and logout write
 *    no reference table at all (such a write is a two-phase commit to every node). The revocation by
 *    staff member reads every shard of sessions.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, type Db } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { hashToken } from '../../src/modules/access/auth.service.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { latestOtp } from '../support/browser.js';
import { installTestClock, type TestClock } from '../support/clock.js';
import { testEngines } from '../support/db.js';

const AT = '2026-07-05T09:30:00+08:00';

/** A statement as the application sent it: its text and parameters. */
interface Sent {
  text: string;
  values: unknown[];
}

/**
 * Every statement the application sends to a PostgreSQL server (Citus included) while `fn` runs, in
 * order: the pg client's query, observed. PGlite sends nothing through it.
 */
async function sentDuring(fn: () => Promise<void>): Promise<Sent[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const sent: Sent[] = [];
  proto.query = function observed(this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    const config = typeof first === 'object' && first !== null ? (first as { text?: unknown; values?: unknown }) : null;
    const text = typeof first === 'string' ? first : config?.text;
    const values = Array.isArray(second) ? second : Array.isArray(config?.values) ? config.values : [];
    if (typeof text === 'string') sent.push({ text, values: [...(values as unknown[])] });
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return sent;
}

/** The statements that name `table` (not another table whose name ends in it). */
function naming(sent: Sent[], table: string): Sent[] {
  const re = new RegExp(`(^|[^a-z0-9_])"?${table}"?([^a-z0-9_]|$)`, 'i');
  return sent.filter((s) => re.test(s.text));
}

/** The tables a statement writes (INSERT INTO, UPDATE, DELETE FROM; in CTEs too). */
function writtenBy(s: Sent): string[] {
  return [...s.text.matchAll(/\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_][a-z0-9_]*)"?/gi)].map((m) => m[1].toLowerCase());
}

/** The statement again, as drizzle SQL with the same parameters (renumbered in order). */
function asSql(s: Sent): SQL {
  const parts = s.text.split(/\$(\d+)/);
  const chunks: SQL[] = [sql.raw(parts[0])];
  for (let i = 1; i < parts.length; i += 2) chunks.push(sql`${sql.param(s.values[Number(parts[i]) - 1])}`, sql.raw(parts[i + 1]));
  return sql.join(chunks, sql.raw(''));
}

interface Plan {
  /** the task count of every distributed scan */
  tasks: number[];
  subplans: boolean;
  /** the shards of `table` the plan names */
  shards: string[];
  text: string;
}

/** The statement's Citus plan, EXPLAINed with its parameters (outside any transaction of the application). */
async function planOf(db: Db, s: Sent, table: string): Promise<Plan> {
  const rows = await queryRows<{ 'QUERY PLAN': unknown }>(db, sql`EXPLAIN (FORMAT JSON) ${asSql(s)}`);
  const plan = JSON.stringify(rows[0]['QUERY PLAN']);
  return {
    tasks: [...plan.matchAll(/"Task Count":\s*(\d+)/g)].map((m) => Number(m[1])),
    // Citus's own subplans (a CTE or subquery run first, its result passed through the coordinator); not
    // PostgreSQL's SubPlan nodes inside the one task's plan (the roles and branch path of the lookup)
    subplans: /"Subplans"\s*:/.test(plan),
    shards: [...new Set([...plan.matchAll(new RegExp(`"Relation Name":\\s*"${table}_(\\d+)"`, 'g'))].map((m) => m[1]))],
    text: s.text.replace(/\s+/g, ' ').slice(0, 200),
  };
}

describe.each(testEngines())('sessions on %s', (kind) => {
  let app: HuinongApp;
  let clock: TestClock;
  let ids: Record<string, number>;

  beforeAll(async () => {
    clock = installTestClock(AT);
    app = await createTestApp(kind);
    const staff = await queryRows<{ id: string; username: string }>(app.ctx.db, sql`SELECT id::text AS id, username FROM staff`);
    ids = Object.fromEntries(staff.map((r) => [r.username, Number(r.id)]));
  }, 120_000);
  afterAll(async () => {
    clock?.restore();
    await app?.close();
  });

  const session = (token: string) =>
    queryOne<{ id: string; staff_id: string; last_seen: string; revoked: string | null }>(
      app.ctx.db,
      sql`SELECT id::text AS id, staff_id::text AS staff_id, last_seen_at::text AS last_seen, revoked_at::text AS revoked
            FROM sessions WHERE token_hash = ${hashToken(token)}`,
    );
  const at = (d: Date) => queryOne<{ t: string }>(app.ctx.db, sql`SELECT ${d.toISOString()}::timestamptz::text AS t`).then((r) => r!.t);

  /** On Citus: the shard of `table` a token's hash falls in, and how many placements (nodes) it has. */
  const shardOf = async (table: string, token: string) => {
    const r = await queryOne<{ shard: string; placements: number }>(
      app.ctx.db,
      sql`SELECT s.shard::text AS shard, (SELECT count(*)::int FROM pg_dist_placement p WHERE p.shardid = s.shard) AS placements
            FROM (SELECT get_shard_id_for_distribution_column(${table}::regclass, ${hashToken(token)}::text) AS shard) s`,
    );
    return r!;
  };

  /** On Citus: each statement is one task on `shard`, with no subplan. */
  const expectOnShard = async (sent: Sent[], table: string, shard: string) => {
    for (const s of sent) {
      const plan = await planOf(app.ctx.db, s, table);
      expect({ statement: plan.text, tasks: plan.tasks, subplans: plan.subplans, shards: plan.shards }).toEqual({
        statement: plan.text,
        tasks: [1],
        subplans: false,
        shards: [shard],
      });
    }
  };

  it('finds a staff session by its token alone, touches it at most once a minute, and a logout ends that session and no other', async () => {
    const a = await loginAs(app.server, 'officer1');
    const b = await loginAs(app.server, 'officer1');
    const login = await at(clock.now());
    expect(await session(a)).toMatchObject({ staff_id: String(ids.officer1), last_seen: login, revoked: null });

    clock.advance(30_000);
    expect((await client(app.server, a).get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await session(a))!.last_seen).toBe(login); // within the minute: not touched

    clock.advance(31_000);
    expect((await client(app.server, a).get('/api/v1/auth/me')).statusCode).toBe(200);
    const touched = await at(clock.now());
    expect((await session(a))!.last_seen).toBe(touched);
    expect((await session(b))!.last_seen).toBe(login);

    expect((await client(app.server, a).post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client(app.server, a).get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await client(app.server, b).get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await session(a))!.revoked).toBe(touched);
    expect((await session(b))!.revoked).toBeNull();
    // the logout's audit record names the session it ended
    const audit = await queryRows<{ target_id: string }>(
      app.ctx.db,
      sql`SELECT target_id FROM audit_log WHERE action = 'auth.logout' AND actor_id = ${ids.officer1}`,
    );
    expect(audit).toEqual([{ target_id: (await session(a))!.id }]);
  });

  it('a changed password ends every other session of the staff member, on whichever shard its token lies, and keeps its own', async () => {
    const tokens: string[] = [];
    const shards = new Set<string>();
    // several sessions; on Citus until their tokens lie on more than one shard (random tokens: a few logins)
    while (tokens.length < 6 || (kind === 'citus' && shards.size < 2 && tokens.length < 30)) {
      const t = await loginAs(app.server, 'inspector1');
      tokens.push(t);
      if (kind === 'citus') shards.add((await shardOf('sessions', t)).shard);
    }
    if (kind === 'citus') expect(shards.size).toBeGreaterThan(1);
    const other = await loginAs(app.server, 'head1');
    const sent = await sentDuring(async () => {
      const r = await client(app.server, tokens[0]).post('/api/v1/auth/change-password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: 'Sorghum-River-Lantern-73',
      });
      expect(r.statusCode, r.body).toBe(204);
    });
    expect((await client(app.server, tokens[0]).get('/api/v1/auth/me')).statusCode).toBe(200);
    for (const t of tokens.slice(1)) {
      expect((await client(app.server, t).get('/api/v1/auth/me')).statusCode).toBe(401);
      expect((await session(t))!.revoked).not.toBeNull();
    }
    expect((await client(app.server, other).get('/api/v1/auth/me')).statusCode).toBe(200);
    if (kind === 'citus') {
      // the revocation by staff member: every shard of sessions
      const shardCount = await queryOne<{ n: number }>(
        app.ctx.db,
        sql`SELECT count(*)::int AS n FROM pg_dist_shard WHERE logicalrelid = 'sessions'::regclass`,
      );
      const revocation = naming(sent, 'sessions').filter((s) => /^\s*update/i.test(s.text) && /staff_id/.test(s.text));
      expect(revocation).toHaveLength(1);
      const plan = await planOf(app.ctx.db, revocation[0], 'sessions');
      expect(shardCount!.n).toBeGreaterThan(1);
      expect(plan.tasks).toEqual([shardCount!.n]);
    }
  });

  it('finds a customer session by its token alone, and a logout ends that session and no other', async () => {
    const who = { name: '孟秋', idNumber: makeIdNumber('37081219900714231'), mobile: '13905377101' };
    const anon = client(app.server, null);
    const signIn = async () => {
      clock.advance(61_000); // past the code's resend interval
      const otp = await anon.post('/api/v1/portal/otp', who);
      expect(otp.statusCode, otp.body).toBe(200);
      const code = await latestOtp(app.server, who.mobile);
      let token = '';
      const sent = await sentDuring(async () => {
        const r = await anon.post('/api/v1/portal/sessions', { ...who, challengeId: otp.json().challengeId, code });
        expect(r.statusCode, r.body).toBe(200);
        token = r.json().token as string;
      });
      return { token, sent };
    };
    const a = await signIn();
    const b = await signIn();
    const me = (token: string) => client(app.server, token).get('/api/v1/portal/me');
    const request = await sentDuring(async () => {
      expect((await me(a.token)).statusCode).toBe(200);
    });
    expect((await me(b.token)).statusCode).toBe(200);
    const logout = await sentDuring(async () => {
      expect((await client(app.server, a.token).post('/api/v1/portal/logout')).statusCode).toBe(204);
    });
    expect((await me(a.token)).json().code).toBe('CUSTOMER_SESSION_REQUIRED');
    expect((await me(b.token)).statusCode).toBe(200);
    const rows = await queryRows<{ token_hash: string; revoked: boolean }>(
      app.ctx.db,
      sql`SELECT token_hash, revoked_at IS NOT NULL AS revoked FROM customer_sessions
           WHERE token_hash IN (${hashToken(a.token)}, ${hashToken(b.token)}) ORDER BY revoked DESC`,
    );
    expect(rows).toEqual([
      { token_hash: hashToken(a.token), revoked: true },
      { token_hash: hashToken(b.token), revoked: false },
    ]);

    if (kind !== 'citus') return;
    // On Citus: the portal login's insert, the request's lookup and the logout, each on the token's shard
    const { shard, placements } = await shardOf('customer_sessions', a.token);
    expect(placements).toBe(1);
    const statements = [
      ...naming(a.sent, 'customer_sessions'),
      ...naming(request, 'customer_sessions'),
      ...naming(logout, 'customer_sessions'),
    ];
    // the login's insert, the request's lookup, the logout's own lookup and its update
    expect(statements.map((s) => s.text.trim().split(/\s+/)[0].toUpperCase())).toEqual(['INSERT', 'SELECT', 'SELECT', 'UPDATE']);
    await expectOnShard(statements, 'customer_sessions', shard);
  });

  it.runIf(kind === 'citus')(
    'on Citus, a staff login, a request that touches its session and the logout reach sessions on the token’s shard alone (one task, one node) and write no reference table',
    async () => {
      let token = '';
      const login = await sentDuring(async () => {
        token = await loginAs(app.server, 'approver1');
      });
      clock.advance(61_000); // the next request touches last_seen_at
      const request = await sentDuring(async () => {
        expect((await client(app.server, token).get('/api/v1/auth/me')).statusCode).toBe(200);
      });
      const logout = await sentDuring(async () => {
        expect((await client(app.server, token).post('/api/v1/auth/logout')).statusCode).toBe(204);
      });

      const { shard, placements } = await shardOf('sessions', token);
      expect(placements).toBe(1);
      const kinds = (sent: Sent[]) => naming(sent, 'sessions').map((s) => s.text.trim().split(/\s+/)[0].toUpperCase());
      expect(kinds(login)).toEqual(['INSERT']);
      expect(kinds(request)).toEqual(['SELECT', 'UPDATE']); // the lookup, then the touch
      expect(kinds(logout)).toEqual(['SELECT', 'UPDATE']); // the request's lookup, then the logout
      await expectOnShard([...naming(login, 'sessions'), ...naming(request, 'sessions'), ...naming(logout, 'sessions')], 'sessions', shard);

      const reference = new Set(
        (
          await queryRows<{ name: string }>(
            app.ctx.db,
            sql`SELECT logicalrelid::regclass::text AS name FROM pg_dist_partition WHERE repmodel = 't'`,
          )
        ).map((r) => r.name),
      );
      expect(reference.has('staff')).toBe(true);
      const written = [...login, ...request, ...logout].flatMap(writtenBy);
      expect(written).toContain('sessions');
      expect(written.filter((t) => reference.has(t))).toEqual([]);
    },
  );
});
