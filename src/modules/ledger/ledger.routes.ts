/** HTTP routes of the ledger: thin — schema, permission, one query. Amounts are yuan strings; shapes in ledger.contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatYuan } from '../../kernel/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { accountList, trialBalance as trialBalanceResponse, trialBalanceQuery } from './ledger.contract.js';
import { listAccounts, trialBalance } from './ledger.service.js';

export async function ledgerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/ledger/accounts',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: '会计科目表 (chart of accounts)',
        response: { 200: accountList },
      },
    },
    async () => ({ items: await listAccounts(ctx.db) }),
  );

  r.get(
    '/api/v1/ledger/trial-balance',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: '试算平衡表 (trial balance at a business date; default: the current business date)',
        querystring: trialBalanceQuery,
        response: { 200: trialBalanceResponse },
      },
    },
    async (req) => {
      const { date } = req.query;
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
