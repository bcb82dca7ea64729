/**
 * The consent texts a customer agrees to before anything is evaluated, with their versions. A consent
 * is recorded with the version of the text that was shown and the time it was given.
 */
export const CONSENT_KINDS = ['CREDIT_INQUIRY', 'AUTOMATED_DECISION', 'PERSONAL_INFORMATION'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export interface ConsentText {
  kind: ConsentKind;
  version: string;
  titleZh: string;
  titleEn: string;
  textZh: string;
}

export const CONSENT_TEXTS: Record<ConsentKind, ConsentText> = {
  CREDIT_INQUIRY: {
    kind: 'CREDIT_INQUIRY',
    version: 'CI-2026.1',
    titleZh: '个人征信查询授权书',
    titleEn: 'Credit report inquiry authorisation',
    textZh:
      '本人授权兖州农商银行在办理本人贷款申请、贷后管理及担保审查业务时，向中国人民银行金融信用信息基础数据库及其他依法设立的征信机构查询、打印、保存本人的信用报告，并按规定报送本人的信用信息。授权期限自本人签署之日起至上述业务终结之日止。',
  },
  AUTOMATED_DECISION: {
    kind: 'AUTOMATED_DECISION',
    version: 'AD-2026.1',
    titleZh: '自动化决策授权',
    titleEn: 'Automated decision authorisation',
    textZh:
      '本人知悉并同意兖州农商银行使用自动化决策系统，依据本人提供的信息、征信信息、存款信息及外部名单信息评估本人的申请，并据此作出批准、拒绝或转人工审批的决定。本人有权获知决定的主要理由，并可申请由工作人员进行人工复核。',
  },
  PERSONAL_INFORMATION: {
    kind: 'PERSONAL_INFORMATION',
    version: 'PI-2026.1',
    titleZh: '个人信息处理授权',
    titleEn: 'Personal information processing authorisation',
    textZh:
      '本人同意兖州农商银行为办理贷款业务之目的，收集、存储、使用本人的姓名、身份证号码、手机号码、职业、收入、存款及信用信息。上述信息加密存储，仅限授权人员在必要范围内查看，查看行为全程留痕。本人可依法查阅、更正、删除个人信息或撤回授权。',
  },
};

/** The joint-liability guarantee the guarantor reads and confirms on the mobile page. */
export const GUARANTEE_TEXT = {
  version: 'GU-2026.1',
  textZh:
    '本人自愿为借款人在兖州农商银行办理的保证e贷提供连带责任保证。保证范围包括借款本金、利息、罚息、复利及实现债权的费用；保证期间为主债务履行期限届满之日起三年。借款人未按期还款的，贵行有权直接要求本人承担保证责任。',
};

/** What a co-borrower (共同借款人) reads and confirms on the mobile page: joint liability for the whole debt. */
export const CO_BORROWER_TEXT = {
  version: 'CB-2026.1',
  textZh:
    '本人自愿作为共同借款人，与借款人共同向兖州农商银行申请并使用本笔贷款及其额度项下的各笔借款，对借款本金、利息、罚息、复利及实现债权的费用承担共同清偿责任。借款人未按期还款的，贵行有权直接要求本人偿还全部到期债务。',
};

/** The text a party of an application confirms, by role. */
export function partyText(role: 'GUARANTOR' | 'CO_BORROWER'): { version: string; textZh: string } {
  return role === 'CO_BORROWER' ? CO_BORROWER_TEXT : GUARANTEE_TEXT;
}
