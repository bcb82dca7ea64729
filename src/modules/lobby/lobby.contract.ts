/**
 * The API contract of the lobby module (厅堂营销, issue 14 §6): the reviewed parameters (days ahead N,
 * task expiry), the tasks made from maturing certificates of deposit and offline loans with their
 * outcome and conversion, the figures per branch and per staff member, and the leads lobby staff hand to
 * field officers (内外勤联动). Pure zod and kernel atoms.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, yuan } from '../../kernel/contract.js';

export const lobbyParamValues = z.object({
  effectiveFrom: isoDate.describe('生效营业日期（不早于当前营业日期）'),
  daysAhead: z.number().int().min(1).max(180).describe('存单、线下贷款到期前多少天生成任务（N，默认 30）'),
  taskExpiryDays: z.number().int().min(1).max(365).describe('任务生成后多少天过期（默认 45）'),
});
export type LobbyParamValues = z.infer<typeof lobbyParamValues>;

export const lobbyParamsVersion = lobbyParamValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
});
export type LobbyParamsVersion = z.infer<typeof lobbyParamsVersion>;

export const lobbyParamsView = z.object({ businessDate: isoDate, current: lobbyParamsVersion, history: z.array(lobbyParamsVersion) });
export type LobbyParamsView = z.infer<typeof lobbyParamsView>;

export const lobbySubmitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type LobbySubmitted = z.infer<typeof lobbySubmitted>;

export const LOBBY_TASK_KINDS = ['CD_MATURING', 'OFFLINE_RENEWAL'] as const;
export type LobbyTaskKind = (typeof LOBBY_TASK_KINDS)[number];
export const LOBBY_OUTCOMES = ['OFFERED_PLEDGE_LOAN', 'RENEWED', 'DECLINED', 'NOT_REACHED'] as const;
export type LobbyOutcome = (typeof LOBBY_OUTCOMES)[number];
/** OPEN: no outcome yet; CONTACTED: an outcome recorded; CONVERTED: the holder borrowed; EXPIRED: past its expiry with neither. */
export const LOBBY_TASK_STATUSES = ['OPEN', 'CONTACTED', 'CONVERTED', 'EXPIRED'] as const;
export type LobbyTaskStatus = (typeof LOBBY_TASK_STATUSES)[number];

const exportFormat = z.enum(['json', 'xlsx']).optional().describe('xlsx: 导出全部（同筛选、同数据权限）为 Excel');

export const lobbyTaskQuery = pageQuery.extend({
  kind: z.enum(LOBBY_TASK_KINDS).optional(),
  status: z.enum(LOBBY_TASK_STATUSES).optional(),
  format: exportFormat,
});
export type LobbyTaskQuery = z.infer<typeof lobbyTaskQuery>;

export const lobbyTaskItem = z.object({
  id: z.number().int(),
  kind: z.enum(LOBBY_TASK_KINDS),
  customerId: z.number().int(),
  customerNameMasked: z.string(),
  /** The certificate number, or the offline loan's number and product name. */
  sourceRef: z.string(),
  branch: z.object({ id: z.number().int(), name: z.string() }),
  staff: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  principal: yuan,
  maturityDate: isoDate,
  businessDate: isoDate,
  expiresOn: isoDate,
  status: z.enum(LOBBY_TASK_STATUSES),
  outcome: z.enum(LOBBY_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  outcomeBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  outcomeAt: isoDateTime.nullable(),
  /** Set once the holder got the loan that converts the task. */
  convertedLoanId: z.number().int().nullable(),
  convertedAmount: yuan.nullable(),
  invitationSmsId: z.number().int().nullable(),
});
export type LobbyTaskItem = z.infer<typeof lobbyTaskItem>;
export const lobbyTaskPage = paged(lobbyTaskItem);
export type LobbyTaskPage = z.infer<typeof lobbyTaskPage>;

export const lobbyOutcomeBody = z.object({
  outcome: z.enum(LOBBY_OUTCOMES),
  note: z.string().trim().max(500).nullish(),
});
export type LobbyOutcomeBody = z.infer<typeof lobbyOutcomeBody>;

export const lobbyFiguresQuery = pageQuery.extend({
  by: z.enum(['branch', 'staff']).default('branch'),
  from: isoDate.optional().describe('任务生成营业日期起（含）'),
  to: isoDate.optional().describe('任务生成营业日期止（含）'),
  format: exportFormat,
});
export type LobbyFiguresQuery = z.infer<typeof lobbyFiguresQuery>;

export const lobbyFiguresItem = z.object({
  by: z.enum(['branch', 'staff']),
  id: z.number().int().nullable(),
  name: z.string(),
  tasks: z.number().int(),
  contacted: z.number().int(),
  converted: z.number().int(),
  convertedAmount: yuan,
  leads: z.number().int(),
  leadsConverted: z.number().int(),
  leadsAmount: yuan,
});
export type LobbyFiguresItem = z.infer<typeof lobbyFiguresItem>;
export const lobbyFiguresPage = paged(lobbyFiguresItem).extend({ from: isoDate, to: isoDate });
export type LobbyFiguresPage = z.infer<typeof lobbyFiguresPage>;

export const lobbyLeadBody = z.union([
  z.object({ officerId: id, customerId: id, need: z.string().trim().min(1).max(500) }).strict(),
  z
    .object({
      officerId: id,
      name: z.string().trim().min(1).max(50),
      idNumber: z.string().trim().min(1).max(20),
      mobile: z.string().trim().min(1).max(20),
      need: z.string().trim().min(1).max(500),
    })
    .strict(),
]);
export type LobbyLeadBody = z.infer<typeof lobbyLeadBody>;

export const lobbyLeadQuery = pageQuery.extend({ format: exportFormat });
export type LobbyLeadQuery = z.infer<typeof lobbyLeadQuery>;

export const lobbyLeadItem = z.object({
  id: z.number().int(),
  branch: z.object({ id: z.number().int(), name: z.string() }),
  lobbyStaff: z.object({ id: z.number().int(), name: z.string() }),
  officer: z.object({ id: z.number().int(), name: z.string() }),
  customerId: z.number().int().nullable(),
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  need: z.string(),
  businessDate: isoDate,
  createdAt: isoDateTime,
  /** The person's first loan disbursed on or after the handover: both the lobby staff member and the officer are credited. */
  convertedLoanId: z.number().int().nullable(),
  convertedAmount: yuan.nullable(),
});
export type LobbyLeadItem = z.infer<typeof lobbyLeadItem>;
export const lobbyLeadPage = paged(lobbyLeadItem);
export type LobbyLeadPage = z.infer<typeof lobbyLeadPage>;

export const lobbyOfficer = z.object({ id: z.number().int(), name: z.string() });
export const lobbyOfficers = z.object({ items: z.array(lobbyOfficer) });
export type LobbyOfficers = z.infer<typeof lobbyOfficers>;
