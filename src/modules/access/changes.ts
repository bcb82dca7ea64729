/**
 * The access module's four-eyes change types (creating staff, granting and revoking roles, password
 * resets, unlocking, disabling staff, creating and disabling branches) and its staff-list import type,
 * handed to the composition root as data (accessChangeTypes, accessImportTypes).
 */
import { inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber } from '../../kernel/mask.js';
import { parseMobile } from '../../kernel/mobile.js';
import type { ImportTypeSpec, RowError } from '../imports/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { staff } from './schema.js';
import {
  applyBranchCreate,
  applyBranchStatus,
  applyPasswordReset,
  applyRoleChange,
  applyStaffStatus,
  applyUnlock,
  insertStaff,
  roleLabel,
  USERNAME_PATTERN,
  type BranchCreatePayload,
  type BranchStatusPayload,
  type PasswordResetPayload,
  type RoleChangePayload,
  type StaffCreatePayload,
  type StaffStatusPayload,
  type StaffSubject,
} from './staff.service.js';
import { isRoleCode, listBranchRows, ROLES } from '../org/index.js';

/** Adds one spec (of its own payload type) to a list of the module's change types. */
type AddChangeType = <P>(spec: ChangeTypeSpec<P>) => void;

/** The access module's change types, for the composition root. */
export function accessChangeTypes(): ChangeTypeSpec<never>[] {
  const specs: ChangeTypeSpec<never>[] = [];
  const add: AddChangeType = (spec) => specs.push(spec as ChangeTypeSpec<never>);

  add<StaffCreatePayload>({
    type: 'STAFF_CREATE',
    nameZh: '新增员工',
    nameEn: 'Create staff',
    checkerPermission: 'review:check:STAFF_CREATE',
    titleZh: (p) => `新增员工 ${p.name}（${p.username}）`,
    titleEn: (p) => `Create staff ${p.name} (${p.username})`,
    branchId: (p) => p.branchId,
    describe: async (_tx, p) => [
      { field: 'username', label: '用户名', before: null, after: p.username },
      { field: 'name', label: '姓名', before: null, after: p.name },
      { field: 'branch', label: '所属机构', before: null, after: p.branchName },
      { field: 'mobile', label: '手机号', before: null, after: p.mobileMasked },
      { field: 'roles', label: '角色', before: null, after: p.roles.map(roleLabel).join('、') || '（无）' },
      { field: 'password', label: '初始密码', before: null, after: p.passwordHash ? '已设置（首次登录须修改）' : '未设置' },
    ],
    apply: async (tx, p, c) => {
      await insertStaff(tx, p, c.checkerId);
    },
  });

  for (const kind of ['ROLE_GRANT', 'ROLE_REVOKE'] as const) {
    const grant = kind === 'ROLE_GRANT';
    add<RoleChangePayload>({
      type: kind,
      nameZh: grant ? '授予角色' : '撤销角色',
      nameEn: grant ? 'Grant role' : 'Revoke role',
      checkerPermission: grant ? 'review:check:ROLE_GRANT' : 'review:check:ROLE_REVOKE',
      titleZh: (p) => `${grant ? '授予' : '撤销'} ${p.name}（${p.username}）角色：${roleLabel(p.role)}`,
      titleEn: (p) => `${grant ? 'Grant' : 'Revoke'} role ${p.role} ${grant ? 'to' : 'from'} ${p.username}`,
      branchId: (p) => p.branchId,
      describe: async (tx, p) => {
        // roles held at submission, for the readable before/after
        const current = await queryRows<{ role: string }>(
          tx,
          sql`SELECT role FROM staff_roles WHERE staff_id = ${p.staffId} ORDER BY role`,
        );
        const before = current.map((r) => r.role);
        const after = grant ? [...new Set([...before, p.role])].sort() : before.filter((r) => r !== p.role);
        return [
          { field: 'staff', label: '员工', before: `${p.name}（${p.username}）`, after: `${p.name}（${p.username}）` },
          {
            field: 'roles',
            label: '角色',
            before: before.map(roleLabel).join('、') || '（无）',
            after: after.map(roleLabel).join('、') || '（无）',
          },
        ];
      },
      apply: async (tx, p, c) => applyRoleChange(tx, kind, p, c.checkerId),
    });
  }

  addAccountChanges(add);
  return specs;
}

/** The access module's import types (the staff list), for the composition root. */
export function accessImportTypes(): ImportTypeSpec<unknown>[] {
  return [staffImport()];
}

const who = (p: StaffSubject) => `${p.name}（${p.username}）`;
const statusZh = (st: 'ACTIVE' | 'DISABLED') => (st === 'ACTIVE' ? '启用' : '停用');

/** Password resets, unlocking, disabling staff and creating or disabling branches: reviewed by default. */
function addAccountChanges(add: AddChangeType) {
  add<PasswordResetPayload>({
    type: 'PASSWORD_RESET',
    nameZh: '重置员工密码',
    nameEn: 'Reset staff password',
    checkerPermission: 'review:check:PASSWORD_RESET',
    alwaysReviewed: (p) => p.subjectIsChecker,
    titleZh: (p) => `重置 ${who(p)} 的密码（临时密码短信发送至 ${p.mobileMasked}）`,
    titleEn: (p) => `Reset the password of ${p.username} (temporary password by SMS to ${p.mobileMasked})`,
    branchId: (p) => p.branchId,
    describe: async (_tx, p) => [
      { field: 'staff', label: '员工', before: who(p), after: who(p) },
      {
        field: 'password',
        label: '密码',
        before: '当前密码',
        after: `一次性临时密码，仅以短信发送至本人登记手机 ${p.mobileMasked}；首次登录须设置新密码`,
      },
      { field: 'sessions', label: '登录会话', before: '有效', after: '全部失效' },
    ],
    apply: async (tx, p, c) => applyPasswordReset(tx, c.app.crypto, c.cmd, p, c.app.config.tempPasswordTtlHours),
  });

  add<StaffSubject>({
    type: 'STAFF_UNLOCK',
    nameZh: '解锁员工账户',
    nameEn: 'Unlock staff account',
    checkerPermission: 'review:check:STAFF_UNLOCK',
    titleZh: (p) => `解锁 ${who(p)} 的登录`,
    titleEn: (p) => `Unlock the login of ${p.username}`,
    branchId: (p) => p.branchId,
    describe: async (_tx, p) => [
      { field: 'staff', label: '员工', before: who(p), after: who(p) },
      { field: 'login', label: '登录限制', before: '因多次失败暂停（按来源地址）', after: '解除（所有地址）' },
    ],
    apply: async (tx, p, c) => applyUnlock(tx, c.cmd, p),
  });

  add<StaffStatusPayload>({
    type: 'STAFF_STATUS',
    nameZh: '停用、启用员工',
    nameEn: 'Disable or enable staff',
    checkerPermission: 'review:check:STAFF_STATUS',
    titleZh: (p) => `${statusZh(p.status)}员工 ${who(p)}`,
    titleEn: (p) => `${p.status === 'ACTIVE' ? 'Enable' : 'Disable'} staff ${p.username}`,
    branchId: (p) => p.branchId,
    describe: async (_tx, p) => [
      { field: 'staff', label: '员工', before: who(p), after: who(p) },
      { field: 'status', label: '状态', before: statusZh(p.before), after: statusZh(p.status) },
    ],
    apply: async (tx, p, c) => applyStaffStatus(tx, c.cmd, p),
  });

  add<BranchCreatePayload>({
    type: 'BRANCH_CREATE',
    nameZh: '新增机构',
    nameEn: 'Create branch',
    checkerPermission: 'review:check:BRANCH',
    titleZh: (p) => `新增机构 ${p.name}（${p.code}），上级 ${p.parentName}`,
    titleEn: (p) => `Create branch ${p.code} under ${p.parentName}`,
    branchId: (p) => p.parentId,
    describe: async (_tx, p) => [
      { field: 'code', label: '机构代码', before: null, after: p.code },
      { field: 'name', label: '机构名称', before: null, after: p.name },
      { field: 'kind', label: '类型', before: null, after: p.kind },
      { field: 'parent', label: '上级机构', before: null, after: p.parentName },
    ],
    apply: async (tx, p, c) => {
      await applyBranchCreate(tx, c.cmd, p);
    },
  });

  add<BranchStatusPayload>({
    type: 'BRANCH_STATUS',
    nameZh: '停用、启用机构',
    nameEn: 'Disable or enable branch',
    checkerPermission: 'review:check:BRANCH',
    titleZh: (p) => `${statusZh(p.status)}机构 ${p.name}（${p.code}）`,
    titleEn: (p) => `${p.status === 'ACTIVE' ? 'Enable' : 'Disable'} branch ${p.code}`,
    branchId: (p) => p.branchId,
    describe: async (_tx, p) => [
      { field: 'branch', label: '机构', before: `${p.name}（${p.code}）`, after: `${p.name}（${p.code}）` },
      { field: 'status', label: '状态', before: statusZh(p.before), after: statusZh(p.status) },
    ],
    apply: async (tx, p, c) => applyBranchStatus(tx, c.cmd, p),
  });
}

interface StaffImportRecord {
  rowNo: number;
  username: string;
  name: string;
  branchId: number;
  mobileEnc: string;
  mobileHash: string;
  idNumberEnc: string | null;
  idNumberHash: string | null;
  roles: string[];
}

const ROLE_BY_NAME = new Map<string, string>();
for (const r of ROLES) {
  ROLE_BY_NAME.set(r.code.toLowerCase(), r.code);
  ROLE_BY_NAME.set(r.nameZh, r.code);
  ROLE_BY_NAME.set(r.nameEn.toLowerCase(), r.code);
}

function err(rowNo: number, field: string, value: string | null, code: string, zh: string, en: string): RowError {
  return { rowNo, field, value, code, messageZh: zh, messageEn: en };
}

function staffImport(): ImportTypeSpec<StaffImportRecord> {
  return {
    type: 'STAFF',
    nameZh: '员工名单',
    nameEn: 'Staff list',
    checkerPermission: 'review:check:IMPORT_STAFF',
    // creating staff by file needs the same right as creating them one by one
    makerPermission: 'staff:write',
    columns: [
      { key: 'username', headers: ['用户名', '工号', 'username'], required: true, labelZh: '用户名' },
      { key: 'name', headers: ['姓名', 'name'], required: true, labelZh: '姓名' },
      { key: 'branchCode', headers: ['机构代码', 'branch code', 'branch_code', 'branchCode'], required: true, labelZh: '机构代码' },
      { key: 'mobile', headers: ['手机号', '手机号码', 'mobile'], required: true, labelZh: '手机号' },
      { key: 'roles', headers: ['角色', 'roles'], required: false, labelZh: '角色' },
      { key: 'idNumber', headers: ['身份证号', '身份证号码', 'id number', 'id_number'], required: false, labelZh: '身份证号' },
    ],
    templateRows: [
      ['zhangsan', '张三', 'YZ-GL', '13805371234', '客户经理', '370812199001011237'],
      ['lisi', '李四', 'YZ-YYB', '13905375678', 'loan_officer,inspector', ''],
    ],
    validate: async (tx, rows, _cmd, app) => {
      const errors: RowError[] = [];
      const records: StaffImportRecord[] = [];
      const branchRows = await listBranchRows(tx);
      const branchByCode = new Map(branchRows.map((b) => [b.code.toUpperCase(), b]));
      const usernames = rows.map((r) => (r.values.username ?? '').trim().toLowerCase()).filter(Boolean);
      const existing = new Set<string>();
      for (let i = 0; i < usernames.length; i += 1000) {
        const chunk = usernames.slice(i, i + 1000);
        const found = await tx.select({ u: staff.username }).from(staff).where(inArray(staff.username, chunk));
        for (const f of found) existing.add(f.u);
      }
      const seen = new Map<string, number>();
      for (const { rowNo, values } of rows) {
        const before = errors.length;
        const username = (values.username ?? '').trim().toLowerCase();
        if (!USERNAME_PATTERN.test(username)) {
          errors.push(
            err(
              rowNo,
              'username',
              values.username ?? null,
              'INVALID_USERNAME',
              '用户名须为 3–32 位小写字母开头的字母、数字、下划线、点或连字符',
              'Username: 3–32 characters, a lowercase letter first, then letters, digits, _ . -',
            ),
          );
        } else if (existing.has(username)) {
          errors.push(err(rowNo, 'username', username, 'USERNAME_TAKEN', '用户名已存在', 'The username is already taken'));
        } else if (seen.has(username)) {
          errors.push(
            err(
              rowNo,
              'username',
              username,
              'DUPLICATE_IN_FILE',
              `用户名与第 ${seen.get(username)} 行重复`,
              `Duplicates row ${seen.get(username)}`,
            ),
          );
        } else seen.set(username, rowNo);
        const name = (values.name ?? '').trim();
        if (!name || name.length > 50)
          errors.push(
            err(rowNo, 'name', values.name ?? null, 'INVALID_NAME', '姓名不能为空且不超过 50 字', 'Name: required, at most 50 characters'),
          );
        const branch = branchByCode.get((values.branchCode ?? '').trim().toUpperCase());
        if (!branch || branch.status !== 'ACTIVE')
          errors.push(
            err(
              rowNo,
              'branchCode',
              values.branchCode ?? null,
              'BRANCH_NOT_FOUND',
              '机构代码不存在或已停用',
              'No active branch with this code',
            ),
          );
        let mobile = '';
        try {
          mobile = parseMobile(values.mobile ?? '');
        } catch {
          errors.push(err(rowNo, 'mobile', values.mobile ?? null, 'INVALID_MOBILE', '手机号码无效', 'Invalid mobile number'));
        }
        const roles: string[] = [];
        for (const part of (values.roles ?? '')
          .split(/[,，;；、|\s]+/)
          .map((s) => s.trim())
          .filter(Boolean)) {
          const code = ROLE_BY_NAME.get(part.toLowerCase()) ?? ROLE_BY_NAME.get(part);
          if (!code || !isRoleCode(code))
            errors.push(err(rowNo, 'roles', part, 'ROLE_UNKNOWN', `角色“${part}”不存在`, `Unknown role "${part}"`));
          else if (!roles.includes(code)) roles.push(code);
        }
        let idNumber: string | null = null;
        const rawId = (values.idNumber ?? '').trim();
        if (rawId) {
          const v = validateIdNumber(rawId);
          if (!v.ok)
            errors.push(err(rowNo, 'idNumber', maskIdNumber(rawId), 'INVALID_ID_NUMBER', '身份证号码无效', 'Invalid resident ID number'));
          else idNumber = v.value.idNumber;
        }
        if (errors.length > before || !branch) continue;
        records.push({
          rowNo,
          username,
          name,
          branchId: branch.id,
          mobileEnc: app.crypto.encrypt(mobile),
          mobileHash: app.crypto.lookupHash(mobile),
          idNumberEnc: idNumber ? app.crypto.encrypt(idNumber) : null,
          idNumberHash: idNumber ? app.crypto.lookupHash(idNumber) : null,
          roles: roles.sort(),
        });
      }
      return { errors, records };
    },
    apply: async (tx, records, c) => {
      for (const r of records) {
        await insertStaff(tx, { ...r, passwordHash: null }, c.checkerId);
      }
      return { applied: records.length };
    },
  };
}
