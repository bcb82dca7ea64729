/**
 * Hostile input, generated: for every write route in the OpenAPI document (/docs/json), and the
 * path ids and query strings of the read routes, a seeded fast-check sample of malformed requests —
 * wrong types, missing and unknown keys, huge strings, control characters, amounts such as "-1",
 * "0.001", "1e308", "99999999999999999999", bad path ids and query strings — sent as a role that may
 * call the route (so validation, not the permission check, is what is exercised) and a few as an
 * unauthenticated caller. No answer is a 5xx, every refusal is the one error shape, and a refused
 * request leaves the trial balance, the business date and the audit chain as they were.
 *
 * Deterministic (fixed seed, fixed number of samples per route) and bounded to seconds per engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { listAudit, verifyAuditChain } from '../../src/modules/audit/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { trialBalance } from '../../src/modules/ledger/index.js';
import { createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const SEED = 20260110;
const WRITE_SAMPLES = 32; // per write route, as a caller who may call it
const READ_SAMPLES = 6; // per read route with a path or query parameter
const ANON_SAMPLES = 2; // per write route, unauthenticated

/** Demo users tried in this order; the first one the route does not refuse with 401/403 calls it. */
const CALLERS = ['admin', 'param1', 'approver1', 'officer1', 'head1', 'inspector1', 'exec1', 'auditor1', 'lobby1'];
/** A new customer of the mobile page (each session its own: one-time codes are limited per mobile). */
function customerIdentity(n: number) {
  return {
    name: '赵测试',
    idNumber: makeIdNumber(`37081219900101${String(700 + n).padStart(3, '0')}`),
    mobile: `139${String(88800000 + n)}`,
  };
}
/** Routes that act on the caller's own session or password get a user of their own. */
const OWN_CALLER: Record<string, string> = {
  'POST /api/v1/auth/change-password': 'admin2',
  'POST /api/v1/auth/logout': 'admin2',
};
/** A refused request may still leave these records behind: the refusal itself is what they record. */
const AUDITED_REFUSALS = /(^auth\.login|_failed$|\.fail$)/;

type Json = Record<string, unknown>;
interface Op {
  method: string;
  path: string;
  params: Array<{ in: string; name: string; required?: boolean; schema: Json }>;
  body: Json | null;
}

// ---------------------------------------------------------------- hostile values

const HUGE = 'x'.repeat(70_000);
const HOSTILE_STRINGS = [
  '',
  ' ',
  HUGE,
  '\u0000',
  'a\u0000b',
  '\u0007bell',
  '\u001b[31mred',
  'del\u007f',
  '\ud800',
  '😀'.repeat(40),
  '\u202eevil',
  "'; DROP TABLE staff; --",
  '-1',
  '0',
  '0.001',
  '1e308',
  '99999999999999999999',
  '-0',
  'NaN',
  'Infinity',
  '1,000.00',
  ' 100 ',
  '0x10',
  '2026-02-30',
  '9999-12-31',
  '0000-00-00',
  '../../etc/passwd',
  '{}',
];
const HOSTILE_NUMBERS = [-1, 0, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 99999999999999999999, -0];
const HOSTILE_OTHER: unknown[] = [null, true, [], {}, { a: 1 }, [1, 2], { a: { b: { c: { d: [{}] } } } }];
const HOSTILE_VALUES: unknown[] = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...HOSTILE_OTHER];
const UNKNOWN_KEYS = ['x', 'constructor', 'toString', 'id', 'createdBy', 'to ', '\u0000k', 'a'.repeat(300)];
const BAD_PATH_VALUES = [
  '0',
  '-1',
  '99999999999999999999',
  '1.5',
  'abc',
  '%00',
  '1%00',
  '%20',
  '1e3',
  '%E2%80%AE1',
  '9'.repeat(300),
  '%F0%9F%98%80',
  '..%2F..',
  '%ZZ',
  '%C0%80',
  "1'%20OR%20'1'='1",
];

// ---------------------------------------------------------------- values from the schema

function typesOf(s: Json): string[] {
  const t = s.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** A value the schema probably accepts (ids, dates and amounts chosen to reach the command behind). */
function validish(s: Json | undefined, key: string, businessDate: string): fc.Arbitrary<unknown> {
  if (!s) return fc.constant(null);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) {
    const nonNull = alts.filter((a) => a.type !== 'null');
    return fc.oneof(...(nonNull.length ? nonNull : alts).map((a) => validish(a, key, businessDate)));
  }
  if (Array.isArray(s.allOf)) return validish((s.allOf as Json[])[0], key, businessDate);
  const type = typesOf(s).find((t) => t !== 'null') ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string': {
      const pattern = typeof s.pattern === 'string' ? s.pattern : '';
      if (/\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(pattern) || s.format === 'date' || /date$/i.test(key)) return fc.constant(businessDate);
      if (s.format === 'date-time') return fc.constant(`${businessDate}T08:00:00+08:00`);
      if (/amount|fen|principal|limit/i.test(key) || /元|yuan/i.test(String(s.description ?? ''))) {
        return fc.constantFrom('100.00', '1.00', '5000', '30000.50');
      }
      if (pattern) {
        const min = Number(s.minLength ?? 0);
        const max = Number(s.maxLength ?? 60);
        try {
          return fc.stringMatching(new RegExp(pattern)).filter((v) => v.length >= min && v.length <= max);
        } catch {
          return fc.constant('A1');
        }
      }
      const min = Math.max(Number(s.minLength ?? 1), 1);
      const max = Math.max(min, Math.min(Number(s.maxLength ?? 12), 12));
      return fc.string({ unit: fc.constantFrom(...'甲乙丙丁abcXYZ019'), minLength: min, maxLength: max });
    }
    case 'integer':
    case 'number': {
      const lo = Number(s.minimum ?? 1) + (s.exclusiveMinimum === true ? 1 : 0);
      const hi = Math.min(Number(s.maximum ?? lo + 100), lo + 100);
      return type === 'integer' ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = Number(s.minItems ?? 0);
      return fc.array(validish(s.items as Json, key, businessDate), { minLength, maxLength: Math.max(minLength, 2) });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = validish(v, k, businessDate);
      return fc.record(model, { requiredKeys: (s.required as string[] | undefined) ?? [] });
    }
    default:
      return fc.constant(null);
  }
}

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'unknownKey'; at: number; key: string; value: unknown }
  | { kind: 'dropKey'; at: number; which: number }
  | { kind: 'whole'; value: unknown }
  | { kind: 'control'; at: number; char: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.constantFrom(...HOSTILE_VALUES) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('unknownKey' as const),
      at: fc.nat(),
      key: fc.constantFrom(...UNKNOWN_KEYS),
      value: fc.constantFrom(...HOSTILE_VALUES),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dropKey' as const), at: fc.nat(), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: fc.constantFrom(...HOSTILE_VALUES, 'plain text', 42) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'whole' as const, value: {} }) },
  // a control character inside an otherwise acceptable string
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('control' as const),
      at: fc.nat(),
      char: fc.constantFrom('\u0000', '\u0001', '\u0008', '\u001b', '\u007f'),
    }),
  },
);

/** Every place in a JSON value: [container, key] pairs for the leaves and inner values, objects for keys. */
function places(v: unknown): { slots: Array<[Json | unknown[], string | number]>; objects: Json[] } {
  const slots: Array<[Json | unknown[], string | number]> = [];
  const objects: Json[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) {
      x.forEach((item, i) => {
        slots.push([x, i]);
        walk(item);
      });
    } else if (x && typeof x === 'object') {
      objects.push(x as Json);
      for (const [k, item] of Object.entries(x)) {
        slots.push([x as Json, k]);
        walk(item);
      }
    }
  };
  walk(v);
  return { slots, objects };
}

function mutate(base: unknown, muts: Mutation[]): unknown {
  let body = structuredClone(base);
  for (const m of muts) {
    const { slots, objects } = places(body);
    if (m.kind === 'whole' || (m.kind === 'replace' && slots.length === 0)) {
      body = structuredClone(m.value);
    } else if (m.kind === 'replace') {
      const [c, k] = slots[m.at % slots.length];
      (c as Record<string | number, unknown>)[k] = structuredClone(m.value);
    } else if (m.kind === 'control') {
      const strings = slots.filter(([c, k]) => typeof (c as Record<string | number, unknown>)[k] === 'string');
      if (strings.length === 0) continue;
      const [c, k] = strings[m.at % strings.length];
      const v = (c as Record<string | number, string>)[k];
      (c as Record<string | number, unknown>)[k] = v.slice(0, 1) + m.char + v.slice(1);
    } else if (m.kind === 'unknownKey') {
      const target = objects.length ? objects[m.at % objects.length] : null;
      if (target) target[m.key] = structuredClone(m.value);
      else body = { [m.key]: m.value };
    } else {
      const target = objects.length ? objects[m.at % objects.length] : null;
      const keys = target ? Object.keys(target) : [];
      if (target && keys.length) delete target[keys[m.which % keys.length]];
    }
  }
  return body;
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '987654321');
}

/** Percent-encoding that also carries a lone surrogate (as the invalid UTF-8 bytes ED A0 80). */
function enc(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return Array.from(v, (c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}

function queryString(q: Array<[string, string]>): string {
  return q.length ? '?' + q.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&') : '';
}

// ---------------------------------------------------------------- the test

interface Sample {
  url: string;
  body: unknown;
  hasBody: boolean;
}

describe.each(testEngines())('hostile input, generated, on %s', (kind) => {
  let app: HuinongApp;
  let ops: Op[] = [];
  let businessDate = '';
  let staffTargetId = '1';

  beforeAll(async () => {
    app = await createTestApp(kind);
    const doc = (await app.server.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, Json>> };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const content = (op.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content;
        ops.push({
          method: method.toUpperCase(),
          path,
          params: ((op.parameters as Op['params'] | undefined) ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
          body: content?.['application/json']?.schema ?? null,
        });
      }
    }
    ops = ops.filter((o) => o.path.startsWith('/api/'));
    businessDate = await getBusinessDate(app.ctx.db);
    // staff routes act on a staff member who is not one of the callers
    const rows = await queryRows<{ id: string | number }>(app.ctx.db, sql`SELECT id FROM staff WHERE username = 'param2'`);
    staffTargetId = String(rows[0].id);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  async function state() {
    const [date, tb, audit] = await Promise.all([
      getBusinessDate(app.ctx.db),
      trialBalance(app.ctx.db, '2099-12-31'),
      listAudit(app.ctx.db, { page: 1, pageSize: 1 }),
    ]);
    return {
      businessDate: date,
      trialBalance: tb.accounts.map((a) => JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
      // records over every chain (seq counts within one chain only)
      auditRows: audit.total,
    };
  }

  const tokens = new Map<string, string>();
  let logins = 0;
  async function tokenOf(user: string): Promise<string> {
    let t = tokens.get(user);
    if (!t) {
      logins++;
      t = user === 'customer' ? await customerSession() : await loginAs(app.server, user);
      tokens.set(user, t);
    }
    return t;
  }

  /**
   * A customer session of the mobile page: one-time code from the SMS outbox (demo mode), asked
   * from an address of its own, as the fuzzing of the code route has used up the rate limit of its address.
   */
  let customerLogins = 0;
  async function customerSession(): Promise<string> {
    const remoteAddress = `10.77.0.${++customerLogins}`;
    const CUSTOMER = customerIdentity(customerLogins);
    const otp = await app.server.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: CUSTOMER, remoteAddress });
    if (otp.statusCode !== 200) throw new Error(`portal otp: ${otp.statusCode} ${otp.body}`);
    const outbox = await app.server.inject({
      method: 'GET',
      url: '/api/v1/sms/outbox?pageSize=100',
      headers: { authorization: `Bearer ${await tokenOf('officer1')}` },
    });
    const masked = `${CUSTOMER.mobile.slice(0, 3)}****${CUSTOMER.mobile.slice(-4)}`;
    const sms = (outbox.json().items as Array<{ mobileMasked: string; text: string }>).find(
      (x) => x.mobileMasked === masked && /验证码/.test(x.text),
    );
    const code = /(\d{6})/.exec(sms?.text ?? '')?.[1];
    const session = await app.server.inject({
      method: 'POST',
      url: '/api/v1/portal/sessions',
      payload: { ...CUSTOMER, challengeId: otp.json().challengeId, code },
      remoteAddress,
    });
    if (session.statusCode !== 200) throw new Error(`portal session: ${session.statusCode} ${session.body}`);
    return session.json().token as string;
  }

  function samplesFor(op: Op, n: number, seed: number): Sample[] {
    const pathParams = op.params.filter((p) => p.in === 'path');
    const queryParams = op.params.filter((p) => p.in === 'query');
    const baseOf = (name: string, schema: Json): fc.Arbitrary<string> => {
      if (name === 'id' || name === 'rid') return fc.constant(op.path.startsWith('/api/v1/staff/') ? staffTargetId : '1');
      if (name === 'date') return fc.constant(businessDate);
      return validish(schema, name, businessDate).map((v) => String(v));
    };
    const pathArb = fc.record(
      Object.fromEntries(
        pathParams.map((p) => [
          p.name,
          fc.oneof({ weight: 3, arbitrary: baseOf(p.name, p.schema).map(enc) }, fc.constantFrom(...BAD_PATH_VALUES)),
        ]),
      ) as Record<string, fc.Arbitrary<string>>,
    );
    const queryArb = fc
      .tuple(
        fc.record(
          Object.fromEntries(
            queryParams.map((p) => [
              p.name,
              fc.oneof(baseOf(p.name, p.schema), fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== HUGE))),
            ]),
          ),
          { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
        ),
        fc.option(
          fc.constantFrom<Array<[string, string]>>(
            [['x', '1']],
            [
              ['page', '1'],
              ['page', '2'],
            ],
            [['q', '\u0000']],
            [['pageSize', '1e308']],
          ),
          { nil: undefined },
        ),
      )
      .map(([q, extra]) => [...Object.entries(q).map(([k, v]) => [k, String(v)] as [string, string]), ...(extra ?? [])]);
    const bodyArb: fc.Arbitrary<{ body: unknown; hasBody: boolean }> = op.body
      ? fc
          .tuple(validish(op.body, '', businessDate), fc.array(mutationArb, { minLength: 1, maxLength: 2 }))
          .map(([base, muts]) => ({ body: mutate(base, muts), hasBody: true }))
      : fc.oneof(
          fc.constant({ body: undefined, hasBody: false }),
          fc.constantFrom(...HOSTILE_VALUES.slice(0, 8)).map((b) => ({ body: b, hasBody: true })),
        );
    return fc
      .sample(fc.tuple(pathArb, queryArb, bodyArb), { seed, numRuns: n })
      .map(([p, q, b]) => ({ url: fillPath(op.path, p) + queryString(q), ...b }));
  }

  async function send(op: Op, s: Sample, token: string | null) {
    return app.server.inject({
      method: op.method as 'POST',
      url: s.url,
      ...(s.hasBody
        ? {
            payload: JSON.stringify(s.body),
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          }
        : { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    });
  }

  /**
   * The first demo user the route does not refuse as unauthorised. The probe names no existing
   * record and carries a control character in the query, which is refused after the permission check.
   */
  async function callerFor(op: Op): Promise<string | null> {
    const own = OWN_CALLER[`${op.method} ${op.path}`];
    if (own) return own;
    for (const user of [...CALLERS, 'customer']) {
      const res = await send(op, { url: fillPath(op.path, {}) + '?probe=%00', body: undefined, hasBody: false }, await tokenOf(user));
      if (res.statusCode !== 401 && res.statusCode !== 403) return user;
    }
    return null;
  }

  it('every write route refuses malformed bodies, bad ids and bad query strings with a 4xx, and a refused request changes nothing', async () => {
    const problems: string[] = [];
    const record = (what: string) => {
      if (problems.length < 60) problems.push(what);
    };
    // logging out ends the session the later routes of that caller share (the mobile page's too): last
    const writes = ops
      .filter((o) => o.method !== 'GET')
      .sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    expect(writes.length).toBeGreaterThan(30);
    let before = await state();
    let routeNo = 0;
    let sent = 0;
    for (const op of writes) {
      routeNo++;
      const user = await callerFor(op);
      if (!user) {
        record(`${op.method} ${op.path}: no demo user may call it`);
        continue;
      }
      before = await state(); // finding the caller may have logged someone in
      const samples = [
        ...samplesFor(op, WRITE_SAMPLES, SEED + routeNo).map((s) => ({ s, user: user as string | null })),
        ...samplesFor(op, ANON_SAMPLES, SEED - routeNo).map((s) => ({ s, user: null as string | null })),
      ];
      for (const { s, user: as } of samples) {
        const loginsBefore = logins;
        const token = as ? await tokenOf(as) : null;
        if (logins !== loginsBefore) before = await state(); // logging in is not the request's doing
        const res = await send(op, s, token);
        sent++;
        const label = `${op.method} ${s.url.slice(0, 160)} as ${as ?? 'anonymous'} body=${JSON.stringify(s.body)?.slice(0, 160)}`;
        if (res.statusCode >= 500) {
          record(`${label} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          before = await state();
          continue;
        }
        const code = res.statusCode === 401 ? (res.json() as { code?: string }).code : undefined;
        if (as && (code === 'AUTH_SESSION_EXPIRED' || code === 'AUTH_REQUIRED' || code === 'CUSTOMER_SESSION_REQUIRED')) tokens.delete(as); // the route ended this session (logout): log in again
        if (res.statusCode < 400) {
          before = await state(); // accepted: its effects are legitimate
          continue;
        }
        const err = res.json() as { code?: unknown; message?: unknown };
        if (typeof err.code !== 'string' || typeof err.message !== 'string')
          record(`${label} → ${res.statusCode} without {code, message}: ${res.body.slice(0, 200)}`);
        const after = await state();
        if (after.businessDate !== before.businessDate)
          record(`${label} → ${res.statusCode} moved the business date ${before.businessDate} → ${after.businessDate}`);
        if (JSON.stringify(after.trialBalance) !== JSON.stringify(before.trialBalance))
          record(`${label} → ${res.statusCode} changed the trial balance`);
        if (after.auditRows !== before.auditRows) {
          // the newest records are the request's own: nothing else runs meanwhile
          const added = await listAudit(app.ctx.db, { page: 1, pageSize: Math.min(after.auditRows - before.auditRows, 20) });
          const unexpected = added.items.filter((e) => !AUDITED_REFUSALS.test(e.action));
          if (unexpected.length)
            record(`${label} → ${res.statusCode} ${String(err.code)} wrote audit records ${unexpected.map((e) => e.action).join(', ')}`);
        }
        before = after;
      }
    }
    expect(sent).toBeGreaterThan(writes.length * WRITE_SAMPLES);
    expect((await verifyAuditChain(app.ctx.db)).ok).toBe(true);
    expect(problems).toEqual([]);
  }, 240_000);

  it('every read route refuses bad path ids and query strings with a 4xx', async () => {
    const problems: string[] = [];
    const reads = ops.filter((o) => o.method === 'GET' && o.params.length > 0);
    expect(reads.length).toBeGreaterThan(10);
    let routeNo = 0;
    for (const op of reads) {
      routeNo++;
      const user = await callerFor(op);
      for (const s of samplesFor(op, READ_SAMPLES, SEED + 1000 + routeNo)) {
        const res = await send(op, { ...s, body: undefined, hasBody: false }, user ? await tokenOf(user) : null);
        if (res.statusCode >= 500 && problems.length < 60)
          problems.push(`GET ${s.url.slice(0, 160)} as ${user ?? 'anonymous'} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
