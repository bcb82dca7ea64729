import { defineMessages } from '../shared/i18n';

/** My page: the reminder SMS I received and my opt-out switch. */
export const reminderMessages = defineMessages(
  {
    'm.rem.title': '还款提醒短信',
    'm.rem.receive': '接收还款提醒短信',
    'm.rem.receiveHint': '关闭后不再发送到期和逾期提醒；验证码等必要通知不受影响。',
    'm.rem.optedOut': '已退订还款提醒短信',
    'm.rem.optedIn': '已恢复接收还款提醒短信',
    'm.rem.none': '暂无提醒短信',
    'm.rem.status.QUEUED': '待发送',
    'm.rem.status.SENT': '已发送',
    'm.rem.status.FAILED': '未送达',
    'm.rem.status.SKIPPED_OPT_OUT': '已退订',
  },
  {
    'm.rem.title': 'Repayment reminders',
    'm.rem.receive': 'Receive repayment reminder SMS',
    'm.rem.receiveHint': 'When off, no due-date or overdue reminders are sent; codes and other required notices still are.',
    'm.rem.optedOut': 'Reminder SMS turned off',
    'm.rem.optedIn': 'Reminder SMS turned back on',
    'm.rem.none': 'No reminders yet',
    'm.rem.status.QUEUED': 'Queued',
    'm.rem.status.SENT': 'Sent',
    'm.rem.status.FAILED': 'Not delivered',
    'm.rem.status.SKIPPED_OPT_OUT': 'Opted out',
  },
);
