/**
 * Import type EXTERNAL_LIST: court enforcement (被执行人), dishonest judgment debtors (失信被执行人)
 * and bank blacklist (本行黑名单) entries. One entry per listing (type, person, case number, listing
 * date): re-importing a listing updates it — typically to fill in its removal date (移出日期).
 */
import { sql } from 'drizzle-orm';
import { nowParam, type Tx } from '../../db/client.js';
import type { AppContext } from '../../context.js';
import { isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskName } from '../../kernel/mask.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import type { ImportRow, ImportTypeSpec, RowError } from '../imports/index.js';
import { IMPORT_TARGET_TYPE } from '../review/index.js';
import type { ListType } from './lists.service.js';

export const EXTERNAL_LIST_IMPORT = 'EXTERNAL_LIST';
const CHUNK = 1000;

export interface ListEntryRecord {
  listType: ListType;
  idNumberHash: string;
  idMasked: string;
  nameMasked: string;
  caseNo: string | null;
  source: string;
  listedOn: IsoDate;
  removedOn: IsoDate | null;
}

const LIST_TYPE: Record<string, ListType> = {
  被执行人: 'COURT_ENFORCEMENT',
  失信被执行人: 'DISHONEST',
  本行黑名单: 'BANK_BLACKLIST',
  黑名单: 'BANK_BLACKLIST',
  court_enforcement: 'COURT_ENFORCEMENT',
  dishonest: 'DISHONEST',
  bank_blacklist: 'BANK_BLACKLIST',
};
export const LIST_TYPE_ZH: Record<ListType, string> = {
  COURT_ENFORCEMENT: '被执行人',
  DISHONEST: '失信被执行人',
  BANK_BLACKLIST: '本行黑名单',
};
const DEFAULT_SOURCE: Record<ListType, string> = {
  COURT_ENFORCEMENT: '中国执行信息公开网',
  DISHONEST: '中国执行信息公开网',
  BANK_BLACKLIST: '本行',
};

function cellDate(raw: string): IsoDate | null {
  const s = raw.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** The EXTERNAL_LIST import type, for the composition root. */
export function listsImportType(): ImportTypeSpec<ListEntryRecord> {
  return {
    type: EXTERNAL_LIST_IMPORT,
    nameZh: '外部名单',
    nameEn: 'External lists',
    checkerPermission: 'review:check:IMPORT_LISTS',
    makerPermission: 'list:import',
    columns: [
      { key: 'listType', headers: ['名单类型', 'list type', 'list_type'], required: true, labelZh: '名单类型', labelEn: 'List type' },
      { key: 'name', headers: ['姓名', 'name'], required: true, labelZh: '姓名', labelEn: 'Name', pii: 'name' },
      {
        key: 'idNumber',
        headers: ['身份证号', '身份证号码', 'id number', 'id_number'],
        required: true,
        labelZh: '身份证号',
        labelEn: 'ID number',
        pii: 'idNumber',
      },
      { key: 'caseNo', headers: ['案号', 'case no', 'case_no'], required: false, labelZh: '案号', labelEn: 'Case no' },
      { key: 'source', headers: ['来源', 'source'], required: false, labelZh: '来源', labelEn: 'Source' },
      { key: 'listedOn', headers: ['列入日期', 'listed on', 'listed_on'], required: true, labelZh: '列入日期', labelEn: 'Listed on' },
      { key: 'removedOn', headers: ['移出日期', 'removed on', 'removed_on'], required: false, labelZh: '移出日期', labelEn: 'Removed on' },
    ],
    templateRows: [
      ['被执行人', '王五', '370812197803050015', '(2025)鲁0812执1234号', '中国执行信息公开网', '2025-08-15', ''],
      ['失信被执行人', '赵六', '370882199207153024', '(2024)鲁0882执567号', '中国执行信息公开网', '2024-11-02', '2025-11-30'],
      ['本行黑名单', '钱七', '370882198506122047', '', '本行风险管理部', '2025-03-01', ''],
    ],
    describeRecord: (r) =>
      `${LIST_TYPE_ZH[r.listType]}：${r.nameMasked}（${r.idMasked}）${r.caseNo ? `案号 ${r.caseNo}，` : ''}来源 ${r.source}，` +
      `${r.listedOn} 列入${r.removedOn ? `，${r.removedOn} 移出` : ''}`,
    validate: (tx, rows, _cmd, app) => validateRows(tx, app, rows),
    apply: async (tx, records, c) => {
      const at = nowParam();
      for (let i = 0; i < records.length; i += CHUNK) {
        await tx.execute(
          sql`INSERT INTO external_list_entries
                (list_type, id_number_hash, id_number_masked, name_masked, case_no, case_key, source, listed_on, removed_on, import_batch_id,
                 created_at, updated_at)
              SELECT x->>'listType', x->>'idNumberHash', x->>'idMasked', x->>'nameMasked', x->>'caseNo',
                     coalesce(x->>'caseNo', ''), x->>'source', (x->>'listedOn')::date, (x->>'removedOn')::date, ${c.batchId}, ${at}, ${at}
              FROM jsonb_array_elements(${JSON.stringify(records.slice(i, i + CHUNK))}::jsonb) AS x
              ON CONFLICT (list_type, id_number_hash, case_key, listed_on) DO UPDATE
                SET name_masked = EXCLUDED.name_masked, id_number_masked = EXCLUDED.id_number_masked,
                    source = EXCLUDED.source, removed_on = EXCLUDED.removed_on,
                    import_batch_id = EXCLUDED.import_batch_id, updated_at = EXCLUDED.updated_at`,
        );
      }
      await auditCommand(
        tx,
        c.cmd,
        'lists.entries.import',
        { type: IMPORT_TARGET_TYPE, id: c.batchId },
        {
          entries: records.length,
          byType: Object.fromEntries(
            (['COURT_ENFORCEMENT', 'DISHONEST', 'BANK_BLACKLIST'] as const).map((t) => [t, records.filter((r) => r.listType === t).length]),
          ),
        },
      );
      return { applied: records.length };
    },
  };
}

async function validateRows(tx: Tx, ctx: AppContext, rows: ImportRow[]): Promise<{ errors: RowError[]; records: ListEntryRecord[] }> {
  const errors: RowError[] = [];
  const records: ListEntryRecord[] = [];
  const businessDate = await getBusinessDate(tx);
  const seen = new Map<string, number>();
  for (const { rowNo, values: v } of rows) {
    const before = errors.length;
    const fail = (field: string, value: string | null, code: string, zh: string, en: string) =>
      errors.push({ rowNo, field, value, code, messageZh: zh, messageEn: en });

    const rawType = (v.listType ?? '').trim();
    const listType = LIST_TYPE[rawType] ?? LIST_TYPE[rawType.toLowerCase()];
    if (!listType)
      fail(
        'listType',
        v.listType ?? null,
        'INVALID_LIST_TYPE',
        '名单类型应为 被执行人、失信被执行人 或 本行黑名单',
        'List type: 被执行人, 失信被执行人 or 本行黑名单',
      );
    const name = (v.name ?? '').trim();
    if (!name || Array.from(name).length > 50)
      fail('name', v.name ?? null, 'INVALID_NAME', '姓名不能为空且不超过 50 字', 'Name: required, at most 50 characters');
    const id = validateIdNumber(v.idNumber ?? '');
    if (!id.ok) fail('idNumber', v.idNumber ?? null, 'INVALID_ID_NUMBER', '身份证号码无效', 'Invalid resident ID number');
    const caseNo = (v.caseNo ?? '').trim() || null;
    if (caseNo && caseNo.length > 64)
      fail('caseNo', caseNo, 'INVALID_CASE_NO', '案号不超过 64 个字符', 'Case number: at most 64 characters');
    if (!caseNo && listType && listType !== 'BANK_BLACKLIST') {
      fail('caseNo', null, 'CASE_NO_REQUIRED', '被执行人、失信被执行人名单须填写案号', 'Court lists need a case number');
    }
    const source = (v.source ?? '').trim() || (listType ? DEFAULT_SOURCE[listType] : '');
    if (source.length > 100) fail('source', source, 'INVALID_SOURCE', '来源不超过 100 个字符', 'Source: at most 100 characters');
    const listedAt = cellDate(v.listedOn ?? '');
    const listedOn = listedAt && listedAt <= businessDate ? listedAt : null;
    if (!listedOn) {
      fail(
        'listedOn',
        v.listedOn ?? null,
        'INVALID_DATE',
        '列入日期应为不晚于当前营业日期的日期（YYYY-MM-DD）',
        'Listed on: YYYY-MM-DD, not after the business date',
      );
    }
    let removedOn: IsoDate | null = null;
    if ((v.removedOn ?? '').trim()) {
      removedOn = cellDate(v.removedOn);
      if (!removedOn) fail('removedOn', v.removedOn, 'INVALID_DATE', '移出日期格式应为 YYYY-MM-DD', 'Removed on: YYYY-MM-DD');
      else if (listedOn && removedOn <= listedOn)
        fail(
          'removedOn',
          v.removedOn,
          'REMOVED_BEFORE_LISTED',
          '移出日期须晚于列入日期',
          'The removal date must be after the listing date',
        );
    }
    if (listType && id.ok && listedOn) {
      const key = `${listType}|${id.value.idNumber}|${caseNo ?? ''}|${listedOn}`;
      if (seen.has(key))
        fail(
          'idNumber',
          id.value.idNumber,
          'DUPLICATE_IN_FILE',
          `与第 ${seen.get(key)} 行是同一条名单记录`,
          `The same listing as row ${seen.get(key)}`,
        );
      else seen.set(key, rowNo);
    }
    if (errors.length > before || !listType || !id.ok || !listedOn) continue;
    records.push({
      listType,
      idNumberHash: ctx.crypto.lookupHash(id.value.idNumber),
      idMasked: maskIdNumber(id.value.idNumber),
      nameMasked: maskName(name),
      caseNo,
      source,
      listedOn,
      removedOn,
    });
  }
  return { errors, records: errors.length > 0 ? [] : records };
}
