import { defineMessages } from '../shared/i18n';

/** My page: my referral code, its QR code and link, and the rewards it earned me (转介有礼). */
export const referralMessages = defineMessages(
  {
    'm.ref.title': '转介有礼',
    'm.ref.intro': '好友通过您的链接或二维码申请并首次放款后，奖励将存入您在本行的活期账户。',
    'm.ref.code': '我的推荐码：{code}',
    'm.ref.qrAlt': '我的推荐二维码',
    'm.ref.paidTotal': '累计获得奖励 {amount}',
    'm.ref.none': '暂无转介奖励',
    'm.ref.rewardDesc': '{date} · {name}',
    'm.ref.status.PAID': '已到账',
    'm.ref.status.PENDING': '待发放',
    'm.ref.status.REJECTED': '不予奖励',
    'm.ref.reason.CAP_MONTH': '超过本月奖励上限',
    'm.ref.reason.CAP_YEAR': '超过本年奖励上限',
    'm.ref.reason.SELF_REFERRAL': '本人推荐不予奖励',
    'm.ref.reason.EXISTING_BORROWER': '好友此前已是本行借款客户',
    'm.ref.reason.NO_REWARD': '当期活动未设奖励',
    'm.ref.reason.ACCOUNT_NOT_ACTIVE': '您的账户暂不能入账，请联系网点',
  },
  {
    'm.ref.title': 'Refer a friend',
    'm.ref.intro':
      'When a friend applies through your link or QR code and draws their first loan, your reward is paid into your demand account with us.',
    'm.ref.code': 'My referral code: {code}',
    'm.ref.qrAlt': 'My referral QR code',
    'm.ref.paidTotal': 'Rewards received: {amount}',
    'm.ref.none': 'No referral rewards yet',
    'm.ref.rewardDesc': '{date} · {name}',
    'm.ref.status.PAID': 'Paid',
    'm.ref.status.PENDING': 'Pending',
    'm.ref.status.REJECTED': 'Not rewarded',
    'm.ref.reason.CAP_MONTH': 'Over this month’s cap',
    'm.ref.reason.CAP_YEAR': 'Over this year’s cap',
    'm.ref.reason.SELF_REFERRAL': 'Referring yourself is not rewarded',
    'm.ref.reason.EXISTING_BORROWER': 'Your friend was already a borrower',
    'm.ref.reason.NO_REWARD': 'No reward in the current campaign',
    'm.ref.reason.ACCOUNT_NOT_ACTIVE': 'Your account cannot take the credit; please contact your branch',
  },
);
