/** 检查问题: the finding, its timeline, and the rectify / AB-verify actions. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Input, InputNumber, Space, Timeline, Typography } from 'antd';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useUser } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { inspectionApi } from './api';
import { FindingStatusTag, SeverityTag, useInspectionRights } from './ui';

export function FindingPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const rights = useInspectionRights();
  const user = useUser();
  const { data: f, reload } = useAsync((signal) => inspectionApi.finding(id, signal), [id], { onError: showError });
  const [text, setText] = useState('');
  const [days, setDays] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  if (!f) return <Card loading />;

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      showSuccess(done);
      setText('');
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const canRectify = rights.rectify && (f.status === 'OPEN' || f.status === 'REOPENED');
  const canVerify = rights.work && f.status === 'RECTIFIED';
  const independent = f.recordedBy !== user.id && f.rectifiedBy !== user.id;

  return (
    <>
      <PageHeader
        title={t('insp.finding.title', { id: f.id })}
        subtitle={<Link to={`/inspections/tasks/${f.taskId}`}>{t('insp.task.title', { id: f.taskId })}</Link>}
        extra={<FindingStatusTag status={f.status} testId="insp-finding-status" />}
      />
      <Card>
        <Descriptions size="small" bordered column={3}>
          <Descriptions.Item label={t('insp.finding.severity')}>
            <SeverityTag severity={f.severity} />
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.task.loan')}>
            <Link to={`/loans/${f.loanId}`}>{f.loanId}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.task.customer')}>{f.customerNameMasked ?? f.customerId}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.description')} span={3}>
            <span data-testid="insp-finding-description-text">{f.description}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.responsible')}>{f.responsibleName ?? f.responsibleStaffId}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.deadline')}>
            <span style={f.late ? { color: '#cf1322', fontWeight: 600 } : undefined}>
              {f.deadline} {f.late ? `（${t('insp.finding.late')}）` : ''}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.escalation')}>{t(`insp.finding.escalation.${f.escalation}`)}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.recordedBy')}>{f.recordedByName}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.recordedOn')}>{f.recordedOn}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.rectification')}>{f.rectification ?? '—'}</Descriptions.Item>
        </Descriptions>
        {(canRectify || canVerify) && (
          <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
            <Input.TextArea
              rows={2}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={canRectify ? t('insp.finding.rectification') : t('insp.finding.verifyNote')}
              data-testid="insp-finding-text"
            />
            {canRectify && (
              <Button
                type="primary"
                loading={busy}
                disabled={!text.trim()}
                onClick={() => act(() => inspectionApi.rectify(f.id, { rectification: text.trim() }), t('insp.finding.rectified'))}
                data-testid="insp-finding-rectify"
              >
                {t('insp.finding.rectify')}
              </Button>
            )}
            {canVerify && (
              <Space wrap>
                <Button
                  type="primary"
                  loading={busy}
                  disabled={!independent}
                  onClick={() =>
                    act(
                      () => inspectionApi.verify(f.id, { outcome: 'VERIFIED', note: text.trim() || undefined }),
                      t('insp.finding.verified'),
                    )
                  }
                  data-testid="insp-finding-verify"
                >
                  {t('insp.finding.verify')}
                </Button>
                <InputNumber<number> min={1} max={90} precision={0} placeholder={t('insp.finding.days')} value={days} onChange={setDays} />
                <Button
                  danger
                  loading={busy}
                  disabled={!independent}
                  onClick={() =>
                    act(
                      () =>
                        inspectionApi.verify(f.id, {
                          outcome: 'REOPENED',
                          note: text.trim() || undefined,
                          rectifyBusinessDays: days ?? undefined,
                        }),
                      t('insp.finding.verified'),
                    )
                  }
                  data-testid="insp-finding-reopen"
                >
                  {t('insp.finding.reopen')}
                </Button>
                <Typography.Text type="secondary">{t('insp.finding.abHint')}</Typography.Text>
              </Space>
            )}
          </Space>
        )}
      </Card>
      <Card title={t('insp.finding.timeline')} style={{ marginTop: 16 }}>
        <Timeline
          data-testid="insp-finding-timeline"
          items={f.timeline.map((e) => ({
            color: e.kind === 'ESCALATED' || e.kind === 'REOPENED' ? 'red' : e.kind === 'VERIFIED' ? 'green' : 'blue',
            children: (
              <div data-testid={`insp-event-${e.kind}`}>
                <Typography.Text strong>
                  {t(`insp.event.${e.kind}`)}
                  {e.level ? ` · ${t(`insp.finding.escalation.${e.level}`)}` : ''}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {e.businessDate} · {e.actorName ?? '—'} · {formatDateTime(e.at)}
                </Typography.Text>
                {e.note && <div>{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </>
  );
}
