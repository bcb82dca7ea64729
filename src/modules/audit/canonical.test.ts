import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditHash, canonicalAuditRecord, canonicalJson, GENESIS_HASH, isoMillisToMicros, type AuditRecord } from './canonical.js';

const record: AuditRecord = {
  chain: 0,
  seq: 1,
  prevHash: GENESIS_HASH,
  at: '2024-05-01T08:00:00.123000Z',
  actorId: 7,
  actorUsername: 'wang.li',
  actorRoles: ['admin', 'auditor'],
  action: 'staff.create',
  targetType: 'staff',
  targetId: '42',
  summary: { after: { username: 'zhang.san', roles: ['loan_officer'] }, branch: 'B001' },
  clientIp: '10.0.0.8',
};

/** The same JSON value with every object's keys in reverse insertion order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversedKeys(x)]),
    );
  }
  return v;
}

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('does not depend on key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(reversedKeys(v))).toBe(canonicalJson(v));
      }),
    );
  });

  it('gives back the same text after a JSON round trip (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('writes -0 as 0 and escapes strings like JSON', () => {
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson('引号"\\\n')).toBe(JSON.stringify('引号"\\\n'));
  });

  it('leaves out undefined members and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('refuses values that are not JSON', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson(Infinity)).toThrow(/non-finite/);
    expect(() => canonicalJson(10n)).toThrow(/bigint/);
    expect(() => canonicalJson(undefined)).toThrow(/undefined/);
    expect(() => canonicalJson(new Date())).toThrow(/plain object/);
  });
});

describe('auditHash', () => {
  it('is 64 lower-case hex characters and stable', () => {
    const h = auditHash(record);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...record })).toBe(h);
  });

  it('keeps the v1 form on chain 0 (the log before 0037) and names the chain in the v2 form elsewhere', () => {
    expect(canonicalAuditRecord(record).startsWith(`["hn-audit-v1",1,"${GENESIS_HASH}",`)).toBe(true);
    expect(canonicalAuditRecord({ ...record, chain: 42 }).startsWith(`["hn-audit-v2",42,1,"${GENESIS_HASH}",`)).toBe(true);
    expect(canonicalAuditRecord({ ...record, chain: -3 }).startsWith(`["hn-audit-v2",-3,1,`)).toBe(true);
    expect(auditHash({ ...record, chain: 42 })).not.toBe(auditHash({ ...record, chain: 43 }));
  });

  it('does not depend on the order of the summary keys', () => {
    const reordered = { ...record, summary: reversedKeys(record.summary) as Record<string, unknown> };
    expect(Object.keys(reordered.summary!)).toEqual(['branch', 'after']);
    expect(auditHash(reordered)).toBe(auditHash(record));
  });

  it('changes when any field changes', () => {
    const h = auditHash(record);
    const variants: Partial<AuditRecord>[] = [
      { seq: 2 },
      { chain: 7 },
      { prevHash: '1'.repeat(64) },
      { at: '2024-05-01T08:00:00.123001Z' },
      { actorId: null },
      { actorUsername: 'wang.lì' },
      { actorRoles: ['auditor', 'admin'] },
      { actorRoles: ['admin'] },
      { action: 'staff.update' },
      { targetType: null },
      { targetId: '43' },
      { summary: null },
      { summary: { ...record.summary, branch: 'B002' } },
      { clientIp: null },
    ];
    for (const v of variants) expect(auditHash({ ...record, ...v }), JSON.stringify(v)).not.toBe(h);
  });

  it('cannot be fooled by moving text between fields', () => {
    const a = { ...record, targetType: 'staff', targetId: '42' };
    const b = { ...record, targetType: 'staff","42', targetId: '' };
    expect(canonicalAuditRecord(a)).not.toBe(canonicalAuditRecord(b));
    expect(auditHash({ ...record, actorId: 1, targetId: null })).not.toBe(auditHash({ ...record, actorId: null, targetId: '1' }));
  });

  it('tells null from an empty string and a number id from its text', () => {
    expect(auditHash({ ...record, clientIp: null })).not.toBe(auditHash({ ...record, clientIp: '' }));
    expect(auditHash({ ...record, summary: null })).not.toBe(auditHash({ ...record, summary: {} }));
  });
});

describe('isoMillisToMicros', () => {
  it('extends Date#toISOString to the microseconds the database returns', () => {
    expect(isoMillisToMicros('2024-05-01T08:00:00.123Z')).toBe('2024-05-01T08:00:00.123000Z');
    expect(isoMillisToMicros(new Date(0).toISOString())).toBe('1970-01-01T00:00:00.000000Z');
  });

  it('refuses other shapes', () => {
    expect(() => isoMillisToMicros('2024-05-01T08:00:00Z')).toThrow();
    expect(() => isoMillisToMicros('2024-05-01T08:00:00.123+08:00')).toThrow();
    expect(() => isoMillisToMicros('+012345-01-01T00:00:00.000Z')).toThrow();
  });
});
