/** 我的培训: the signed-in staff member's training record — sessions attended or missed, exams and scores. */
import { Card, List, Tag } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { LoadFailed, Loading } from '../ui';
import { StaffShell, useStaff } from './staff';
import { trainingApi } from './training-api';
import { localTime } from './ExamsPage';

function Record() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync((signal) => trainingApi.myRecord(signal), []);
  if (!data && loading) return <Loading />;
  if (!data) return <LoadFailed error={error} onRetry={reload} />;
  return (
    <div data-testid="m-training-record">
      <Card className="hnm-card" title={t('m.tr.record.sessions')}>
        {data.sessions.length === 0 && <div className="hnm-muted">{t('m.tr.record.none')}</div>}
        <List>
          {data.sessions.map((s) => (
            <List.Item
              key={s.sessionId}
              data-testid={`m-training-session-${s.sessionId}`}
              description={t('m.tr.record.session', { date: s.sessionDate, min: s.durationMinutes, trainer: s.trainerName })}
              extra={<Tag color={s.present ? 'success' : 'default'}>{s.present ? t('m.tr.record.present') : t('m.tr.record.absent')}</Tag>}
            >
              {s.topic}
            </List.Item>
          ))}
        </List>
      </Card>
      <Card className="hnm-card" title={t('m.tr.record.exams')}>
        {data.exams.length === 0 && <div className="hnm-muted">{t('m.tr.record.none')}</div>}
        <List>
          {data.exams.map((e) => (
            <List.Item
              key={`${e.paperId}-${e.attemptNo}`}
              data-testid={`m-training-exam-${e.paperId}-${e.attemptNo}`}
              description={t('m.tr.record.exam', { no: e.attemptNo, at: localTime(e.submittedAt) })}
              extra={
                <Tag color={e.passed ? 'success' : 'danger'}>
                  {e.score} / {e.totalScore} · {e.passed ? t('m.tr.passed') : t('m.tr.failed')}
                </Tag>
              }
            >
              {e.title}
            </List.Item>
          ))}
        </List>
      </Card>
    </div>
  );
}

export function MyTrainingPage() {
  const { t } = useI18n();
  const { user } = useStaff();
  return (
    <StaffShell title={t('m.tr.record.title')} back="/staff/exams" anyStaff>
      {user && <Record />}
    </StaffShell>
  );
}
