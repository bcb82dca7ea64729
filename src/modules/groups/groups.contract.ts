/**
 * The API contract of key customer groups (重点客群, issue 14 §5): groups with their key person and
 * officer, members, the group's code, share link and QR code, the figures per group and per branch, and
 * the branches that name no group. Pure zod and kernel atoms: the routes, the service and the web apps
 * take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, yuan } from '../../kernel/contract.js';

export const GROUP_KINDS = ['VILLAGE', 'MARKET', 'EMPLOYER', 'COOPERATIVE', 'INDUSTRY_CHAIN'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const groupKind = z.enum(GROUP_KINDS);

export const MEMBER_SOURCES = ['ADDED', 'IMPORTED', 'GROUP_LINK'] as const;
export type MemberSource = (typeof MEMBER_SOURCES)[number];

const name = z.string().trim().min(1).max(100);
const personName = z.string().trim().min(1).max(50);

/** The key person: a customer of the bank, or a person by name and mobile who is not a customer yet. */
export const keyPersonInput = z.union([
  z.object({ customerId: id }).strict(),
  z.object({ name: personName, mobile: z.string().trim().min(1).max(20) }).strict(),
]);
export type KeyPersonInput = z.infer<typeof keyPersonInput>;

export const groupCreateBody = z.object({
  kind: groupKind,
  name,
  branchId: id,
  officerId: id,
  keyPerson: keyPersonInput,
  note: z.string().trim().max(500).nullish(),
});
export type GroupCreateBody = z.infer<typeof groupCreateBody>;

/** An edit: the fields given change, the others stay. */
export const groupUpdateBody = z.object({
  kind: groupKind.optional(),
  name: name.optional(),
  officerId: id.optional(),
  keyPerson: keyPersonInput.optional(),
  note: z.string().trim().max(500).nullish(),
});
export type GroupUpdateBody = z.infer<typeof groupUpdateBody>;

export const groupQuery = pageQuery.extend({
  kind: groupKind.optional(),
  branchId: id.optional().describe('该机构及其下属机构'),
  officerId: id.optional(),
  name: z.string().trim().min(1).max(100).optional().describe('名称包含'),
});
export type GroupQuery = z.infer<typeof groupQuery>;

const ref = z.object({ id: z.number().int(), name: z.string() });

export const keyPersonView = z.object({
  customerId: z.number().int().nullable(),
  nameMasked: z.string(),
  mobileMasked: z.string(),
});

export const groupItem = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: groupKind,
  name: z.string(),
  branch: ref,
  officer: ref,
  keyPerson: keyPersonView,
  members: z.number().int(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type GroupItem = z.infer<typeof groupItem>;
export const groupPage = paged(groupItem);
export type GroupPage = z.infer<typeof groupPage>;

/** A group's figures, computed from the applications and loans of its members (never stored). */
export const groupFigures = z.object({
  members: z.number().int().describe('成员数'),
  customers: z.number().int().describe('其中本行客户数'),
  applied: z.number().int().describe('申请人数'),
  approved: z.number().int().describe('审批通过人数'),
  disbursedCount: z.number().int().describe('放款笔数'),
  disbursedAmount: yuan.describe('放款金额（元）'),
  balance: yuan.describe('贷款余额（元）'),
  preCredited: z.number().int().describe('经客群预授信获得预授信的成员数'),
  activated: z.number().int().describe('其中已用信激活的成员数（审批通过的申请使用了预授信）'),
});
export type GroupFigures = z.infer<typeof groupFigures>;

export const groupLink = z.object({
  code: z.string(),
  link: z.string(),
  qrDataUrl: z.string().describe('二维码 PNG data URL'),
});
export type GroupLink = z.infer<typeof groupLink>;

export const groupDetail = groupItem.extend({ figures: groupFigures, share: groupLink });
export type GroupDetail = z.infer<typeof groupDetail>;

export const memberItem = z.object({
  idNumberMasked: z.string(),
  nameMasked: z.string(),
  mobileMasked: z.string(),
  customerId: z.number().int().nullable(),
  source: z.enum(MEMBER_SOURCES),
  addedDate: isoDate,
});
export type MemberItem = z.infer<typeof memberItem>;
export const memberPage = paged(memberItem);
export type MemberPage = z.infer<typeof memberPage>;
export const memberQuery = pageQuery;

/** A member added by hand: an existing customer, or a person by name, ID number and mobile. */
export const memberAddBody = z.union([
  z.object({ customerId: id }).strict(),
  z.object({ name: personName, idNumber: z.string().trim().min(1).max(30), mobile: z.string().trim().min(1).max(20) }).strict(),
]);
export type MemberAddBody = z.infer<typeof memberAddBody>;
export const memberAdded = z.object({ added: z.boolean().describe('false: already a member (by ID number)'), member: memberItem });
export type MemberAdded = z.infer<typeof memberAdded>;

export const branchFiguresItem = groupFigures.extend({ branch: ref, groups: z.number().int() });
export type BranchFiguresItem = z.infer<typeof branchFiguresItem>;
export const branchFiguresPage = paged(branchFiguresItem);
export type BranchFiguresPage = z.infer<typeof branchFiguresPage>;

export const coverageItem = z.object({ branch: ref, kind: z.string() });
export type CoverageItem = z.infer<typeof coverageItem>;
export const coveragePage = paged(coverageItem).extend({
  branches: z.number().int().describe('范围内营业机构数'),
  covered: z.number().int().describe('已命名重点客群的机构数'),
});
export type CoveragePage = z.infer<typeof coveragePage>;

/**
 * What the key person tells of the whole group (e.g. an employer's wage level, a cooperative's trade): every
 * member is decided with it, as the optional columns of an uploaded list (月收入, 职业). Members carry no income.
 */
export const groupPreCreditBody = z
  .object({
    monthlyIncome: yuan.optional().describe('成员月收入（元），按客群统一估计'),
    occupation: z.string().trim().min(1).max(40).optional().describe('成员职业（授信策略的职业代码）'),
  })
  .strict();
export type GroupPreCreditBody = z.infer<typeof groupPreCreditBody>;

/** A group's members handed to the pre-credit white list: the list waits for the checker like an uploaded one. */
export const groupPreCreditStarted = z.object({
  reviewRequestId: z.number().int(),
  importId: z.number().int().describe('导入批次号（类型 PRE_CREDIT），复核通过后即预授信批次号'),
  members: z.number().int().describe('提交预授信的成员数'),
  alreadyPreCredited: z.number().int().describe('已有有效预授信而未再提交的成员数'),
});
export type GroupPreCreditStarted = z.infer<typeof groupPreCreditStarted>;
