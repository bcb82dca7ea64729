/** HTTP routes of the ledger: thin — schema, permission, one query. Amounts are yuan strings. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatYuan } from '../../kernel/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { listAccounts, trialBalance } from './ledger.service.js';

const yuan = z.string().describe('元，两位小数 (yuan), e.g. "8530.99"');
const accountType = z.enum(['ASSET', 'LIABILITY', 'INCOME', 'OFF_BALANCE']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

export const trialBalanceResponse = z.object({
  date: z.string(),
  accounts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      type: accountType,
      normalSide: z.enum(['D', 'C']),
      debit: yuan,
      credit: yuan,
      balance: yuan.describe('余额（按科目余额方向）(balance in the normal direction)'),
    }),
  ),
  totalDebit: yuan,
  totalCredit: yuan,
  balanced: z.boolean(),
});

export async function ledgerRoutes(app: FastifyInstance) {
  const ctx = app.hn;

  app.get(
    '/api/v1/ledger/accounts',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: '会计科目表 (chart of accounts)',
        response: {
          200: z.object({
            items: z.array(
              z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), type: accountType, normalSide: z.enum(['D', 'C']) }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await listAccounts(ctx.db) }),
  );

  app.get(
    '/api/v1/ledger/trial-balance',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: '试算平衡表 (trial balance at a business date; default: the current business date)',
        querystring: z.object({ date: isoDate.optional().describe('营业日期 YYYY-MM-DD，含当日 (inclusive)') }),
        response: { 200: trialBalanceResponse },
      },
    },
    async (req) => {
      const { date } = req.query as { date?: string };
      const tb = await trialBalance(ctx.db, date ?? (await getBusinessDate(ctx.db)));
      return {
        date: tb.date,
        accounts: tb.accounts.map((a) => ({
          code: a.code,
          name: req.lang === 'en' ? a.nameEn : a.name,
          nameZh: a.name,
          nameEn: a.nameEn,
          type: a.type,
          normalSide: a.normalSide,
          debit: formatYuan(a.debitFen),
          credit: formatYuan(a.creditFen),
          balance: formatYuan(a.balanceFen),
        })),
        totalDebit: formatYuan(tb.totalDebitFen),
        totalCredit: formatYuan(tb.totalCreditFen),
        balanced: tb.totalDebitFen === tb.totalCreditFen,
      };
    },
  );
}
