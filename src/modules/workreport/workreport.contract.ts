/**
 * The period's management figures and the work report (工作汇报, issue 15 §1, §6): the API shapes.
 * Amounts are yuan strings, shares and rates percent strings with two decimals.
 */
import { z } from 'zod';
import { isoDate, yuan } from '../../kernel/contract.js';

export const periodQuery = z.object({
  from: isoDate.optional().describe('期间起（营业日期，含）；缺省为截止日所在季度首日'),
  to: isoDate.optional().describe('期间止（营业日期，含）；缺省为当前营业日期'),
  format: z.enum(['json', 'xlsx']).optional().describe('xlsx: 期间经营数据导出为 Excel'),
});
export type PeriodQuery = z.infer<typeof periodQuery>;

export const workReportQuery = z.object({
  from: isoDate.optional().describe('期间起（营业日期，含）；缺省为截止日所在季度首日'),
  to: isoDate.optional().describe('期间止（营业日期，含）；缺省为当前营业日期'),
  format: z.enum(['docx', 'pdf']).default('docx').describe('docx: Word 文档；pdf: PDF 文档'),
});
export type WorkReportQuery = z.infer<typeof workReportQuery>;

/** Channel codes as the bank names them (origination's channels; an unknown code shows as itself). */
export const CHANNEL_NAMES_ZH: Record<string, string> = {
  SELF_SERVICE: '客户自助',
  OFFICER_ASSISTED: '客户经理协办',
  OFFICER_QR: '客户经理二维码',
  PRE_CREDIT_CARD: '预授信卡',
  REFERRAL: '客户转介',
  BRANCH: '网点柜面',
  WECHAT: '微信公众号',
  DOUYIN: '抖音',
  BUS_AD: '公交广告',
  ROLLUP_STAND: '易拉宝',
  E_SCREEN: '电子屏',
  STREET: '街头宣传',
  STAFF_FORWARD: '员工转发',
  GROUP: '重点客群',
};
export const STAGE_NAMES_ZH: Record<string, string> = { LOCK: '5 分钟锁定客户', RECOMMEND: '4 小时推荐产品', DISBURSE: '3 天完成放款' };
export const LEVEL_NAMES_ZH: Record<string, string> = { RED: '红色', ORANGE: '橙色', YELLOW: '黄色' };

const count = z.number().int();
const pct = z.string().nullable().describe('百分数，两位小数；分母为 0 时为 null');

export const channelFigures = z.object({
  channel: z.string(),
  channelName: z.string(),
  applications: count,
  applicationSharePct: pct,
  approved: count,
  disbursedLoans: count,
  disbursedAmount: yuan,
  amountSharePct: pct,
});
export const campaignFigures = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  smsSent: count,
  visits: count,
  applications: count,
  approved: count,
  disbursedLoans: count,
  disbursedAmount: yuan,
});
export const productFigures = z.object({
  productCode: z.string(),
  productName: z.string(),
  applications: count,
  approved: count,
  disbursedLoans: count,
  disbursedAmount: yuan,
});
export const slaStageFigures = z.object({
  stage: z.string(),
  stageName: z.string(),
  measured: count,
  breaches: count,
  confirmed: count,
  ratePct: pct,
  penalty: yuan,
});
export const alertFigures = z.object({ level: z.string(), levelName: z.string(), opened: count, closed: count, openAtEnd: count });

export const periodFigures = z.object({
  from: isoDate,
  to: isoDate,
  scope: z.enum(['BANK', 'BRANCH', 'OWN']).describe('数据范围：总行角色为全行，单位负责人为本机构'),
  marketing: z.object({
    prospects: z.object({ imported: count, worked: count, contacts: count, disbursed: count }),
    smsSent: count,
    campaigns: z.array(campaignFigures),
    channels: z.array(channelFigures),
    products: z.array(productFigures),
    totals: z.object({ applications: count, approved: count, disbursedLoans: count, disbursedAmount: yuan }),
    groups: z.object({
      groups: count,
      membersAdded: count,
      applicants: count,
      borrowers: count,
      applications: count,
      disbursedAmount: yuan,
    }),
    preCredit: z.object({ whiteListed: count, whiteListedLimit: yuan, cardsIssued: count, cardsActivated: count }),
    referrals: z.object({ referredCustomers: count, referrers: count, rewardsPaid: count, rewardsPaidAmount: yuan, rewardsPending: count }),
    lobby: z.object({
      tasks: count,
      contacted: count,
      converted: count,
      convertedAmount: yuan,
      leads: count,
      leadsConverted: count,
      leadsAmount: yuan,
    }),
  }),
  service: z.object({
    sla: z.array(slaStageFigures),
    slaTotal: slaStageFigures,
    feedback: z.object({ raised: count, optimised: count, rejected: count, inProgressAtEnd: count }),
  }),
  risk: z.object({
    alerts: z.array(alertFigures),
    inspections: z.object({ tasksDone: count, tasksOverdue: count, findings: count, findingsRectified: count, findingsVerified: count }),
    nplReduction: z.object({ cash: yuan, restructuring: yuan, writeOff: yuan, upgrade: yuan, total: yuan, loans: count }),
  }),
});
export type PeriodFigures = z.infer<typeof periodFigures>;
export type ChannelFigures = z.infer<typeof channelFigures>;
export type CampaignPeriodFigures = z.infer<typeof campaignFigures>;
export type SlaStagePeriodFigures = z.infer<typeof slaStageFigures>;

export const workReportFile = {
  description: 'Word (.docx) or PDF: the work report of the period (工作汇报)',
  content: {
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.any() },
    'application/pdf': { schema: z.any() },
  },
};
