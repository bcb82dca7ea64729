/**
 * The bank's roles (DESIGN.md section 1) and the permissions each holds. A staff member may hold
 * several roles; their permissions are the union and their data scope the widest of their roles.
 */
export const DATA_SCOPES = ['BANK', 'BRANCH', 'OWN'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export const PERMISSIONS = {
  'branch:read': '查看机构',
  'branch:write': '维护机构',
  'staff:read': '查看员工',
  'staff:write': '提交员工及角色变更',
  'staff:password-reset': '重置密码、解锁账户',
  'role:read': '查看角色',
  'review:read': '查看复核申请',
  'review:check:STAFF_CREATE': '复核：新增员工',
  'review:check:ROLE_GRANT': '复核：授予角色',
  'review:check:ROLE_REVOKE': '复核：撤销角色',
  'review:check:IMPORT_STAFF': '复核：员工名单导入',
  'import:create': '上传导入文件',
  'import:read': '查看导入批次',
  'audit:read': '查看审计日志',
  'pii:unmask': '查看完整个人信息（留痕）',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export interface RoleSpec {
  code: string;
  nameZh: string;
  nameEn: string;
  scope: DataScope;
  permissions: Permission[];
}

const ADMIN_PERMISSIONS: Permission[] = [
  'branch:read',
  'branch:write',
  'staff:read',
  'staff:write',
  'staff:password-reset',
  'role:read',
  'review:read',
  'review:check:STAFF_CREATE',
  'review:check:ROLE_GRANT',
  'review:check:ROLE_REVOKE',
  'review:check:IMPORT_STAFF',
  'import:create',
  'import:read',
  'pii:unmask',
];

export const ROLES: RoleSpec[] = [
  { code: 'admin', nameZh: '系统管理员', nameEn: 'System administrator', scope: 'BANK', permissions: ADMIN_PERMISSIONS },
  {
    code: 'param_manager',
    nameZh: '参数管理岗',
    nameEn: 'Parameter manager',
    scope: 'BANK',
    permissions: ['branch:read', 'role:read', 'review:read'],
  },
  {
    code: 'approver',
    nameZh: '业务审批岗',
    nameEn: 'Approver',
    scope: 'BANK',
    permissions: ['branch:read', 'staff:read', 'review:read', 'pii:unmask'],
  },
  {
    code: 'inspector',
    nameZh: '贷后检查岗',
    nameEn: 'Post-loan inspector',
    scope: 'BRANCH',
    permissions: ['branch:read', 'staff:read', 'pii:unmask'],
  },
  {
    code: 'loan_officer',
    nameZh: '客户经理',
    nameEn: 'Loan officer',
    scope: 'OWN',
    permissions: ['branch:read', 'pii:unmask'],
  },
  {
    code: 'branch_head',
    nameZh: '单位负责人',
    nameEn: 'Branch head',
    scope: 'BRANCH',
    permissions: ['branch:read', 'staff:read', 'review:read', 'pii:unmask'],
  },
  {
    code: 'executive',
    nameZh: '班子成员',
    nameEn: 'Executive',
    scope: 'BANK',
    permissions: ['branch:read', 'staff:read', 'role:read'],
  },
  {
    code: 'auditor',
    nameZh: '审计',
    nameEn: 'Auditor',
    scope: 'BANK',
    permissions: ['branch:read', 'staff:read', 'role:read', 'review:read', 'import:read', 'audit:read'],
  },
];

export const ROLE_CODES = ROLES.map((r) => r.code);
const BY_CODE = new Map(ROLES.map((r) => [r.code, r]));

export function roleSpec(code: string): RoleSpec | undefined {
  return BY_CODE.get(code);
}

export function isRoleCode(code: string): boolean {
  return BY_CODE.has(code);
}

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of BY_CODE.get(r)?.permissions ?? []) out.add(p);
  return out;
}

const SCOPE_WIDTH: Record<DataScope, number> = { BANK: 3, BRANCH: 2, OWN: 1 };

/** The widest scope among the roles held; no role means the narrowest. */
export function scopeOf(roles: readonly string[]): DataScope {
  let best: DataScope = 'OWN';
  for (const r of roles) {
    const s = BY_CODE.get(r)?.scope;
    if (s && SCOPE_WIDTH[s] > SCOPE_WIDTH[best]) best = s;
  }
  return best;
}
