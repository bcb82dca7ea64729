/**
 * Import type PROSPECTS (营销客户清单): a prospect list of tens of thousands of rows — 姓名, 身份证号,
 * 手机号, 客户经理 (the officer by username or staff number), optionally 村/社区 and notes — checked row
 * by row and de-duplicated within the file, against the customers and against earlier lists (by the
 * ID number's lookup hash and by mobile). Bad and duplicate rows are reported and left out; the valid
 * rows wait, encrypted, in the imports module's staging table until a second person approves
 * (checker review:check:IMPORT_PROSPECTS); approval makes them prospects, all or none.
 */
import { sql } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import { makeIdNumber, validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import { normalizeMobile } from '../../kernel/mobile.js';
import { activeStaffWithRoleLogins, type RoleHolderLogin } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { knownCustomerHashes } from '../customers/index.js';
import type { ImportApplyContext, ImportRow, ImportTypeSpec, RowError } from '../imports/index.js';
import { isBranchInScope } from '../org/index.js';

export const PROSPECTS_IMPORT_TYPE = 'PROSPECTS';
const NAME_MAX_CHARS = 50;
const VILLAGE_MAX_CHARS = 100;
const NOTE_MAX_CHARS = 200;

/** One valid row as staged until approval: personal values encrypted, with their hashes and masks. */
export interface ProspectImportRecord {
  nameEnc: string;
  nameMasked: string;
  idEnc: string;
  idHash: string;
  idMasked: string;
  mobileEnc: string;
  mobileHash: string;
  mobileMasked: string;
  village: string | null;
  extra: Record<string, string>;
  officerId: number;
  officerName: string;
  branchId: number;
}

/** Optional columns kept as the prospect's further details (`extra`), by key. */
const EXTRA_COLUMNS = [
  { key: 'address', headers: ['地址', '住址', 'address'], labelZh: '地址', labelEn: 'Address' },
  { key: 'note', headers: ['备注', 'note', 'notes'], labelZh: '备注', labelEn: 'Note' },
  { key: 'source', headers: ['来源', '名单来源', 'source'], labelZh: '来源', labelEn: 'Source' },
] as const;

type Err = (rowNo: number, field: string, value: string | null, code: string, zh: string, en: string) => void;

/** The PROSPECTS import type, for the composition root. */
export function prospectsImportType(): ImportTypeSpec<ProspectImportRecord> {
  return {
    type: PROSPECTS_IMPORT_TYPE,
    nameZh: '营销客户清单',
    nameEn: 'Prospect list',
    checkerPermission: 'review:check:IMPORT_PROSPECTS',
    makerPermission: 'prospect:import',
    acceptValidRows: true,
    maxRows: 100_000,
    columns: [
      { key: 'name', headers: ['姓名', 'name'], required: true, labelZh: '姓名', labelEn: 'Name', pii: 'name' },
      {
        key: 'idNumber',
        headers: ['身份证号', '身份证号码', 'id number', 'idNumber'],
        required: true,
        labelZh: '身份证号',
        labelEn: 'ID number',
        pii: 'idNumber',
      },
      { key: 'mobile', headers: ['手机号', '手机号码', 'mobile'], required: true, labelZh: '手机号', labelEn: 'Mobile', pii: 'mobile' },
      {
        key: 'officer',
        headers: ['客户经理', '客户经理工号', '客户经理用户名', 'officer'],
        required: true,
        labelZh: '客户经理',
        labelEn: 'Officer (username or staff number)',
      },
      { key: 'village', headers: ['村/社区', '村社区', '村', '社区', 'village'], required: false, labelZh: '村/社区', labelEn: 'Village' },
      ...EXTRA_COLUMNS.map((c) => ({ ...c, headers: [...c.headers], required: false })),
    ],
    templateRows: [
      ['张三丰', makeIdNumber('37081219850312101'), '13805371234', 'officer1', '新兖镇大屯村', '', '', ''],
      ['李秀英', makeIdNumber('37081219900215202'), '13905375678', '5', '鼓楼街道龙桥社区', '', '', ''],
    ],
    describeRecord: (r) =>
      [`姓名：${r.nameMasked}`, `身份证号：${r.idMasked}`, `手机号：${r.mobileMasked}`, `客户经理：${r.officerName}（${r.officerId}）`]
        .concat(r.village ? [`村/社区：${r.village}`] : [])
        .join('；'),
    validate: validateProspects,
    apply: applyProspects,
  };
}

async function validateProspects(
  tx: Tx,
  rows: ImportRow[],
  cmd: CommandContext,
  app: AppContext,
): Promise<{ errors: RowError[]; records: ProspectImportRecord[]; recordRows: number[] }> {
  const errors: RowError[] = [];
  const err: Err = (rowNo, field, value, code, messageZh, messageEn) => errors.push({ rowNo, field, value, code, messageZh, messageEn });
  const businessDate = await getBusinessDate(tx);
  const officers = await officerDirectory(tx, cmd);

  // First pass: the pure checks, and the hashes to look up in one go.
  const parsed = rows.map(({ rowNo, values }) => {
    const before = errors.length;
    const name = (values.name ?? '').replace(/\s+/g, ' ').trim();
    if (!name || Array.from(name).length > NAME_MAX_CHARS || /[0-9@#$%^&*<>{}[\]\\/|=+]/.test(name)) {
      err(
        rowNo,
        'name',
        values.name || null,
        'CUSTOMER_NAME_INVALID',
        '姓名不能为空，不超过 50 个字，且不含数字或特殊符号',
        'Name: required, at most 50 characters, no digits or symbols',
      );
    }
    const id = validateIdNumber(values.idNumber ?? '', { asOf: businessDate });
    if (!id.ok) {
      err(
        rowNo,
        'idNumber',
        values.idNumber || null,
        'INVALID_ID_NUMBER',
        '身份证号码无效（18 位，校验位、出生日期或地区码有误）',
        'Invalid resident ID number (18 characters: check character, birth date or region)',
      );
    }
    const mobile = normalizeMobile(values.mobile ?? '');
    if (!mobile) err(rowNo, 'mobile', values.mobile || null, 'INVALID_MOBILE', '手机号码无效', 'Invalid mobile number');
    const officerText = (values.officer ?? '').trim();
    const officer = officerText ? officers.find(officerText) : undefined;
    if (!officer) {
      err(
        rowNo,
        'officer',
        officerText || null,
        'OFFICER_NOT_FOUND',
        '客户经理（用户名或工号）不存在、已停用、不是客户经理或不在您的机构范围内',
        'No active loan officer in your scope with this username or staff number',
      );
    }
    const village = (values.village ?? '').replace(/\s+/g, ' ').trim();
    if (Array.from(village).length > VILLAGE_MAX_CHARS) {
      err(
        rowNo,
        'village',
        village.slice(0, 120),
        'FIELD_TOO_LONG',
        `村/社区不超过 ${VILLAGE_MAX_CHARS} 字`,
        `Village: at most ${VILLAGE_MAX_CHARS} characters`,
      );
    }
    const extra: Record<string, string> = {};
    for (const c of EXTRA_COLUMNS) {
      const v = (values[c.key] ?? '').replace(/\s+/g, ' ').trim();
      if (!v) continue;
      if (Array.from(v).length > NOTE_MAX_CHARS) {
        err(
          rowNo,
          c.key,
          v.slice(0, 220),
          'FIELD_TOO_LONG',
          `${c.labelZh}不超过 ${NOTE_MAX_CHARS} 字`,
          `${c.labelEn}: at most ${NOTE_MAX_CHARS} characters`,
        );
      } else extra[c.key] = v;
    }
    const idNumber = id.ok ? id.value.idNumber : null;
    return {
      rowNo,
      ok: errors.length === before,
      name,
      idNumber,
      idHash: idNumber ? app.crypto.lookupHash(idNumber) : null,
      mobile,
      mobileHash: mobile ? app.crypto.lookupHash(mobile) : null,
      officer,
      village: village || null,
      extra,
    };
  });

  const idHashes = [...new Set(parsed.flatMap((p) => (p.idHash ? [p.idHash] : [])))];
  const mobileHashes = [...new Set(parsed.flatMap((p) => (p.mobileHash ? [p.mobileHash] : [])))];
  const customers = await knownCustomerHashes(tx, idHashes, mobileHashes);
  const earlier = await knownProspectHashes(tx, idHashes, mobileHashes);

  // Second pass: duplicates (only for rows that are otherwise valid, so each row counts once).
  const seenId = new Map<string, number>();
  const seenMobile = new Map<string, number>();
  const records: ProspectImportRecord[] = [];
  const recordRows: number[] = [];
  for (const p of parsed) {
    if (!p.ok || !p.idHash || !p.mobileHash || !p.idNumber || !p.mobile || !p.officer) continue;
    const firstId = seenId.get(p.idHash);
    const firstMobile = seenMobile.get(p.mobileHash);
    if (firstId !== undefined) {
      err(p.rowNo, 'idNumber', p.idNumber, 'DUPLICATE_IN_FILE', `身份证号与第 ${firstId} 行重复`, `Same ID number as row ${firstId}`);
    } else if (firstMobile !== undefined) {
      err(p.rowNo, 'mobile', p.mobile, 'DUPLICATE_IN_FILE', `手机号与第 ${firstMobile} 行重复`, `Same mobile as row ${firstMobile}`);
    } else if (customers.idNumberHashes.has(p.idHash) || customers.mobileHashes.has(p.mobileHash)) {
      const byId = customers.idNumberHashes.has(p.idHash);
      err(
        p.rowNo,
        byId ? 'idNumber' : 'mobile',
        byId ? p.idNumber : p.mobile,
        'PROSPECT_EXISTING_CUSTOMER',
        byId ? '该身份证号已是本行客户' : '该手机号已是本行客户的预留手机号',
        byId ? 'Already a customer with this ID number' : 'Already a customer with this mobile',
      );
    } else if (earlier.idNumberHashes.has(p.idHash) || earlier.mobileHashes.has(p.mobileHash)) {
      const byId = earlier.idNumberHashes.has(p.idHash);
      err(
        p.rowNo,
        byId ? 'idNumber' : 'mobile',
        byId ? p.idNumber : p.mobile,
        'PROSPECT_EXISTING',
        byId ? '该身份证号已在之前导入的营销客户清单中' : '该手机号已在之前导入的营销客户清单中',
        byId ? 'Already a prospect with this ID number (an earlier list)' : 'Already a prospect with this mobile (an earlier list)',
      );
    }
    seenId.set(p.idHash, seenId.get(p.idHash) ?? p.rowNo);
    seenMobile.set(p.mobileHash, seenMobile.get(p.mobileHash) ?? p.rowNo);
    if (errors.length > 0 && errors[errors.length - 1].rowNo === p.rowNo) continue;
    records.push({
      nameEnc: app.crypto.encrypt(p.name),
      nameMasked: maskName(p.name),
      idEnc: app.crypto.encrypt(p.idNumber),
      idHash: p.idHash,
      idMasked: maskIdNumber(p.idNumber),
      mobileEnc: app.crypto.encrypt(p.mobile),
      mobileHash: p.mobileHash,
      mobileMasked: maskMobile(p.mobile),
      village: p.village,
      extra: p.extra,
      officerId: p.officer.id,
      officerName: p.officer.name,
      branchId: p.officer.branchId,
    });
    recordRows.push(p.rowNo);
  }
  return { errors, records, recordRows };
}

/** The active loan officers the maker may hand prospects to, found by username or staff number. */
async function officerDirectory(tx: Tx, cmd: CommandContext): Promise<{ find(text: string): RoleHolderLogin | undefined }> {
  const all = await activeStaffWithRoleLogins(tx, 'loan_officer');
  const inScope: RoleHolderLogin[] = [];
  const branchOk = new Map<number, boolean>();
  for (const o of all) {
    if (!branchOk.has(o.branchId)) branchOk.set(o.branchId, cmd.actor ? await isBranchInScope(tx, cmd.actor, o.branchId) : false);
    if (branchOk.get(o.branchId)) inScope.push(o);
  }
  const byUsername = new Map(inScope.map((o) => [o.username.toLowerCase(), o]));
  const byId = new Map(inScope.map((o) => [String(o.id), o]));
  return { find: (text) => byUsername.get(text.toLowerCase()) ?? (/^\d{1,15}$/.test(text) ? byId.get(String(Number(text))) : undefined) };
}

/** Which hashes are already prospects (any list imported before). */
async function knownProspectHashes(tx: Tx, idHashes: string[], mobileHashes: string[]) {
  const ids = new Set<string>();
  const mobiles = new Set<string>();
  const CHUNK = 5000;
  for (let i = 0; i < idHashes.length; i += CHUNK) {
    const rows = await queryRows<{ h: string }>(
      tx,
      sql`SELECT id_number_hash AS h FROM prospect_identities WHERE id_number_hash = ANY(${textArray(idHashes.slice(i, i + CHUNK))}::text[])`,
    );
    for (const r of rows) ids.add(r.h);
  }
  for (let i = 0; i < mobileHashes.length; i += CHUNK) {
    const rows = await queryRows<{ h: string }>(
      tx,
      sql`SELECT DISTINCT mobile_hash AS h FROM prospects WHERE mobile_hash = ANY(${textArray(mobileHashes.slice(i, i + CHUNK))}::text[])`,
    );
    for (const r of rows) mobiles.add(r.h);
  }
  return { idNumberHashes: ids, mobileHashes: mobiles };
}

/** A Postgres text[] literal (one parameter, however many values). */
export function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

const APPLY_CHUNK = 2000;

/**
 * Approval: every staged row becomes a NEW prospect of its officer, with its identity and an IMPORTED
 * event — set-based, a few statements per 2,000 rows. A person who became a prospect meanwhile (another
 * list approved first) fails the identity's primary key, and the whole batch rolls back.
 */
async function applyProspects(tx: Tx, records: ProspectImportRecord[], ctx: ImportApplyContext): Promise<{ applied: number }> {
  const businessDate = await getBusinessDate(tx);
  let applied = 0;
  for (let i = 0; i < records.length; i += APPLY_CHUNK) {
    const chunk = JSON.stringify(records.slice(i, i + APPLY_CHUNK));
    const inserted = await queryRows<{ id: string; h: string }>(
      tx,
      sql`INSERT INTO prospects (import_batch_id, name_enc, name_masked, id_number_enc, id_number_hash, id_number_masked,
                                 mobile_enc, mobile_hash, mobile_masked, village, extra, officer_id, branch_id, status,
                                 created_date, created_at, updated_at)
          SELECT ${ctx.batchId}, x->>'nameEnc', x->>'nameMasked', x->>'idEnc', x->>'idHash', x->>'idMasked',
                 x->>'mobileEnc', x->>'mobileHash', x->>'mobileMasked', x->>'village', x->'extra',
                 (x->>'officerId')::bigint, (x->>'branchId')::bigint, 'NEW', ${businessDate}::date, ${nowParam()}, ${nowParam()}
            FROM jsonb_array_elements(${chunk}::jsonb) AS x
          RETURNING id::text AS id, id_number_hash AS h`,
    );
    const pairs = JSON.stringify(inserted.map((r) => ({ p: Number(r.id), h: r.h })));
    await tx.execute(
      sql`INSERT INTO prospect_identities (id_number_hash, prospect_id)
          SELECT x->>'h', (x->>'p')::bigint FROM jsonb_array_elements(${pairs}::jsonb) AS x`,
    );
    applied += inserted.length;
  }
  await tx.execute(
    sql`INSERT INTO prospect_events (prospect_id, kind, to_status, officer_id, staff_id, note, event_date, created_at)
        SELECT p.id, 'IMPORTED', 'NEW', p.officer_id, ${ctx.makerId}, ${`导入批次 ${ctx.batchId}`}, ${businessDate}::date, ${nowParam()}
          FROM prospects p WHERE p.import_batch_id = ${ctx.batchId}`,
  );
  await auditCommand(tx, ctx.cmd, 'prospect.import.apply', { type: 'IMPORT', id: String(ctx.batchId) }, { applied });
  return { applied };
}
