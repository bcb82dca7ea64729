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
  'review:check:PASSWORD_RESET': '复核：重置员工密码',
  'review:check:STAFF_UNLOCK': '复核：解锁员工账户',
  'review:check:STAFF_STATUS': '复核：停用、启用员工',
  'review:check:BRANCH': '复核：新增、停用、启用机构',
  'import:create': '上传导入文件',
  'import:read': '查看导入批次',
  // the right to write what an import carries (besides import:create): its maker permission
  'customer:import': '导入客户名单（数据迁移）',
  'core:import': '导入核心系统存款数据',
  'bureau:import': '导入征信摘要',
  'list:import': '导入外部名单（被执行人、失信、黑名单）',
  'loan:migrate': '导入存量网贷（数据迁移）',
  'audit:read': '查看审计日志',
  'pii:unmask': '查看完整个人信息（留痕）',
  // lending
  'product:read': '查看产品与参数',
  'product:write': '提交产品参数、LPR 变更',
  'review:check:PRODUCT_PARAMS': '复核：产品参数变更',
  'review:check:LPR_RATE': '复核：LPR 变更',
  'decision-policy:read': '查看授信策略（决策表）',
  'decision-policy:write': '提交授信策略变更',
  'review:check:DECISION_POLICY': '复核：授信策略变更',
  'customer:read': '查看客户（脱敏）',
  'customer:write': '维护客户信息',
  'review:check:IMPORT_CUSTOMERS': '复核：客户名单导入',
  'review:check:IMPORT_CORE': '复核：核心系统存款数据导入',
  'review:check:IMPORT_BUREAU': '复核：征信摘要导入',
  'review:check:IMPORT_LISTS': '复核：外部名单导入',
  'review:check:IMPORT_LOANS': '复核：存量网贷迁移导入',
  'application:create': '代客申请（客户经理协办）',
  'application:read': '查看申请与决策轨迹',
  'application:decide': '人工审批转人工的申请',
  'credit-line:read': '查看授信额度',
  'credit-line:manage': '冻结、解冻授信额度',
  'loan:read': '查看贷款与还款计划',
  'drawdown:create': '代客用信',
  'ledger:read': '查看会计分录与试算平衡',
  'sms:outbox': '查看短信发件箱（演示）',
  'service-event:read': '查看 543 服务事件',
  'sandbox:use': '模拟存取款（演示）',
  'repayment:create': '代客还款、提前还款',
  'repayment:reverse': '冲正还款',
  'eod:read': '查看日终处理',
  'eod:run': '执行日终处理',
  'classification:downgrade': '提交贷款风险分类下调',
  'review:check:CLASSIFICATION': '复核：贷款风险分类下调',
  'review:check:REPAYMENT': '复核：大额人工还款',
  'review:check:CREDIT_LINE_UNFREEZE': '复核：解冻授信额度',
  // post-loan warning (预警规则)
  'warning:read': '查看预警规则与预警命中',
  'warning:write': '提交预警规则变更',
  'review:check:WARNING_RULES': '复核：预警规则变更',
  'warning:contact-lost': '标记、解除客户联系不上',
  // risk (预警处置)
  'risk:read': '查看贷后预警与风险看板',
  'risk:follow-up': '登记预警跟进（电话、走访、发现、措施、下一步）',
  // NPL collection 一户一策 and write-off
  'collection:read': '查看不良清收案件',
  'collection:act': '登记清收行动、还款承诺',
  'collection:plan': '提交清收方案（一户一策）',
  'collection:write-off': '提交贷款核销申请',
  'collection:recover': '登记核销后收回',
  'review:check:COLLECTION_PLAN': '复核：清收方案',
  'review:check:LOAN_WRITE_OFF': '复核：贷款核销',
  // post-loan inspections (贷后检查)
  'inspection:read': '查看贷后检查任务、专项检查与问题',
  'inspection:work': '执行贷后检查、登记问题、复查整改（AB 角）',
  'inspection:rectify': '登记检查问题的整改情况',
  'inspection:campaign': '发起专项检查',
  // reminders (还款提醒)
  'reminder:read': '查看还款提醒',
  'reminder:opt-out': '登记客户退订还款提醒短信',
  'review:check:REMINDER_PARAMS': '复核：还款提醒参数变更',
  // referral rewards (转介有礼, issue 14 §4)
  'referral:read': '查看客户推荐码与转介奖励',
  'review:check:REFERRAL_PARAMS': '复核：转介奖励规则变更',
  // customer profile cross-check (AB角, issue 13 §5): made with customer:write
  'review:check:CUSTOMER_PROFILE': '复核：客户资料变更（AB角）',
  // feedback tickets (问题反馈, issue 13 §7)
  'feedback:raise': '提出问题反馈（三大关键岗位）',
  'feedback:read': '查看全部问题反馈',
  'feedback:handle:CREDIT_MANAGEMENT': '处理信贷管理部的问题反馈',
  'feedback:handle:RETAIL_BANKING': '处理零售业务部的问题反馈',
  'feedback:handle:DATA_TECHNOLOGY': '处理数据科技部的问题反馈',
  'feedback:release': '登记系统版本并关联反馈',
  // the 543 service standard (服务时效与问责, issue 14 §8)
  'sla:read': '查看 543 超时问责与达标率',
  'sla:my-events': '查看本人 543 服务环节与用时',
  'sla:decide': '确认或免除 543 超时问责（提交复核）',
  'sla:params': '提交 543 服务时效参数变更',
  'review:check:SLA_PARAMS': '复核：543 服务时效参数变更',
  'review:check:SLA_BREACH': '复核：543 超时问责确认或免责',
  // pre-credit white lists (预授信, issue 14 §7)
  'precredit:read': '查看预授信批次与名单',
  'precredit:import': '导入预授信名单（批量预授信）',
  'precredit:card:issue': '发放预授信卡（按批次）',
  'review:check:IMPORT_PRECREDIT': '复核：预授信名单',
  // prospect lists (客户清单, issue 14 §1)
  'prospect:read': '查看营销客户清单',
  'prospect:import': '导入营销客户清单',
  'review:check:IMPORT_PROSPECTS': '复核：营销客户清单导入',
  'prospect:assign': '分配和改派营销客户',
  'prospect:contact': '登记营销客户跟进',
  // key customer groups (重点客群, issue 14 §5)
  'group:read': '查看重点客群及其成员与业绩',
  'group:manage': '新建和修改重点客群',
  'group:member': '添加重点客群成员',
  'campaign:read': '查看营销活动及其业绩',
  'campaign:manage': '新建营销活动、群发营销短信、登记退订',
  // group member imports, group pre-credit and the pre-credit parameters (issue 14 §5 and §7)
  'review:check:IMPORT_GROUP_MEMBERS': '复核：重点客群成员导入',
  'precredit:params': '提交预授信参数变更（有效天数）',
  'review:check:PRE_CREDIT_PARAMS': '复核：预授信参数变更',
  // maturing CDs and lobby staff (厅堂营销, issue 14 §6)
  'lobby:read': '查看到期存单任务、续贷邀约与厅堂营销业绩',
  'lobby:work': '登记到期存单任务结果（厅堂营销岗）',
  'lobby:lead': '向客户经理推荐客户（内外勤联动）',
  'lobby:params': '提交厅堂营销参数变更',
  'review:check:LOBBY_PARAMS': '复核：厅堂营销参数变更',
  // performance rankings and the 一增一降 board (issue 15 §3)
  'performance:read': '查看绩效排名与一增一降看板',
  'performance:params': '提交绩效排名权重、一增一降目标变更',
  'review:check:PERFORMANCE_WEIGHTS': '复核：绩效排名权重变更',
  'review:check:CAMPAIGN_TARGETS': '复核：一增一降目标变更',
  // reports (报表中心, issue 15 §1)
  // the period's management figures and the work report (工作汇报, issue 15 §1, §6)
  'workreport:read': '查看期间经营数据、导出工作汇报（Word、PDF）',
  'report:read': '查看经营报表（余额、户数、不良、新增贷款，按数据范围）并导出',
  // supervision: exemplars, interviews and statements, the accountability register (issue 15 §3)
  'supervision:read': '查看典型、约谈表态与问责登记簿',
  'supervision:write': '登记典型、约谈表态及跟进、手工问责记录',
  // training and exams (培训与考试, issue 15 §4); taking one's own exams needs only a staff session
  'training:read': '查看培训场次、题库试卷、考试成绩与员工培训档案',
  'training:write': '组织培训、登记签到、维护题库、组卷与安排考试',
  // resources: credit staff allocation and mobile lending devices (人员配置、移动展业设备, issue 15 §5)
  'resources:read': '查看人员配置与移动展业设备',
  'resources:write': '登记移动展业设备及其领用、归还',
  'review:check:IMPORT_DEVICES': '复核：移动展业设备导入',
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
  'review:check:PASSWORD_RESET',
  'review:check:STAFF_UNLOCK',
  'review:check:STAFF_STATUS',
  'review:check:BRANCH',
  'import:create',
  'import:read',
  'customer:import',
  'core:import',
  'pii:unmask',
  'review:check:IMPORT_CUSTOMERS',
  'review:check:IMPORT_CORE',
  'review:check:IMPORT_BUREAU',
  'review:check:IMPORT_LISTS',
  'product:read',
  'decision-policy:read',
  'customer:read',
  'application:read',
  'credit-line:read',
  'loan:read',
  'ledger:read',
  'sms:outbox',
  'service-event:read',
  'sandbox:use',
  'referral:read',
  'eod:read',
  'eod:run',
  // feedback: 数据科技部 handles the system's tickets and keeps the release log
  'feedback:read',
  'feedback:handle:DATA_TECHNOLOGY',
  'feedback:release',
  // resources: the bank's devices register and credit staff figures
  'resources:read',
  'resources:write',
  'review:check:IMPORT_DEVICES',
  // the ONLINE_LOANS import: existing online loans taken over from the old system
  'loan:migrate',
  'review:check:IMPORT_LOANS',
];

export const ROLES: RoleSpec[] = [
  { code: 'admin', nameZh: '系统管理员', nameEn: 'System administrator', scope: 'BANK', permissions: ADMIN_PERMISSIONS },
  {
    code: 'param_manager',
    nameZh: '参数管理岗',
    nameEn: 'Parameter manager',
    scope: 'BANK',
    permissions: [
      // the period's figures and the work report (issue 15 §6)
      'workreport:read',
      'branch:read',
      'role:read',
      'review:read',
      'product:read',
      'product:write',
      'review:check:PRODUCT_PARAMS',
      'review:check:LPR_RATE',
      'decision-policy:read',
      'decision-policy:write',
      'review:check:DECISION_POLICY',
      'import:create',
      'import:read',
      'bureau:import',
      'list:import',
      'review:check:IMPORT_BUREAU',
      'review:check:IMPORT_LISTS',
      'warning:read',
      'warning:write',
      'review:check:WARNING_RULES',
      'reminder:read',
      'referral:read',
      'review:check:REMINDER_PARAMS',
      'review:check:REFERRAL_PARAMS',
      // feedback: raises tickets; head office's 信贷管理部 and 零售业务部 handle theirs
      'feedback:raise',
      'feedback:read',
      'feedback:handle:CREDIT_MANAGEMENT',
      'feedback:handle:RETAIL_BANKING',
      // 543: the standard's limits and penalty, four eyes
      'sla:read',
      'sla:params',
      'review:check:SLA_PARAMS',
      // pre-credit: how long a pre-credit stays valid, four eyes
      'precredit:params',
      'review:check:PRE_CREDIT_PARAMS',
      // lobby: how many days ahead a maturing CD becomes a task, four eyes
      'lobby:read',
      'lobby:params',
      'review:check:LOBBY_PARAMS',
      // performance: the ranking weights and the campaign targets, four eyes
      'performance:read',
      'performance:params',
      'review:check:PERFORMANCE_WEIGHTS',
      'review:check:CAMPAIGN_TARGETS',
      // training and exams: organise sessions, banks and papers; see results and records
      'training:read',
      'training:write',
    ],
  },
  {
    code: 'approver',
    nameZh: '业务审批岗',
    nameEn: 'Approver',
    scope: 'BANK',
    permissions: [
      'branch:read',
      'staff:read',
      'review:read',
      'pii:unmask',
      'application:read',
      'application:decide',
      'customer:read',
      'credit-line:read',
      'credit-line:manage',
      'loan:read',
      'product:read',
      'decision-policy:read',
      'ledger:read',
      'review:check:CLASSIFICATION',
      'review:check:REPAYMENT',
      'review:check:CREDIT_LINE_UNFREEZE',
      'repayment:reverse',
      'eod:read',
      'warning:read',
      'risk:read',
      'collection:read',
      'review:check:COLLECTION_PLAN',
      'review:check:LOAN_WRITE_OFF',
      'inspection:read',
      'inspection:campaign',
      'reminder:read',
      'referral:read',
      // AB角: cross-checks customer profile changes
      'review:check:CUSTOMER_PROFILE',
      'feedback:raise',
      // 543: checks a branch head's confirmation or waiver
      'sla:read',
      'review:check:SLA_BREACH',
      'precredit:read',
      'review:check:IMPORT_PRECREDIT',
    ],
  },
  {
    code: 'inspector',
    nameZh: '贷后检查岗',
    nameEn: 'Post-loan inspector',
    scope: 'BRANCH',
    permissions: [
      'branch:read',
      'staff:read',
      'pii:unmask',
      'customer:read',
      'application:read',
      'credit-line:read',
      'credit-line:manage',
      'loan:read',
      'product:read',
      'classification:downgrade',
      'warning:read',
      'warning:contact-lost',
      'risk:read',
      'risk:follow-up',
      'collection:read',
      'inspection:read',
      'inspection:work',
      'inspection:rectify',
      'reminder:read',
      'referral:read',
      // AB角: collects and corrects customer profiles (checked by an officer or an approver)
      'customer:write',
      'feedback:raise',
      // performance: the published rankings and the campaign board
      'performance:read',
      'supervision:read',
    ],
  },
  {
    code: 'loan_officer',
    nameZh: '客户经理',
    nameEn: 'Loan officer',
    scope: 'OWN',
    permissions: [
      'report:read', // 报表中心 (issue 15 §1): within the role's data scope
      'branch:read',
      'pii:unmask',
      'customer:read',
      'customer:write',
      'application:create',
      'application:read',
      'credit-line:read',
      'loan:read',
      'drawdown:create',
      'product:read',
      'sms:outbox',
      'service-event:read',
      'repayment:create',
      'warning:read',
      'warning:contact-lost',
      'risk:read',
      'risk:follow-up',
      'collection:read',
      'collection:act',
      'collection:plan',
      'collection:recover',
      'inspection:read',
      'inspection:rectify',
      'reminder:read',
      'referral:read',
      'reminder:opt-out',
      // AB角: cross-checks another credit staff member's customer profile change
      'review:check:CUSTOMER_PROFILE',
      'review:read',
      // 543: their own breaches (OWN scope) and timings
      'sla:read',
      'sla:my-events',
      // prospect lists: an officer works the prospects assigned to them
      'prospect:read',
      'prospect:contact',
      // key customer groups: the officer works their groups and adds members
      'group:read',
      'group:member',
      // campaigns: the officer sees the branch's campaigns, their links and figures
      'campaign:read',
      // lobby: the officer's renewal invitations and the leads lobby staff hand them
      'lobby:read',
      'lobby:work',
      // performance: the rankings (their own position) and the campaign board
      'performance:read',
    ],
  },
  {
    code: 'branch_head',
    nameZh: '单位负责人',
    nameEn: 'Branch head',
    scope: 'BRANCH',
    permissions: [
      // the period's figures and the work report (issue 15 §6)
      'workreport:read',
      'report:read', // 报表中心 (issue 15 §1): within the role's data scope
      'branch:read',
      'staff:read',
      'review:read',
      'pii:unmask',
      'customer:read',
      'application:read',
      'credit-line:read',
      'loan:read',
      'product:read',
      'service-event:read',
      'ledger:read',
      'classification:downgrade',
      'repayment:create',
      'review:check:CREDIT_LINE_UNFREEZE',
      'warning:read',
      'warning:contact-lost',
      'risk:read',
      'risk:follow-up',
      'collection:read',
      'collection:act',
      'collection:plan',
      'collection:write-off',
      'collection:recover',
      'review:check:COLLECTION_PLAN',
      'inspection:read',
      'inspection:rectify',
      'inspection:campaign',
      'reminder:read',
      'referral:read',
      'reminder:opt-out',
      // 543: confirms or waives the branch's breaches; checks another branch head's decision
      'sla:read',
      'sla:my-events',
      'sla:decide',
      'review:check:SLA_BREACH',
      // pre-credit: a branch uploads its white lists (approver checks them)
      'import:create',
      'import:read',
      'precredit:read',
      'precredit:import',
      'precredit:card:issue',
      // prospect lists: the branch imports, checks another's import, assigns and follows up
      'prospect:read',
      'prospect:import',
      'review:check:IMPORT_PROSPECTS',
      'prospect:assign',
      'prospect:contact',
      // key customer groups: the branch names its groups and their key persons
      'group:read',
      'group:manage',
      'group:member',
      // campaigns: the branch runs its campaigns and SMS sends
      'campaign:read',
      'campaign:manage',
      // group member imports: checks another's import
      'review:check:IMPORT_GROUP_MEMBERS',
      // lobby: the branch's maturing-CD tasks, leads and figures
      'lobby:read',
      // performance: the rankings and the campaign board
      'performance:read',
      'supervision:read',
      'supervision:write',
      // training and exams: organise sessions, banks and papers; see results and records
      'training:read',
      'training:write',
      // resources: the branch's credit staff and its devices register (issue, return)
      'resources:read',
      'resources:write',
      'review:check:IMPORT_DEVICES',
    ],
  },
  {
    code: 'executive',
    nameZh: '班子成员',
    nameEn: 'Executive',
    scope: 'BANK',
    permissions: [
      // the period's figures and the work report (issue 15 §6)
      'workreport:read',
      'report:read', // 报表中心 (issue 15 §1): within the role's data scope
      'branch:read',
      'staff:read',
      'role:read',
      'customer:read',
      'application:read',
      'credit-line:read',
      'loan:read',
      'product:read',
      'ledger:read',
      'service-event:read',
      'eod:read',
      'warning:read',
      'risk:read',
      'collection:read',
      'inspection:read',
      'reminder:read',
      'referral:read',
      'feedback:read',
      'sla:read',
      'precredit:read',
      // prospect lists: head office imports bank-wide lists and assigns them to branches; checks a branch's import
      'review:read',
      'prospect:read',
      'prospect:import',
      'review:check:IMPORT_PROSPECTS',
      'prospect:assign',
      // key customer groups: head office names groups for any branch and sees every branch's coverage
      'group:read',
      'group:manage',
      'group:member',
      // campaigns: head office runs bank-wide campaigns and sees every campaign's figures
      'campaign:read',
      'campaign:manage',
      // group member imports: checks a branch's import
      'review:check:IMPORT_GROUP_MEMBERS',
      'lobby:read',
      // performance: the rankings and the campaign board
      'performance:read',
      'supervision:read',
      'supervision:write',
      // training and exams: organise sessions, banks and papers; see results and records
      'training:read',
      'training:write',
      // resources: credit staff allocation and the devices register, bank-wide
      'resources:read',
    ],
  },
  {
    code: 'lobby_staff',
    nameZh: '厅堂营销岗',
    nameEn: 'Lobby staff',
    scope: 'BRANCH',
    permissions: [
      'branch:read',
      'customer:read',
      'product:read',
      // maturing certificates of deposit: offer a 质押e贷 or a renewal, record the outcome
      'lobby:read',
      'lobby:work',
      // 内外勤联动: hand a lead to a field officer of the branch
      'lobby:lead',
    ],
  },
  {
    code: 'auditor',
    nameZh: '审计',
    nameEn: 'Auditor',
    scope: 'BANK',
    permissions: [
      // the period's figures and the work report (issue 15 §6)
      'workreport:read',
      'report:read', // 报表中心 (issue 15 §1): within the role's data scope
      'branch:read',
      'staff:read',
      'role:read',
      'review:read',
      'import:read',
      'audit:read',
      'product:read',
      'decision-policy:read',
      'customer:read',
      'application:read',
      'credit-line:read',
      'loan:read',
      'ledger:read',
      'service-event:read',
      'sms:outbox',
      'eod:read',
      'warning:read',
      'risk:read',
      'collection:read',
      'inspection:read',
      'reminder:read',
      'referral:read',
      'feedback:read',
      'sla:read',
      'precredit:read',
      'prospect:read',
      'lobby:read',
      // performance: the rankings and the campaign board
      'performance:read',
      'supervision:read',
      // training and exams: sessions, papers, results and records (read only)
      'training:read',
      'resources:read',
    ],
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
