/**
 * Group members imported from a file (重点客群成员导入, issue 14 §5): an import of type GROUP_MEMBERS
 * through the imports module — a CSV (UTF-8 or GBK) or XLSX with 客群码,姓名,身份证号,手机号. Every row is
 * checked (a group in the uploader's scope, name, ID number, mobile); a row is a duplicate when the same
 * person appeared for the same group earlier in the file or is a member already (by the ID number's
 * lookup hash). Bad and duplicate rows are reported and left out; the valid rows are staged encrypted and
 * wait for the checker (review:check:IMPORT_GROUP_MEMBERS, never the uploader); approval adds them as
 * members (source IMPORTED) in one set-based statement per chunk, a member who joined meanwhile skipped.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows } from '../../db/client.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import { normalizeMobile } from '../../kernel/mobile.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { customerIdsByIdNumberHash } from '../customers/index.js';
import type { ImportTypeSpec, RowError } from '../imports/index.js';
import { scopeCondition } from '../org/index.js';

export const GROUP_MEMBERS_IMPORT_TYPE = 'GROUP_MEMBERS';
const NAME_RE = /^[\p{Script=Han}A-Za-z·•.\s]{1,50}$/u;
const CHUNK = 1000;

/** One member as it waits for the checker: encrypted and masked, never in clear. */
export interface GroupMemberRecord {
  groupId: number;
  groupCode: string;
  idNumberHash: string;
  customerId: number | null;
  nameEnc: string;
  nameMasked: string;
  idNumberEnc: string;
  idNumberMasked: string;
  mobileEnc: string;
  mobileHash: string;
  mobileMasked: string;
}

/** The GROUP_MEMBERS import type, for the composition root. */
export function groupMembersImportType(): ImportTypeSpec<GroupMemberRecord> {
  return {
    type: GROUP_MEMBERS_IMPORT_TYPE,
    nameZh: '重点客群成员',
    nameEn: 'Key customer group members',
    checkerPermission: 'review:check:IMPORT_GROUP_MEMBERS',
    makerPermission: 'group:manage',
    acceptValidRows: true,
    columns: [
      {
        key: 'groupCode',
        headers: ['客群码', '客群代码', 'group code', 'groupCode'],
        required: true,
        labelZh: '客群码',
        labelEn: 'Group code',
      },
      { key: 'name', headers: ['姓名', 'name'], required: true, labelZh: '姓名', labelEn: 'Name', pii: 'name' },
      {
        key: 'idNumber',
        headers: ['身份证号', '身份证号码', 'id number', 'id_number', 'idNumber'],
        required: true,
        labelZh: '身份证号',
        labelEn: 'ID number',
        pii: 'idNumber',
      },
      { key: 'mobile', headers: ['手机号', '手机号码', 'mobile'], required: true, labelZh: '手机号', labelEn: 'Mobile', pii: 'mobile' },
    ],
    templateRows: [
      ['GABCD2345', '张三丰', '370812198503121018', '13805371234'],
      ['GABCD2345', '李秀英', '370812199002152024', '13905375678'],
    ],
    describeRecord: (r) => `客群码：${r.groupCode}；姓名：${r.nameMasked}；身份证号：${r.idNumberMasked}；手机号：${r.mobileMasked}`,
    validate: async (tx, rows, cmd, app) => {
      const errors: RowError[] = [];
      const err = (rowNo: number, field: string, value: string | null, code: string, zh: string, en: string) =>
        errors.push({ rowNo, field, value, code, messageZh: zh, messageEn: en });
      const businessDate = await getBusinessDate(tx);
      // the groups the uploader may see, by code (case-insensitive)
      const codes = [
        ...new Set(rows.map((r) => (r.values.groupCode ?? '').trim().toUpperCase()).filter((c) => /^[A-Z0-9]{1,20}$/.test(c))),
      ];
      const groups = new Map<string, number>();
      if (cmd.actor && codes.length > 0) {
        const found = await queryRows<{ id: string; code: string }>(
          tx,
          sql`SELECT g.id::text AS id, g.code FROM customer_groups g
               WHERE g.code = ANY(${`{${codes.join(',')}}`}::text[])
                 AND ${scopeCondition(cmd.actor, { branchId: sql`g.branch_id`, officerId: sql`g.officer_id` })}`,
        );
        for (const g of found) groups.set(g.code, Number(g.id));
      }
      const valid: Array<{
        rowNo: number;
        groupId: number;
        groupCode: string;
        name: string;
        idNumber: string;
        idHash: string;
        mobile: string;
      }> = [];
      const seen = new Map<string, number>();
      for (const { rowNo, values } of rows) {
        const code = (values.groupCode ?? '').trim().toUpperCase();
        const groupId = groups.get(code);
        let ok = true;
        if (groupId === undefined) {
          ok = false;
          err(
            rowNo,
            'groupCode',
            values.groupCode || null,
            'GROUP_CODE_UNKNOWN',
            '客群码无效或不在您的数据范围内',
            'Unknown group code, or outside your scope',
          );
        }
        const name = (values.name ?? '').trim().replace(/\s+/g, ' ');
        if (!NAME_RE.test(name)) {
          ok = false;
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
          ok = false;
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
        if (!mobile) {
          ok = false;
          err(rowNo, 'mobile', values.mobile || null, 'INVALID_MOBILE', '手机号码无效', 'Invalid mobile number');
        }
        if (!ok || !id.ok || !mobile || groupId === undefined) continue;
        const idHash = app.crypto.lookupHash(id.value.idNumber);
        const key = `${groupId}:${idHash}`;
        const first = seen.get(key);
        if (first !== undefined) {
          err(
            rowNo,
            'idNumber',
            maskIdNumber(id.value.idNumber),
            'DUPLICATE_IN_FILE',
            `同一客群的身份证号与第 ${first} 行重复`,
            `Same group and ID number as row ${first}`,
          );
          continue;
        }
        seen.set(key, rowNo);
        valid.push({ rowNo, groupId, groupCode: code, name, idNumber: id.value.idNumber, idHash, mobile });
      }
      // members already (one per group and ID number): reported and left out
      const existing = new Set<string>();
      for (let i = 0; i < valid.length; i += CHUNK) {
        const chunk = valid.slice(i, i + CHUNK);
        const found = await queryRows<{ group_id: string; id_number_hash: string }>(
          tx,
          sql`SELECT m.group_id::text AS group_id, m.id_number_hash FROM customer_group_members m
               JOIN jsonb_to_recordset(${JSON.stringify(chunk.map((v) => ({ g: v.groupId, h: v.idHash })))}::jsonb) AS x(g bigint, h text)
                 ON m.group_id = x.g AND m.id_number_hash = x.h`,
        );
        for (const f of found) existing.add(`${f.group_id}:${f.id_number_hash}`);
      }
      const fresh = valid.filter((v) => {
        if (!existing.has(`${v.groupId}:${v.idHash}`)) return true;
        err(v.rowNo, 'idNumber', maskIdNumber(v.idNumber), 'GROUP_MEMBER_EXISTING', '已是该客群的成员', 'Already a member of the group');
        return false;
      });
      const customers = await customerIdsByIdNumberHash(tx, [...new Set(fresh.map((v) => v.idHash))]);
      const records = fresh.map((v): GroupMemberRecord => ({
        groupId: v.groupId,
        groupCode: v.groupCode,
        idNumberHash: v.idHash,
        customerId: customers.get(v.idHash) ?? null,
        nameEnc: app.crypto.encrypt(v.name),
        nameMasked: maskName(v.name),
        idNumberEnc: app.crypto.encrypt(v.idNumber),
        idNumberMasked: maskIdNumber(v.idNumber),
        mobileEnc: app.crypto.encrypt(v.mobile),
        mobileHash: app.crypto.lookupHash(v.mobile),
        mobileMasked: maskMobile(v.mobile),
      }));
      errors.sort((a, b) => a.rowNo - b.rowNo);
      return { errors, records, recordRows: fresh.map((v) => v.rowNo) };
    },
    apply: async (tx, records, ctx) => {
      const businessDate = await getBusinessDate(tx);
      let applied = 0;
      for (let i = 0; i < records.length; i += CHUNK) {
        const chunk = records.slice(i, i + CHUNK);
        const inserted = await queryRows<{ group_id: string }>(
          tx,
          sql`INSERT INTO customer_group_members (group_id, id_number_hash, customer_id, name_enc, name_masked, id_number_enc, id_number_masked,
                mobile_enc, mobile_hash, mobile_masked, source, added_by, added_date, created_at)
              SELECT r.group_id, r.id_number_hash, r.customer_id, r.name_enc, r.name_masked, r.id_number_enc, r.id_number_masked,
                     r.mobile_enc, r.mobile_hash, r.mobile_masked, 'IMPORTED', ${ctx.makerId}, ${businessDate}::date, ${nowParam()}
                FROM jsonb_to_recordset(${JSON.stringify(
                  chunk.map((r) => ({
                    group_id: r.groupId,
                    id_number_hash: r.idNumberHash,
                    customer_id: r.customerId,
                    name_enc: r.nameEnc,
                    name_masked: r.nameMasked,
                    id_number_enc: r.idNumberEnc,
                    id_number_masked: r.idNumberMasked,
                    mobile_enc: r.mobileEnc,
                    mobile_hash: r.mobileHash,
                    mobile_masked: r.mobileMasked,
                  })),
                )}::jsonb) AS r(group_id bigint, id_number_hash text, customer_id bigint, name_enc text, name_masked text,
                  id_number_enc text, id_number_masked text, mobile_enc text, mobile_hash text, mobile_masked text)
              ON CONFLICT (group_id, id_number_hash) DO NOTHING
              RETURNING group_id::text AS group_id`,
        );
        applied += inserted.length;
      }
      const perGroup = new Map<number, number>();
      for (const r of records) perGroup.set(r.groupId, (perGroup.get(r.groupId) ?? 0) + 1);
      for (const [groupId, rows] of perGroup) {
        await auditCommand(
          tx,
          ctx.cmd,
          'group.member.import',
          { type: 'customer_group', id: String(groupId) },
          {
            importId: ctx.batchId,
            rows,
          },
        );
      }
      return { applied };
    },
  };
}
