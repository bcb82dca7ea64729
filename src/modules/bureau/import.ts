/**
 * Import type BUREAU_SUMMARY: credit-bureau summaries (征信摘要) by ID number. The subject need not
 * be a customer yet: reports are keyed by the ID number's lookup hash; only masked name and ID are
 * kept. Re-importing a report of the same person and date replaces it.
 */
import { sql } from 'drizzle-orm';
import { nowParam, type Tx } from '../../db/client.js';
import type { AppContext } from '../../context.js';
import type { IsoDate } from '../../kernel/dates.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskName } from '../../kernel/mask.js';
import { formatYuan } from '../../kernel/money.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import type { ImportRow, ImportTypeSpec, RowError } from '../imports/index.js';
import { IMPORT_TARGET_TYPE } from '../review/index.js';
import { cellDate, cellInt, cellYuan } from './cells.js';

export const BUREAU_SUMMARY_IMPORT = 'BUREAU_SUMMARY';
const CHUNK = 1000;

export interface BureauReportRecord {
  idNumberHash: string;
  idMasked: string;
  nameMasked: string;
  reportDate: IsoDate;
  existingDebtFen: string;
  currentOverdueFen: string;
  worstStatus24m: number;
  inquiries6m: number;
  monthlyIncomeFen: string | null;
}

/** The BUREAU_SUMMARY import type, for the composition root. */
export function bureauImportType(): ImportTypeSpec<BureauReportRecord> {
  return {
    type: BUREAU_SUMMARY_IMPORT,
    nameZh: '征信摘要',
    nameEn: 'Credit bureau summaries',
    checkerPermission: 'review:check:IMPORT_BUREAU',
    makerPermission: 'bureau:import',
    columns: [
      {
        key: 'idNumber',
        headers: ['身份证号', '身份证号码', 'id number', 'id_number'],
        required: true,
        labelZh: '身份证号',
        labelEn: 'ID number',
        pii: 'idNumber',
      },
      { key: 'name', headers: ['姓名', 'name'], required: true, labelZh: '姓名', labelEn: 'Name', pii: 'name' },
      {
        key: 'reportDate',
        headers: ['报告日期', 'report date', 'report_date'],
        required: true,
        labelZh: '报告日期',
        labelEn: 'Report date',
      },
      {
        key: 'debt',
        headers: ['现有负债(元)', '现有负债（元）', '现有负债', 'existing debt'],
        required: true,
        labelZh: '现有负债(元)',
        labelEn: 'Existing debt',
      },
      {
        key: 'overdue',
        headers: ['当前逾期(元)', '当前逾期（元）', '当前逾期', 'current overdue'],
        required: true,
        labelZh: '当前逾期(元)',
        labelEn: 'Current overdue',
      },
      {
        key: 'worstStatus',
        headers: [
          '近24个月最差状态(0–7)',
          '近24个月最差状态(0-7)',
          '近24个月最差状态（0–7）',
          '近24个月最差状态（0-7）',
          '近24个月最差状态',
          'worst status 24m',
        ],
        required: true,
        labelZh: '近24个月最差状态(0–7)',
        labelEn: 'Worst status in 24 months (0–7)',
      },
      {
        key: 'inquiries',
        headers: ['近6个月查询次数', 'inquiries 6m'],
        required: true,
        labelZh: '近6个月查询次数',
        labelEn: 'Inquiries in 6 months',
      },
      {
        key: 'income',
        headers: ['月收入(元)', '月收入（元）', '月收入', 'monthly income'],
        required: false,
        labelZh: '月收入(元)',
        labelEn: 'Monthly income',
      },
    ],
    templateRows: [
      ['370882199001011231', '张三', '2025-12-20', '35000.00', '0.00', '0', '2', '6500.00'],
      ['370882198506122047', '李四', '2025-12-18', '120000.00', '1500.00', '2', '7', ''],
    ],
    describeRecord: (r) =>
      `${r.nameMasked}（${r.idMasked}）报告日 ${r.reportDate}：负债 ${formatYuan(BigInt(r.existingDebtFen))} 元，逾期 ${formatYuan(BigInt(r.currentOverdueFen))} 元，` +
      `最差状态 ${r.worstStatus24m}，近6月查询 ${r.inquiries6m} 次，月收入 ${r.monthlyIncomeFen === null ? '—' : formatYuan(BigInt(r.monthlyIncomeFen)) + ' 元'}`,
    validate: (tx, rows, _cmd, app) => validateRows(tx, app, rows),
    apply: async (tx, records, c) => {
      const at = nowParam();
      for (let i = 0; i < records.length; i += CHUNK) {
        await tx.execute(
          sql`INSERT INTO bureau_reports
                (id_number_hash, report_date, id_number_masked, name_masked, existing_debt_fen, current_overdue_fen,
                 worst_status_24m, inquiries_6m, reported_monthly_income_fen, import_batch_id, created_at, updated_at)
              SELECT x->>'idNumberHash', (x->>'reportDate')::date, x->>'idMasked', x->>'nameMasked',
                     (x->>'existingDebtFen')::bigint, (x->>'currentOverdueFen')::bigint,
                     (x->>'worstStatus24m')::smallint, (x->>'inquiries6m')::int, (x->>'monthlyIncomeFen')::bigint, ${c.batchId}, ${at}, ${at}
              FROM jsonb_array_elements(${JSON.stringify(records.slice(i, i + CHUNK))}::jsonb) AS x
              ON CONFLICT (id_number_hash, report_date) DO UPDATE
                SET id_number_masked = EXCLUDED.id_number_masked, name_masked = EXCLUDED.name_masked,
                    existing_debt_fen = EXCLUDED.existing_debt_fen, current_overdue_fen = EXCLUDED.current_overdue_fen,
                    worst_status_24m = EXCLUDED.worst_status_24m, inquiries_6m = EXCLUDED.inquiries_6m,
                    reported_monthly_income_fen = EXCLUDED.reported_monthly_income_fen,
                    import_batch_id = EXCLUDED.import_batch_id, updated_at = EXCLUDED.updated_at`,
        );
      }
      await auditCommand(tx, c.cmd, 'bureau.reports.import', { type: IMPORT_TARGET_TYPE, id: c.batchId }, { reports: records.length });
      return { applied: records.length };
    },
  };
}

async function validateRows(tx: Tx, ctx: AppContext, rows: ImportRow[]): Promise<{ errors: RowError[]; records: BureauReportRecord[] }> {
  const errors: RowError[] = [];
  const records: BureauReportRecord[] = [];
  const businessDate = await getBusinessDate(tx);
  const seen = new Map<string, number>();
  for (const { rowNo, values: v } of rows) {
    const before = errors.length;
    const fail = (field: string, value: string | null, code: string, zh: string, en: string) =>
      errors.push({ rowNo, field, value, code, messageZh: zh, messageEn: en });

    const id = validateIdNumber(v.idNumber ?? '');
    if (!id.ok) fail('idNumber', v.idNumber ?? null, 'INVALID_ID_NUMBER', '身份证号码无效', 'Invalid resident ID number');
    const name = (v.name ?? '').trim();
    if (!name || Array.from(name).length > 50)
      fail('name', v.name ?? null, 'INVALID_NAME', '姓名不能为空且不超过 50 字', 'Name: required, at most 50 characters');
    const reportDate = cellDate(v.reportDate ?? '');
    if (!reportDate || reportDate > businessDate) {
      fail(
        'reportDate',
        v.reportDate ?? null,
        'INVALID_DATE',
        '报告日期应为不晚于当前营业日期的日期（YYYY-MM-DD）',
        'Report date: YYYY-MM-DD, not after the business date',
      );
    }
    const money = (field: 'debt' | 'overdue' | 'income', zh: string, en: string): bigint | null => {
      try {
        return cellYuan(v[field] ?? '');
      } catch {
        fail(
          field,
          v[field] ?? null,
          'INVALID_AMOUNT',
          `${zh}应为不小于 0、最多两位小数的金额（元）`,
          `${en}: yuan, not negative, at most two decimals`,
        );
        return null;
      }
    };
    const debt = money('debt', '现有负债', 'Existing debt');
    const overdue = money('overdue', '当前逾期', 'Current overdue');
    const income = (v.income ?? '').trim() ? money('income', '月收入', 'Monthly income') : null;
    const worst = cellInt(v.worstStatus ?? '', 0, 7);
    if (worst === null)
      fail(
        'worstStatus',
        v.worstStatus ?? null,
        'INVALID_STATUS',
        '近24个月最差状态应为 0–7 的整数',
        'Worst status: a whole number from 0 to 7',
      );
    const inquiries = cellInt(v.inquiries ?? '', 0, 999);
    if (inquiries === null)
      fail(
        'inquiries',
        v.inquiries ?? null,
        'INVALID_COUNT',
        '近6个月查询次数应为 0–999 的整数',
        'Inquiries: a whole number from 0 to 999',
      );
    if (id.ok && reportDate) {
      const key = `${id.value.idNumber}|${reportDate}`;
      if (seen.has(key))
        fail(
          'reportDate',
          reportDate,
          'DUPLICATE_IN_FILE',
          `同一身份证号、同一报告日期与第 ${seen.get(key)} 行重复`,
          `Same ID number and report date as row ${seen.get(key)}`,
        );
      else seen.set(key, rowNo);
    }
    if (errors.length > before || !id.ok || !reportDate || debt === null || overdue === null || worst === null || inquiries === null)
      continue;
    records.push({
      idNumberHash: ctx.crypto.lookupHash(id.value.idNumber),
      idMasked: maskIdNumber(id.value.idNumber),
      nameMasked: maskName(name),
      reportDate,
      existingDebtFen: debt.toString(),
      currentOverdueFen: overdue.toString(),
      worstStatus24m: worst,
      inquiries6m: inquiries,
      monthlyIncomeFen: income === null ? null : income.toString(),
    });
  }
  return { errors, records: errors.length > 0 ? [] : records };
}
