/** One alert: what fired, who answers for it and by when, its timeline, and the follow-up form. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Spin, Tag, Timeline, Typography, message } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { FOLLOW_UP_KINDS, riskApi, type AlertEvent, type FollowUpKind } from './api';
import { AlertStatusTag, LEVEL_CHART_COLOR, LevelTag } from './ui';

function EventText({ e }: { e: AlertEvent }) {
  const { t } = useI18n();
  return (
    <div data-testid={`risk-event-${e.kind}`}>
      <Typography.Text strong>
        {e.businessDate} {t(`risk.event.${e.kind}`)}
        {e.followUpKind ? ` · ${t(`risk.followUp.kind.${e.followUpKind}`)}` : ''}
      </Typography.Text>{' '}
      {e.fromLevel && e.level ? (
        <>
          <LevelTag level={e.fromLevel} /> → <LevelTag level={e.level} />
        </>
      ) : e.level && e.kind !== 'FOLLOW_UP' ? (
        <LevelTag level={e.level} />
      ) : null}
      {e.escalation && e.kind === 'ESCALATED' && <Tag color="volcano">{t(`risk.escalation.${e.escalation}`)}</Tag>}
      {e.rules && e.rules.length > 0 && (
        <div>
          {e.rules.map((r) => (
            <Tag key={r.code}>{r.code}</Tag>
          ))}
        </div>
      )}
      {e.measure && <div>{t(`risk.measure.${e.measure}`)}</div>}
      {e.text && <div>{e.text}</div>}
      {e.nextStepOn && (
        <Typography.Text type="secondary">
          {t('risk.followUp.nextStepOn')}: {e.nextStepOn}
        </Typography.Text>
      )}
      {e.staffName && <Typography.Text type="secondary"> — {e.staffName}</Typography.Text>}
    </div>
  );
}

export function AlertPage() {
  const { t } = useI18n();
  const can = useCan();
  const { id = '' } = useParams();
  const alert = useAsync((signal) => riskApi.alert(id, signal), [id], { onError: showError });
  const [form] = Form.useForm<{ kind: FollowUpKind; text: string; nextStepOn?: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const a = alert.data;

  const submit = async (v: { kind: FollowUpKind; text: string; nextStepOn?: Dayjs }) => {
    if (!a) return;
    setBusy(true);
    try {
      await riskApi.followUp(a.id, {
        kind: v.kind,
        text: v.text,
        ...(v.nextStepOn ? { nextStepOn: v.nextStepOn.format('YYYY-MM-DD') } : {}),
      });
      void message.success(t('risk.followUp.done'));
      form.resetFields();
      alert.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={`${t('risk.detail')} ${id}`}
        extra={
          <Link to="/risk/alerts">
            <ArrowLeftOutlined /> {t('risk.title')}
          </Link>
        }
      />
      {!a && alert.loading && <Spin />}
      {a && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Card>
            <Descriptions column={3} size="small">
              <Descriptions.Item label={t('risk.customer')}>{a.customerNameMasked ?? a.customerId}</Descriptions.Item>
              <Descriptions.Item label={t('risk.level')}>
                <LevelTag level={a.level} testId="risk-alert-level" />
              </Descriptions.Item>
              <Descriptions.Item label={t('risk.status')}>
                <AlertStatusTag status={a.status} testId="risk-alert-status" />
              </Descriptions.Item>
              <Descriptions.Item label={t('risk.dueAt')}>
                <span data-testid="risk-alert-due" style={a.overdue ? { color: LEVEL_CHART_COLOR.RED } : undefined}>
                  {a.dueAt}
                  {a.overdue ? ` · ${t('risk.overdue')}` : ''}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('risk.escalation')}>{t(`risk.escalation.${a.escalation}`)}</Descriptions.Item>
              <Descriptions.Item label={t('risk.officer')}>{a.officerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('risk.branch')}>{a.branchName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('risk.raisedOn')}>{a.raisedOn}</Descriptions.Item>
              <Descriptions.Item label={t('risk.closedOn')}>{a.closedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('risk.rules')} span={3}>
                {a.rules.map((r) => (
                  <Tag key={r.code}>{r.code}</Tag>
                ))}
                {a.riskDept && <Tag color="red">{t('risk.riskDept')}</Tag>}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('risk.timeline')}>
            <Timeline
              data-testid="risk-timeline"
              items={a.events.map((e) => ({
                key: e.id,
                color: e.level ? LEVEL_CHART_COLOR[e.level] : 'gray',
                children: <EventText e={e} />,
              }))}
            />
          </Card>
          {can('risk:follow-up') && (
            <Card title={t('risk.followUp')}>
              {a.status === 'CLOSED' ? (
                <Alert type="info" showIcon message={t('risk.followUp.closedHint')} />
              ) : (
                <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'CALL' }} style={{ maxWidth: 560 }}>
                  <Form.Item name="kind" label={t('risk.followUp.kind')} rules={[{ required: true }]}>
                    <Select
                      data-testid="risk-followup-kind"
                      options={FOLLOW_UP_KINDS.map((k) => ({ value: k, label: t(`risk.followUp.kind.${k}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name="text" label={t('risk.followUp.text')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
                    <Input.TextArea rows={3} data-testid="risk-followup-text" />
                  </Form.Item>
                  <Form.Item name="nextStepOn" label={t('risk.followUp.nextStepOn')}>
                    <DatePicker data-testid="risk-followup-next" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} data-testid="risk-followup-submit">
                    {t('risk.followUp.submit')}
                  </Button>
                </Form>
              )}
            </Card>
          )}
        </Space>
      )}
    </>
  );
}
