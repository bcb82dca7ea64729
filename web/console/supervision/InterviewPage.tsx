/**
 * One interview or statement (约谈 / 表态发言): who and why (the unit, the ranking period), who attended,
 * the commitments with their status, and the follow-up entries — with the form that adds one, marking
 * commitments done or missed (the record closes when none is left open).
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { StatusTag } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { formatDateTime } from '../shell/format';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { supervisionApi, type CommitmentStatus, type InterviewDetail } from './api';
import { COMMITMENT_TONES, dateOf, INTERVIEW_TONES, useBusinessDate } from './parts';

export function InterviewPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const { data, reload } = useAsync((signal) => supervisionApi.interview(id, signal), [id], { onError: showError });
  if (!data) return null;
  return (
    <>
      <PageHeader
        title={t('sup.iv.detailTitle', { kind: t(`sup.kind.${data.kind}`), unit: data.unitName })}
        extra={
          <Link to="/supervision">
            <ArrowLeftOutlined /> {t('sup.iv.back')}
          </Link>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card data-testid="sup-interview-detail">
          <Descriptions column={3} size="small">
            <Descriptions.Item label={t('sup.kind')}>{t(`sup.kind.${data.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('sup.unit')}>{data.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('sup.status')}>
              <StatusTag tone={INTERVIEW_TONES[data.status]} data={{ status: data.status }} testId="sup-interview-status">
                {t(`sup.iv.status.${data.status}`)}
              </StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label={t('sup.period')}>
              {data.periodFrom} ~ {data.periodTo}
            </Descriptions.Item>
            <Descriptions.Item label={t('sup.iv.rankNote')}>{data.rankNote ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('sup.iv.heldOn')}>{data.heldOn}</Descriptions.Item>
            <Descriptions.Item label={t('sup.iv.attendees')} span={3}>
              <span data-testid="sup-interview-attendees">
                {data.attendees.map((a, i) => (
                  <Tag key={i} color={a.staffId === null ? 'default' : 'blue'}>
                    {a.name}
                  </Tag>
                ))}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('sup.iv.summary')} span={3}>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{data.summary}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('sup.recordedBy')}>{data.recordedBy.name}</Descriptions.Item>
            <Descriptions.Item label={t('sup.iv.closedOn')}>{data.closedOn ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('sup.iv.commitments')} size="small">
          <Table
            rowKey="seq"
            size="small"
            pagination={false}
            dataSource={data.commitments}
            data-testid="sup-commitments"
            columns={[
              { title: '#', dataIndex: 'seq', width: 50 },
              { title: t('sup.iv.commitment'), dataIndex: 'text' },
              { title: t('sup.iv.due'), dataIndex: 'dueDate', width: 110 },
              {
                title: t('sup.status'),
                dataIndex: 'status',
                width: 100,
                render: (v: CommitmentStatus, r) => (
                  <StatusTag tone={COMMITMENT_TONES[v]} data={{ status: v }} testId={`sup-commitment-status-${r.seq}`}>
                    {t(`sup.c.status.${v}`)}
                  </StatusTag>
                ),
              },
              { title: t('sup.c.resolvedOn'), dataIndex: 'resolvedOn', width: 110, render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
        <FollowUps data={data} reload={reload} />
      </Space>
    </>
  );
}

interface FollowUpForm {
  followedOn: Dayjs;
  text: string;
  statuses: Record<string, 'KEEP' | 'DONE' | 'MISSED'>;
}

function FollowUps({ data, reload }: { data: InterviewDetail; reload: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const D = useBusinessDate();
  const [form] = Form.useForm<FollowUpForm>();
  const [saving, setSaving] = useState(false);
  const open = data.commitments.filter((c) => c.status === 'OPEN');
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await supervisionApi.followUp(data.id, {
        followedOn: dateOf(v.followedOn),
        text: v.text,
        statuses: Object.entries(v.statuses ?? {})
          .filter(([, s]) => s !== 'KEEP')
          .map(([seq, s]) => ({ seq: Number(seq), status: s as 'DONE' | 'MISSED' })),
      });
      showSuccess(t('sup.fu.saved'));
      form.resetFields();
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={t('sup.fu.title')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data.followUps}
        data-testid="sup-followups"
        columns={[
          { title: t('sup.fu.date'), dataIndex: 'followedOn', width: 110 },
          { title: t('sup.fu.text'), dataIndex: 'text' },
          {
            title: t('sup.fu.statuses'),
            key: 'statuses',
            width: 220,
            render: (_: unknown, r) =>
              r.statuses.length === 0 ? '—' : r.statuses.map((s) => `#${s.seq} ${t(`sup.c.status.${s.status}`)}`).join('，'),
          },
          { title: t('sup.recordedBy'), dataIndex: ['recordedBy', 'name'], width: 90 },
          { title: '', dataIndex: 'recordedAt', width: 160, render: (v: string) => formatDateTime(v) },
        ]}
      />
      {data.status === 'OPEN' && can('supervision:write') && D && (
        <Form<FollowUpForm>
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          data-testid="sup-followup-form"
          initialValues={{ followedOn: dayjs(D), statuses: Object.fromEntries(open.map((c) => [String(c.seq), 'KEEP'])) }}
        >
          <Typography.Title level={5}>{t('sup.fu.new')}</Typography.Title>
          <Form.Item name="followedOn" label={t('sup.fu.date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="text" label={t('sup.fu.text')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="sup-followup-text" />
          </Form.Item>
          {open.map((c) => (
            <Form.Item key={c.seq} name={['statuses', String(c.seq)]} label={`#${c.seq} ${c.text}`}>
              <Select
                style={{ width: 160 }}
                data-testid={`sup-followup-status-${c.seq}`}
                options={[
                  { value: 'KEEP', label: t('sup.fu.keep') },
                  { value: 'DONE', label: t('sup.c.status.DONE') },
                  { value: 'MISSED', label: t('sup.c.status.MISSED') },
                ]}
              />
            </Form.Item>
          ))}
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="sup-followup-submit">
            {t('sup.fu.new')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
