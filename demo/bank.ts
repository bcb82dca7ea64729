/**
 * The demo bank 兖州农商银行 (demo): head office, its departments, about twenty branches, and one
 * demo user per role. Seeded on first start in demo mode only; demo passwords exist nowhere else.
 */
export const DEMO_PASSWORD = 'Huinong@2026';
export const DEMO_BANK_NAME = '兖州农商银行（demo）';

export interface DemoBranch {
  code: string;
  name: string;
  kind: 'HEAD_OFFICE' | 'DEPARTMENT' | 'BRANCH' | 'SUB_BRANCH';
  parent: string | null;
}

export const DEMO_BRANCHES: DemoBranch[] = [
  { code: 'YZ-HO', name: '兖州农商银行（demo）总行', kind: 'HEAD_OFFICE', parent: null },
  { code: 'YZ-XDGLB', name: '信贷管理部', kind: 'DEPARTMENT', parent: 'YZ-HO' },
  { code: 'YZ-LSYWB', name: '零售业务部', kind: 'DEPARTMENT', parent: 'YZ-HO' },
  { code: 'YZ-SJKJB', name: '数据科技部', kind: 'DEPARTMENT', parent: 'YZ-HO' },
  { code: 'YZ-FXGLB', name: '风险管理部', kind: 'DEPARTMENT', parent: 'YZ-HO' },
  { code: 'YZ-YYB', name: '营业部', kind: 'BRANCH', parent: 'YZ-HO' },
  ...[
    ['YZ-GL', '鼓楼支行'],
    ['YZ-JXQ', '酒仙桥支行'],
    ['YZ-LQ', '龙桥支行'],
    ['YZ-XY', '新兖支行'],
    ['YZ-DA', '大安支行'],
    ['YZ-XI', '新驿支行'],
    ['YZ-YD', '颜店支行'],
    ['YZ-CH', '漕河支行'],
    ['YZ-XM', '小孟支行'],
    ['YZ-XLZ', '兴隆庄支行'],
    ['YZ-HT', '黄屯支行'],
    ['YZ-WY', '王因支行'],
    ['YZ-GC', '谷村支行'],
    ['YZ-YJH', '杨家河支行'],
    ['YZ-CD', '城东支行'],
    ['YZ-CX', '城西支行'],
    ['YZ-KFQ', '经济开发区支行'],
    ['YZ-JZ', '九州支行'],
    ['YZ-JSL', '建设路支行'],
  ].map(([code, name]) => ({ code, name, kind: 'BRANCH' as const, parent: 'YZ-HO' })),
  { code: 'YZ-GL-XC', name: '鼓楼支行新村分理处', kind: 'SUB_BRANCH', parent: 'YZ-GL' },
];

export interface DemoUser {
  username: string;
  name: string;
  branch: string;
  roles: string[];
  mobile: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', name: '王建国', branch: 'YZ-SJKJB', roles: ['admin'], mobile: '13805370001' },
  { username: 'admin2', name: '刘晓燕', branch: 'YZ-SJKJB', roles: ['admin'], mobile: '13805370002' },
  // a third administrator: a reset or disabling of either other one has a maker and a checker who are not its subject
  { username: 'admin3', name: '马振华', branch: 'YZ-SJKJB', roles: ['admin'], mobile: '13805370011' },
  { username: 'param1', name: '张明', branch: 'YZ-XDGLB', roles: ['param_manager'], mobile: '13805370003' },
  { username: 'param2', name: '李娜', branch: 'YZ-LSYWB', roles: ['param_manager'], mobile: '13805370004' },
  { username: 'approver1', name: '赵志强', branch: 'YZ-XDGLB', roles: ['approver'], mobile: '13805370005' },
  { username: 'inspector1', name: '孙丽', branch: 'YZ-GL', roles: ['inspector'], mobile: '13805370006' },
  { username: 'officer1', name: '周伟', branch: 'YZ-GL', roles: ['loan_officer'], mobile: '13805370007' },
  { username: 'head1', name: '吴强', branch: 'YZ-GL', roles: ['branch_head'], mobile: '13805370008' },
  { username: 'lobby1', name: '钱芳', branch: 'YZ-GL', roles: ['lobby_staff'], mobile: '13805370012' },
  { username: 'exec1', name: '郑华', branch: 'YZ-HO', roles: ['executive'], mobile: '13805370009' },
  { username: 'auditor1', name: '陈静', branch: 'YZ-FXGLB', roles: ['auditor'], mobile: '13805370010' },
];

/** The demo scenario starts at the beginning of the first quarter. */
export const DEMO_BUSINESS_DATE = '2026-01-01';

/**
 * The demo bank that lives its first quarter (HUINONG_DEMO_QUARTER) goes live on the last day of 2025: its
 * opening book comes in that day and that day's end-of-day gives the year-end figures every 较年初 change of
 * 2026 is measured from; the quarter is then lived from 2026-01-01.
 */
export const DEMO_OPENING_DATE = '2025-12-31';

export interface DemoCustomer {
  name: string;
  /** First 17 digits; the check character is computed (GB 11643). */
  idFirst17: string;
  mobile: string;
  branch: string;
  /** Assigned officer's username, if any. */
  officer: string | null;
  occupation: string;
  monthlyIncomeYuan: number;
  demandYuan: number;
  certificates: Array<{ principalYuan: number; annualRatePct: string; openDate: string; maturityDate: string }>;
}

/**
 * Existing customers of the demo bank, so that every product can be tried at once: 张伟 holds
 * certificates of deposit (质押e贷), 刘洋 is a customer in good standing who can act as a guarantor
 * (保证e贷). Each identifies on the mobile page with the one-time code shown in the SMS outbox.
 */
export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    name: '张伟',
    idFirst17: '37081219850315211',
    mobile: '13905371001',
    branch: 'YZ-GL',
    officer: 'officer1',
    occupation: 'SELF_EMPLOYED',
    monthlyIncomeYuan: 9000,
    demandYuan: 36000,
    certificates: [
      { principalYuan: 100000, annualRatePct: '1.75', openDate: '2025-03-01', maturityDate: '2027-03-01' },
      { principalYuan: 50000, annualRatePct: '1.45', openDate: '2025-07-01', maturityDate: '2026-07-01' },
    ],
  },
  {
    name: '刘洋',
    idFirst17: '37081119800620301',
    mobile: '13905371002',
    branch: 'YZ-GL',
    officer: 'officer1',
    occupation: 'CIVIL_SERVANT',
    monthlyIncomeYuan: 12000,
    demandYuan: 80000,
    certificates: [],
  },
  {
    name: '陈静怡',
    idFirst17: '37088219920908402',
    mobile: '13905371003',
    branch: 'YZ-YYB',
    officer: null,
    occupation: 'ENTERPRISE_EMPLOYEE',
    monthlyIncomeYuan: 7000,
    demandYuan: 12000,
    certificates: [],
  },
];
