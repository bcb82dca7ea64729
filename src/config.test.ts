import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

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
});
