import { describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy } from './config.js';

describe('loadConfig', () => {
  it('defaults: port 8080, embedded database, a pool of 10 with prepared statements', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.databasePoolSize).toBe(10);
    expect(c.databasePreparedStatements).toBe(true);
  });

  it('reads the PostgreSQL pool size and turns prepared statements off only for 0', () => {
    expect(loadConfig({ HUINONG_PG_POOL_SIZE: '24' }).databasePoolSize).toBe(24);
    expect(loadConfig({ HUINONG_PG_PREPARED_STATEMENTS: '0' }).databasePreparedStatements).toBe(false);
    expect(loadConfig({ HUINONG_PG_PREPARED_STATEMENTS: '1' }).databasePreparedStatements).toBe(true);
  });

  it('refuses a pool size that is not a whole number', () => {
    expect(() => loadConfig({ HUINONG_PG_POOL_SIZE: 'many' })).toThrow(/HUINONG_PG_POOL_SIZE must be a non-negative integer/);
    expect(() => loadConfig({ HUINONG_PG_POOL_SIZE: '-3' })).toThrow(/HUINONG_PG_POOL_SIZE/);
    expect(() => loadConfig({ HUINONG_PG_POOL_SIZE: '0' })).toThrow(/HUINONG_PG_POOL_SIZE must be at least 1/);
  });

  it('trusts no forwarded address by default; HUINONG_TRUST_PROXY names proxies or a hop count', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(loadConfig({ HUINONG_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback, ::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
      '::1',
    ]);
  });

  it('refuses a HUINONG_TRUST_PROXY that is neither a hop count nor addresses, naming the bad entry', () => {
    expect(() => parseTrustProxy('true')).toThrow(/HUINONG_TRUST_PROXY.*"true"/);
    expect(() => parseTrustProxy('10.0.0.1,proxy.example.cn')).toThrow(/"proxy.example.cn"/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/"10.0.0.0\/33"/);
    expect(() => parseTrustProxy('-1')).toThrow(/HUINONG_TRUST_PROXY/);
  });

  it('makes cookies Secure and sends HSTS exactly when the public address is https', () => {
    expect(loadConfig({})).toMatchObject({ secureCookies: false, hsts: false });
    expect(loadConfig({ HUINONG_PUBLIC_URL: 'http://10.1.1.5:8080' })).toMatchObject({ secureCookies: false, hsts: false });
    expect(loadConfig({ HUINONG_PUBLIC_URL: 'https://dai.example.cn/' })).toMatchObject({
      secureCookies: true,
      hsts: true,
      publicBaseUrl: 'https://dai.example.cn',
    });
  });
});
