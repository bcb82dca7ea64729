/** HTTP routes of the ledger: thin — schema, permission, one query. Amounts are yuan strings; shapes in ledger.contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatYuan } from '../../kernel/index.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { getBusinessDate } from '../calendar/index.js';
import {
  accountList,
  trialBalance as trialBalanceResponse,
  trialBalanceQuery,
  type AccountType,
  type TrialBalance,
  type TrialBalanceAccount,
} from './ledger.contract.js';
import { listAccounts, trialBalance } from './ledger.service.js';

const TYPE_ZH: Record<AccountType, string> = {
  ASSET: '资产',
  LIABILITY: '负债',
  INCOME: '损益（收入）',
  EXPENSE: '损益（支出）',
  OFF_BALANCE: '表外',
};
const SIDE_ZH: Record<TrialBalanceAccount['normalSide'], string> = { D: '借', C: '贷' };

/** A row of the trial balance workbook: an account, or the closing total with its balance check. */
type TrialBalanceRow = { account: TrialBalanceAccount } | { total: TrialBalance };

/** The trial balance as an Excel workbook, as the console shows it: the accounts (Chinese names), then 合计 and 借贷平衡. */
export const TRIAL_BALANCE_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<TrialBalanceRow>> = [
  { key: 'code', header: '科目代码', width: 12, value: (r) => ('account' in r ? r.account.code : `合计（${r.total.date}）`) },
  { key: 'name', header: '科目名称', width: 24, value: (r) => ('account' in r ? r.account.nameZh : null) },
  { key: 'type', header: '类别', width: 12, value: (r) => ('account' in r ? TYPE_ZH[r.account.type] : null) },
  { key: 'normalSide', header: '余额方向', width: 10, value: (r) => ('account' in r ? SIDE_ZH[r.account.normalSide] : null) },
  { key: 'debit', header: '借方合计（元）', width: 18, value: (r) => ('account' in r ? r.account.debit : r.total.totalDebit) },
  { key: 'credit', header: '贷方合计（元）', width: 18, value: (r) => ('account' in r ? r.account.credit : r.total.totalCredit) },
  {
    key: 'balance',
    header: '余额（元）',
    width: 18,
    value: (r) => ('account' in r ? r.account.balance : r.total.balanced ? '借贷平衡' : '借贷不平衡'),
  },
];

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
        description:
          'format=xlsx: the same balance as an Excel workbook (Chinese headers and account names), closing with the totals and whether they balance.',
        querystring: trialBalanceQuery.extend(exportQuery),
        response: { 200: trialBalanceResponse },
      },
    },
    async (req, reply) => {
      const { date, format } = req.query;
      const tb = await trialBalance(ctx.db, date ?? (await getBusinessDate(ctx.db)));
      const shown: TrialBalance = {
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
      if (wantsXlsx({ format })) {
        const rows: TrialBalanceRow[] = [...shown.accounts.map((account) => ({ account })), { total: shown }];
        return sendListExport(reply, {
          filename: `试算平衡表_${shown.date}`,
          sheet: '试算平衡表',
          columns: TRIAL_BALANCE_EXPORT_COLUMNS,
          fetchPage: async () => ({ items: rows, total: rows.length }),
        });
      }
      return shown;
    },
  );
}
