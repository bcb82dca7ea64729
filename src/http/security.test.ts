import { describe, expect, it } from 'vitest';
import { redactUrl, serializeError } from './security.js';

describe('redactUrl', () => {
  it('hides query values other than small numbers, keeping the keys', () => {
    expect(redactUrl('/api/v1/customers?q=%E5%BC%A0%E4%BC%9F&page=2&pageSize=20')).toBe('/api/v1/customers?q=~&page=2&pageSize=20');
    expect(redactUrl('/api/v1/sms/outbox?mobile=13905371001')).toBe('/api/v1/sms/outbox?mobile=~');
    expect(redactUrl('/api/v1/loans/42')).toBe('/api/v1/loans/42');
  });

  it('hides path segments that look like a mobile or an ID number', () => {
    expect(redactUrl('/api/v1/x/13905371001/y')).toBe('/api/v1/x/~/y');
    expect(redactUrl('/api/v1/x/37081219850315211X')).toBe('/api/v1/x/~');
  });
});

describe('serializeError', () => {
  it('drops the parameters of a failed query and quoted values of a database error, keeping the SQL and the SQLSTATE', () => {
    const cause = Object.assign(new Error('value "13905371001" is out of range for type integer'), {
      code: '22003',
      severity: 'ERROR',
      detail: 'Key (name)=(张伟)',
    });
    const err = Object.assign(new Error('Failed query: SELECT $1::int\nparams: 13905371001,张伟'), {
      query: 'SELECT $1::int',
      params: ['13905371001', '张伟'],
      cause,
    });
    const out = JSON.stringify(serializeError(err));
    expect(out).toContain('SELECT $1::int');
    expect(out).toContain('22003');
    expect(out).not.toContain('13905371001');
    expect(out).not.toContain('张伟');
  });
});
