/** 我的考试: the exams assigned to the signed-in staff member, what each allows now, and the way to 我的培训. */
import { useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, List, Tag } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MobileMessageKey } from '../i18n';
import { LoadFailed, Loading } from '../ui';
import { StaffShell, useStaff } from './staff';
import { trainingApi, type MyExam } from './training-api';

/** An instant shown in the bank's time zone, to the minute. */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);
}

const STATUS_COLOR: Record<MyExam['status'], 'primary' | 'success' | 'warning' | 'default'> = {
  OPEN: 'primary',
  IN_PROGRESS: 'warning',
  DONE: 'success',
  NOT_OPEN: 'default',
  CLOSED: 'default',
};

function Exams() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useAsync((signal) => trainingApi.myExams(signal), []);
  if (!data && loading) return <Loading />;
  if (!data) return <LoadFailed error={error} onRetry={reload} />;
  return (
    <div data-testid="m-exams">
      <Button block fill="outline" onClick={() => navigate('/staff/training')} data-testid="m-exams-record">
        {t('m.tr.exams.record')}
      </Button>
      {data.items.length === 0 && <ErrorBlock status="empty" title={t('m.tr.exams.empty')} description="" data-testid="m-exams-empty" />}
      {data.items.length > 0 && (
        <List className="hnm-wb-list">
          {data.items.map((e) => (
            <List.Item
              key={e.paperId}
              data-testid={`m-exam-${e.paperId}`}
              data-status={e.status}
              onClick={() => navigate(`/staff/exams/${e.paperId}`)}
              description={
                <>
                  <div>{t('m.tr.exam.meta', { n: e.questionCount, total: e.totalScore, pass: e.passScore, min: e.timeLimitMinutes })}</div>
                  <div>{t('m.tr.exam.window', { from: localTime(e.opensAt), to: localTime(e.closesAt) })}</div>
                </>
              }
              extra={
                <span>
                  <Tag color={STATUS_COLOR[e.status]}>{t(`m.tr.status.${e.status}` as MobileMessageKey)}</Tag>
                  {e.best && (
                    <Tag color={e.best.passed ? 'success' : 'danger'} fill="outline" data-testid={`m-exam-${e.paperId}-best`}>
                      {t('m.tr.exam.best', { score: e.best.score })} · {e.best.passed ? t('m.tr.passed') : t('m.tr.failed')}
                    </Tag>
                  )}
                </span>
              }
            >
              {e.title}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

export function ExamsPage() {
  const { t } = useI18n();
  const { user } = useStaff();
  return (
    <StaffShell title={t('m.tr.exams.title')} anyStaff>
      {user && <Exams />}
    </StaffShell>
  );
}
