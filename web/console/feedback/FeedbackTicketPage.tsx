/** One feedback ticket: its facts, its timeline, its attachments, and what a handler or the raiser may do. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Descriptions, Input, List, Space, Spin, Timeline, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { feedbackApi, type FeedbackDetail } from './api';
import { EscalationTag, FeedbackStatusTag } from './ui';

export function FeedbackTicketPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { data: ticket, loading, setData } = useAsync((signal) => feedbackApi.one(id, signal), [id], { onError: showError });
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<FeedbackDetail>) => {
    setBusy(true);
    try {
      setData(await action());
      setComment('');
      setReason('');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!ticket) return <Spin spinning={loading} style={{ display: 'block', margin: '48px auto' }} />;
  const tk = ticket;

  return (
    <>
      <PageHeader
        title={t('feedback.detailTitle', { id: tk.id })}
        subtitle={tk.title}
        extra={<Link to="/feedback">{t('feedback.back')}</Link>}
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          column={2}
          size="small"
          bordered
          items={[
            { key: 'status', label: t('feedback.field.status'), children: <FeedbackStatusTag status={tk.status} /> },
            { key: 'esc', label: t('feedback.field.escalation'), children: <EscalationTag level={tk.escalationLevel} /> },
            { key: 'cat', label: t('feedback.field.category'), children: tryT(t, `feedback.category.${tk.category}`, tk.category) },
            {
              key: 'dept',
              label: t('feedback.field.department'),
              children: tryT(t, `feedback.department.${tk.department}`, tk.department),
            },
            {
              key: 'raiser',
              label: t('feedback.field.raiser'),
              children: `${tk.raiserName ?? tk.raisedBy} · ${tryT(t, `feedback.role.${tk.raiserRole}`, tk.raiserRole)}`,
            },
            { key: 'raised', label: t('feedback.field.raisedDate'), children: tk.raisedDate },
            {
              key: 'deadline',
              label: t('feedback.field.deadline'),
              children: <span data-testid="feedback-deadline">{tk.deadlineDate}</span>,
            },
            { key: 'closed', label: t('feedback.field.closedDate'), children: tk.closedDate ?? '—' },
            { key: 'module', label: t('feedback.field.relatedModule'), children: tk.relatedModule ?? '—' },
            { key: 'release', label: t('feedback.field.release'), children: tk.releaseVersion ?? '—' },
            {
              key: 'desc',
              label: t('feedback.field.description'),
              span: 2,
              children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{tk.description}</Typography.Paragraph>,
            },
            ...(tk.rejectReason ? [{ key: 'reason', label: t('feedback.field.rejectReason'), span: 2, children: tk.rejectReason }] : []),
          ]}
        />
      </Card>

      {tk.canHandle && tk.nextStatuses.length > 0 && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Space wrap>
            {tk.nextStatuses
              .filter((s) => s !== 'REJECTED')
              .map((s) => (
                <Button
                  key={s}
                  type={s === 'OPTIMISED' ? 'primary' : 'default'}
                  loading={busy}
                  onClick={() => run(() => feedbackApi.move(tk.id, { to: s as 'ACCEPTED', comment: comment || undefined }))}
                  data-testid={`feedback-move-${s}`}
                >
                  {tryT(t, `feedback.move.${s}`, s)}
                </Button>
              ))}
            {tk.nextStatuses.includes('REJECTED') && (
              <Space.Compact>
                <Input
                  placeholder={t('feedback.reason')}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  style={{ width: 260 }}
                />
                <Button
                  danger
                  loading={busy}
                  disabled={!reason.trim()}
                  onClick={() => run(() => feedbackApi.move(tk.id, { to: 'REJECTED', reason }))}
                  data-testid="feedback-move-REJECTED"
                >
                  {t('feedback.move.REJECTED')}
                </Button>
              </Space.Compact>
            )}
            <DatePicker
              placeholder={t('feedback.setDeadline')}
              onChange={(d) => {
                if (d) void run(() => feedbackApi.deadline(tk.id, { deadlineDate: d.format('YYYY-MM-DD') }));
              }}
            />
          </Space>
        </Card>
      )}

      <Card size="small" title={t('feedback.timeline')} style={{ marginBottom: 16 }}>
        <Timeline
          items={tk.timeline.map((e) => ({
            key: e.id,
            color: e.toStatus === 'REJECTED' ? 'gray' : e.toStatus === 'OPTIMISED' ? 'green' : 'blue',
            children: (
              <div data-testid={`feedback-event-${e.id}`}>
                <Typography.Text strong>{tryT(t, `feedback.event.${e.kind}`, e.kind)}</Typography.Text>
                {e.toStatus && (
                  <>
                    {' '}
                    <FeedbackStatusTag status={e.toStatus} />
                  </>
                )}
                <Typography.Text type="secondary">
                  {' '}
                  {e.actorName ?? e.actorId} · {e.businessDate} · {formatDateTime(e.at)}
                </Typography.Text>
                {e.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{e.comment}</div>}
              </div>
            ),
          }))}
        />
        <Space.Compact style={{ width: '100%' }}>
          <Input
            placeholder={t('feedback.commentPlaceholder')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
          />
          <Button
            loading={busy}
            disabled={!comment.trim()}
            onClick={() => run(() => feedbackApi.comment(tk.id, comment))}
            data-testid="feedback-comment"
          >
            {t('feedback.comment')}
          </Button>
        </Space.Compact>
      </Card>

      <Card size="small" title={t('feedback.attachments')}>
        {tk.attachments.length === 0 ? (
          <Alert type="info" title={t('feedback.noAttachments')} />
        ) : (
          <List
            size="small"
            dataSource={tk.attachments}
            renderItem={(a) => (
              <List.Item>
                <Button
                  type="link"
                  icon={<PaperClipOutlined />}
                  onClick={() => void feedbackApi.download(tk.id, a.id, a.fileName).catch(showError)}
                >
                  {a.fileName}
                </Button>
                <Typography.Text type="secondary">{Math.ceil(a.sizeBytes / 1024)} KB</Typography.Text>
              </List.Item>
            )}
          />
        )}
        <Upload
          showUploadList={false}
          accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
          customRequest={async ({ file, onSuccess, onError }) => {
            try {
              await feedbackApi.attach(tk.id, file as File);
              message.success((file as File).name);
              setData(await feedbackApi.one(tk.id));
              onSuccess?.(null);
            } catch (e) {
              showError(e);
              onError?.(e as Error);
            }
          }}
        >
          <Button style={{ marginTop: 12 }} icon={<UploadOutlined />} data-testid="feedback-attach">
            {t('feedback.attach')}
          </Button>
        </Upload>
      </Card>
    </>
  );
}
