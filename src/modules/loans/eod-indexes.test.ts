import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/migrate.js';
import { ATTENTION_PREDICATE } from './eod-steps.js';

/** The planner uses a partial index only for queries whose conditions imply its predicate. */
describe('end-of-day partial indexes (migrations/0025_eod_attention.sql)', () => {
  const migration = readFileSync(`${MIGRATIONS_DIR}/0025_eod_attention.sql`, 'utf8');
  const statement = (start: string) => {
    const from = migration.indexOf(start);
    expect(from).toBeGreaterThanOrEqual(0);
    return migration.slice(from, migration.indexOf(';', from));
  };

  it('loans_attention_idx is on the flag the steps test', () => {
    expect(statement('CREATE INDEX loans_attention_idx')).toContain(`WHERE status = 'ACTIVE' AND ${ATTENTION_PREDICATE.replace('l.', '')}`);
  });

  it('the flag names every amount a past-due loan can owe, and the classification', () => {
    const flag = statement('ALTER TABLE loans ADD COLUMN eod_attention');
    for (const term of [
      'dpd > 0',
      'overdue_principal_fen > 0',
      'overdue_interest_fen > 0',
      'penalty_accrued_fen > 0',
      'compound_accrued_fen > 0',
      'penalty_since IS NOT NULL',
      'compound_since IS NOT NULL',
      "classification <> 'NORMAL'",
      'manual_classification IS NOT NULL',
    ]) {
      expect(flag).toContain(term);
    }
  });
});
