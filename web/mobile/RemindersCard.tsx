/** My page's reminders: the switch for reminder SMS (opt-out) and the reminders I was sent, newest first. */
import { Card, Empty, List, Switch, Tag, Toast } from 'antd-mobile';
import { useAsync } from '../shared/useAsync';
import { useI18n } from './i18n';
import { mobileApi } from './api';
import { formatDateTime } from './format';
import { useAction } from './ui';

export function RemindersCard() {
  const { t } = useI18n();
  const optOut = useAsync((signal) => mobileApi.reminderOptOut(signal), []);
  const reminders = useAsync((signal) => mobileApi.reminders(signal), []);
  const [toggle, saving] = useAction(async (receive: boolean) => {
    const next = await mobileApi.setReminderOptOut(!receive);
    optOut.setData(next);
    Toast.show({ content: t(next.optedOut ? 'm.rem.optedOut' : 'm.rem.optedIn') });
  });
  const items = reminders.data?.items ?? [];
  return (
    <>
      <h2 className="hnm-section-title hnm-pad">{t('m.rem.title')}</h2>
      <Card className="hnm-card" data-testid="m-reminders">
        <List>
          <List.Item
            description={t('m.rem.receiveHint')}
            extra={
              <Switch
                checked={optOut.data ? !optOut.data.optedOut : true}
                loading={saving || (optOut.loading && !optOut.data)}
                onChange={(v) => void toggle(v)}
                data-testid="m-reminder-switch"
              />
            }
          >
            {t('m.rem.receive')}
          </List.Item>
        </List>
        {items.length === 0 ? (
          <Empty description={t('m.rem.none')} />
        ) : (
          <List>
            {items.map((r) => (
              <List.Item
                key={r.id}
                description={r.sentAt ? formatDateTime(r.sentAt) : undefined}
                extra={
                  <Tag color={r.status === 'SENT' ? 'success' : r.status === 'FAILED' ? 'danger' : 'default'}>
                    {t(`m.rem.status.${r.status}`)}
                  </Tag>
                }
                data-testid={`m-reminder-${r.id}`}
              >
                <span style={{ fontSize: 14 }}>{r.text}</span>
              </List.Item>
            ))}
          </List>
        )}
      </Card>
    </>
  );
}
