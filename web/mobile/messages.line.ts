import { defineMessages } from '../shared/i18n';

/** The credit line page: what the limit is made of, and why a drawdown is refused (overdue loans). */
export const lineMessages = defineMessages(
  {
    'm.line.drawn': '已借金额',
    'm.line.used': '已用额度',
    'm.line.closed': '已失效额度',
    'm.line.closedNote': '单笔额度：借款一次后剩余额度不再可用',
    'm.block.title': '暂不能借款',
    'm.block.reason': '您有逾期未还的贷款，或贷款风险分类为次级及以下。请先还清逾期款项，还清后即可再次借款。',
    'm.block.classOnly': '您的贷款风险分类为{cls}，暂不能新增借款。如有疑问请联系您的客户经理。',
    'm.block.due': '逾期应还金额',
    'm.block.loan': '贷款 {id}',
    'm.block.loanDetail': '逾期 {dpd} 天 · 风险分类 {cls} · 应还 {amount}',
    'm.block.pay': '立即还款',
    'm.err.belowMin': '单笔借款金额不能低于 {min}',
    'm.cls.NORMAL': '正常',
    'm.cls.SPECIAL_MENTION': '关注',
    'm.cls.SUBSTANDARD': '次级',
    'm.cls.DOUBTFUL': '可疑',
    'm.cls.LOSS': '损失',
  },
  {
    'm.line.drawn': 'Drawn',
    'm.line.used': 'In use',
    'm.line.closed': 'No longer available',
    'm.line.closedNote': 'One-off line: what was not drawn the first time can no longer be drawn',
    'm.block.title': 'You cannot borrow now',
    'm.block.reason':
      'You have a loan past due, or a loan classified substandard or worse. Repay the amount past due first; then you can borrow again.',
    'm.block.classOnly': 'Your loan is classified {cls}; no new borrowing is possible. Please contact your loan officer.',
    'm.block.due': 'Amount past due',
    'm.block.loan': 'Loan {id}',
    'm.block.loanDetail': '{dpd} days past due · class {cls} · due {amount}',
    'm.block.pay': 'Repay now',
    'm.err.belowMin': 'The amount cannot be below {min}',
    'm.cls.NORMAL': 'normal',
    'm.cls.SPECIAL_MENTION': 'special mention',
    'm.cls.SUBSTANDARD': 'substandard',
    'm.cls.DOUBTFUL': 'doubtful',
    'm.cls.LOSS': 'loss',
  },
);
