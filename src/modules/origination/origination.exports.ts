/**
 * The origination lists as Excel workbooks (`?format=xlsx` on the list routes): the columns of the
 * console's lists with Chinese headers and Chinese words for the codes, and personal data exactly as
 * the JSON list carries it (the customer's name masked; no ID or mobile number).
 */
import type { ExportColumn } from '../../http/export.js';
import type { ApplicationListItem, CreditLineSummary } from './origination.contract.js';

const APPLICATION_STATUS_ZH: Record<string, string> = {
  SUBMITTED: '已提交',
  APPROVED: '已批准',
  DECLINED: '已拒绝',
  REFERRED: '转人工审批',
  MANUAL_REVIEW: '人工复核',
  PENDING_GUARANTEE: '待担保确认',
  CANCELLED: '已取消',
};
const OUTCOME_ZH: Record<string, string> = { APPROVE: '批准', DECLINE: '拒绝', REFER: '转人工' };
const CHANNEL_ZH: Record<string, string> = {
  SELF_SERVICE: '客户自助',
  OFFICER_ASSISTED: '客户经理协办',
  OFFICER_QR: '客户经理二维码',
  PRE_CREDIT_CARD: '预授信卡',
  REFERRAL: '客户转介',
};
const REFERRAL_REASON_ZH: Record<string, string> = { ENGINE_REFERRAL: '引擎转人工', MANUAL_REVIEW: '客户申请复核' };
const LINE_STATUS_ZH: Record<string, string> = { ACTIVE: '正常', FROZEN: '已冻结', CLOSED: '已关闭', EXPIRED: '已到期' };

/** A code in Chinese, or the code itself when the vocabulary does not know it yet. */
const zh = (words: Record<string, string>, code: string | null): string | null => (code === null ? null : (words[code] ?? code));

const applicationKey: ReadonlyArray<ExportColumn<ApplicationListItem>> = [
  { key: 'id', header: '申请编号', width: 10 },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'customerId', header: '客户编号', width: 10 },
  { key: 'productCode', header: '产品', width: 16 },
];

/** 贷款申请: every application under the list's filters and scope. */
export const APPLICATION_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ApplicationListItem>> = [
  ...applicationKey,
  { key: 'channel', header: '渠道', width: 14, value: (r) => zh(CHANNEL_ZH, r.channel) },
  { key: 'requestedAmount', header: '申请金额（元）', width: 16 },
  { key: 'termMonths', header: '期限（月）', width: 10 },
  { key: 'status', header: '状态', width: 12, value: (r) => zh(APPLICATION_STATUS_ZH, r.status) },
  { key: 'outcome', header: '决策结果', width: 10, value: (r) => zh(OUTCOME_ZH, r.outcome) },
  { key: 'grade', header: '评级', width: 8 },
  { key: 'approvedLimit', header: '核定额度（元）', width: 16 },
  { key: 'annualRatePct', header: '年利率（%）', width: 10 },
  { key: 'createdAt', header: '提交时间（UTC）', width: 26 },
  { key: 'deadlineAt', header: '审批时限（UTC）', width: 26 },
];

/** 人工审批: the referral queue under its filters, oldest deadline first. */
export const REFERRAL_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ApplicationListItem>> = [
  ...applicationKey,
  { key: 'requestedAmount', header: '申请金额（元）', width: 16 },
  { key: 'reason', header: '来源', width: 14, value: (r) => zh(REFERRAL_REASON_ZH, r.reason) },
  { key: 'status', header: '状态', width: 12, value: (r) => zh(APPLICATION_STATUS_ZH, r.status) },
  { key: 'grade', header: '评级', width: 8 },
  { key: 'createdAt', header: '提交时间（UTC）', width: 26 },
  { key: 'deadlineAt', header: '审批时限（UTC）', width: 26 },
  { key: 'overdue', header: '是否超时', width: 10, value: (r) => (r.overdue ? '已超时' : '未超时') },
];

/** 授信额度: every credit line under the list's filters and scope. */
export const CREDIT_LINE_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<CreditLineSummary>> = [
  { key: 'id', header: '额度编号', width: 10 },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'customerId', header: '客户编号', width: 10 },
  { key: 'applicationId', header: '申请编号', width: 10 },
  { key: 'productCode', header: '产品', width: 16 },
  { key: 'limit', header: '授信额度（元）', width: 16 },
  { key: 'available', header: '可用额度（元）', width: 16 },
  { key: 'used', header: '已用额度（元）', width: 16 },
  { key: 'status', header: '状态', width: 10, value: (r) => zh(LINE_STATUS_ZH, r.status) },
  { key: 'revolving', header: '循环使用', width: 10, value: (r) => (r.revolving ? '是' : '否') },
  { key: 'annualRatePct', header: '年利率（%）', width: 10 },
  { key: 'openedOn', header: '开立日期', width: 12 },
  { key: 'expiryDate', header: '到期日', width: 12 },
];
