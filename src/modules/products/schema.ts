/** Drizzle mirror of migrations/0010_products.sql (the SQL file is the source of truth). */
import { bigint, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { ProductParamsJson } from './params.js';

export const products = pgTable('products', {
  code: text('code').primaryKey(),
  kind: text('kind').$type<'CREDIT' | 'GUARANTEE' | 'PLEDGE'>().notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  status: text('status').$type<'ACTIVE' | 'SUSPENDED'>().notNull().default('ACTIVE'),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const productParamVersions = pgTable(
  'product_param_versions',
  {
    productCode: text('product_code').notNull(),
    version: integer('version').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    params: jsonb('params').$type<ProductParamsJson>().notNull(),
    reviewRequestId: bigint('review_request_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.productCode, t.version] })],
);

export const lprRates = pgTable(
  'lpr_rates',
  {
    tenor: text('tenor').$type<'1Y' | '5Y'>().notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    ratePct: numeric('rate_pct', { precision: 9, scale: 4 }).notNull(),
    reviewRequestId: bigint('review_request_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenor, t.effectiveDate] })],
);
