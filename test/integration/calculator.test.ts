/**
 * The public trial calculator (还款试算) over HTTP: a minimal server with only the calculator module,
 * no database (the calculator is pure).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireModules } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { calculatorRoutes } from '../../src/modules/calculator/index.js';

const URL = '/api/v1/calculator/schedule';
const acceptance = {
  principal: '100000.00',
  annualRatePct: '4.35',
  termMonths: 12,
  method: 'EQUAL_INSTALLMENT',
  startDate: '2026-01-15',
};

interface Row {
  period: number;
  dueDate: string;
  principal: string;
  interest: string;
  payment: string;
  remainingPrincipal: string;
}

/** "8530.99" → 853099n, without floating point. */
const fen = (yuan: string) => {
  expect(yuan).toMatch(/^\d+\.\d{2}$/);
  return BigInt(yuan.replace('.', ''));
};
const sum = (xs: string[]) => xs.reduce((a, x) => a + fen(x), 0n);

describe('POST /api/v1/calculator/schedule', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildServer({
      ctx: { config: testConfig(), database: {} as any, db: {} as any, crypto: {} as any, ...wireModules() },
      authenticate: async () => null,
      modules: [calculatorRoutes],
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: URL, payload: body as object, headers });

  it('acceptance example: 100,000.00 at 4.35 % over 12 months, equal installments of 8530.99', async () => {
    const res = await post(acceptance); // no session: the calculator is public
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      principal: '100000.00',
      annualRatePct: '4.35',
      method: 'EQUAL_INSTALLMENT',
      totalInterest: '2371.90',
      totalPayment: '102371.90',
    });
    const rows: Row[] = body.installments;
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => r.period)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(rows[0].dueDate).toBe('2026-02-15');
    expect(rows[11].dueDate).toBe('2027-01-15');
    expect(rows.map((r) => r.dueDate.slice(8))).toEqual(Array(12).fill('15'));
    expect(rows.slice(0, 11).map((r) => r.payment)).toEqual(Array(11).fill('8530.99'));
    expect(rows[0]).toEqual({
      period: 1,
      dueDate: '2026-02-15',
      principal: '8168.49',
      interest: '362.50',
      payment: '8530.99',
      remainingPrincipal: '91831.51',
    });
    expect(rows[11]).toMatchObject({ principal: '8500.20', interest: '30.81', payment: '8531.01', remainingPrincipal: '0.00' });
    // Sums are consistent.
    expect(sum(rows.map((r) => r.principal))).toBe(fen(body.principal));
    expect(sum(rows.map((r) => r.interest))).toBe(fen(body.totalInterest));
    expect(sum(rows.map((r) => r.payment))).toBe(fen(body.totalPayment));
    for (const r of rows) expect(fen(r.payment)).toBe(fen(r.principal) + fen(r.interest));
  });

  it('BULLET by days: 100,000.00 at 4.35 % for 90 days → interest 1087.50', async () => {
    const res = await post({ principal: '100000', annualRatePct: '4.350', termDays: 90, method: 'BULLET', startDate: '2026-01-15' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      installments: [
        { period: 1, dueDate: '2026-04-15', principal: '100000.00', interest: '1087.50', payment: '101087.50', remainingPrincipal: '0.00' },
      ],
      totalInterest: '1087.50',
      totalPayment: '101087.50',
      principal: '100000.00',
      annualRatePct: '4.35',
      method: 'BULLET',
    });
  });

  it('other methods and a fixed repayment day with a stub first period', async () => {
    const equalPrincipal = await post({ ...acceptance, principal: '120000.00', method: 'EQUAL_PRINCIPAL' });
    expect(equalPrincipal.statusCode).toBe(200);
    expect(equalPrincipal.json().installments[1]).toMatchObject({ principal: '10000.00', interest: '398.75', payment: '10398.75' });

    const monthly = await post({ ...acceptance, method: 'MONTHLY_INTEREST' });
    expect(monthly.json().installments[11]).toMatchObject({ principal: '100000.00', interest: '362.50', payment: '100362.50' });

    const stub = await post({ ...acceptance, repaymentDay: 20 });
    expect(stub.statusCode).toBe(200);
    const rows: Row[] = stub.json().installments;
    expect(rows).toHaveLength(12);
    // Jan 20 is only 5 days after the start, so the first due date is Feb 20 (36 days, charged on actual days).
    expect(rows[0]).toMatchObject({ dueDate: '2026-02-20', interest: '435.00' });
    expect(rows[11].dueDate).toBe('2027-01-20');
  });

  it.each([
    ['term 0', { termMonths: 0 }, 'VALIDATION_FAILED'],
    ['term 361', { termMonths: 361 }, 'VALIDATION_FAILED'],
    ['fractional term', { termMonths: 1.5 }, 'VALIDATION_FAILED'],
    ['no term at all', { termMonths: undefined }, 'VALIDATION_FAILED'],
    ['termDays for a non-bullet method', { termMonths: undefined, termDays: 90 }, 'VALIDATION_FAILED'],
    ['both termMonths and termDays', { method: 'BULLET', termDays: 90 }, 'VALIDATION_FAILED'],
    ['termDays 3661', { method: 'BULLET', termMonths: undefined, termDays: 3661 }, 'VALIDATION_FAILED'],
    ['unknown method', { method: 'REVOLVING' }, 'VALIDATION_FAILED'],
    ['repayment day 29', { repaymentDay: 29 }, 'VALIDATION_FAILED'],
    ['repayment day with a bullet', { method: 'BULLET', repaymentDay: 10 }, 'VALIDATION_FAILED'],
    ['date not YYYY-MM-DD', { startDate: '2026/01/15' }, 'VALIDATION_FAILED'],
    ['principal as a number', { principal: 100000 }, 'VALIDATION_FAILED'],
    ['negative principal', { principal: '-100.00' }, 'INVALID_AMOUNT'],
    ['zero principal', { principal: '0.00' }, 'INVALID_AMOUNT'],
    ['three decimals', { principal: '100.001' }, 'INVALID_AMOUNT'],
    ['principal not a number', { principal: 'abc' }, 'INVALID_AMOUNT'],
    ['rate above 36 %', { annualRatePct: '36.5' }, 'INVALID_RATE'],
    ['negative rate', { annualRatePct: '-4.35' }, 'INVALID_RATE'],
    ['rate with a percent sign', { annualRatePct: '4.35%' }, 'INVALID_RATE'],
    ['non-existent date', { startDate: '2026-02-30' }, 'INVALID_DATE'],
  ] as const)('%s → 400 %s', async (_name, patch, code) => {
    const res = await post({ ...acceptance, ...patch });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
    expect(typeof res.json().message).toBe('string');
  });

  it('says clearly which term field is wrong', async () => {
    const neither = await post({ ...acceptance, termMonths: undefined }, { 'accept-language': 'en' });
    expect(neither.json().details).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('exactly one of termMonths and termDays') })]),
    );
    const daysForMonthly = await post({ ...acceptance, termMonths: undefined, termDays: 30 });
    expect(daysForMonthly.json().details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.termDays', message: expect.stringContaining('only allowed with method BULLET') }),
      ]),
    );
  });

  it('answers in English when asked', async () => {
    const res = await post({ ...acceptance, annualRatePct: '40' }, { 'accept-language': 'en-US' });
    expect(res.json()).toMatchObject({ code: 'INVALID_RATE', message: 'Invalid rate; use a percentage such as "4.35"' });
  });

  it('is documented in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const op = res.json().paths[URL]?.post;
    expect(op?.tags).toEqual(['calculator']);
    expect(Object.keys(op.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['principal', 'annualRatePct', 'termMonths', 'termDays', 'method', 'startDate', 'repaymentDay']),
    );
  });

  it('a 360-month schedule over HTTP', async () => {
    const res = await post({ ...acceptance, principal: '1000000.00', annualRatePct: '4.9', termMonths: 360 });
    expect(res.statusCode).toBe(200);
    const rows: Row[] = res.json().installments;
    expect(rows).toHaveLength(360);
    expect(rows[0].payment).toBe('5307.27');
    expect(sum(rows.map((r) => r.principal))).toBe(100_000_000n);
  });
});
