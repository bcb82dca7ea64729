/**
 * 在线考试: one exam on the phone. Starting asks the server, which records the start and the deadline and
 * sends the questions without their keys; every choice is saved as it is made (only before the deadline,
 * on the server's clock); submitting has the server score it and shows the score and pass or fail. The
 * countdown is the server's deadline less the server's time at the start, so a wrong phone clock does
 * not matter.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Checkbox, Dialog, ErrorBlock, Radio, Result, Space, Tag } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MobileMessageKey } from '../i18n';
import { LoadFailed, Loading, toastError, useAction } from '../ui';
import { StaffShell, useStaff } from './staff';
import { trainingApi, type AttemptResult, type ExamSheet } from './training-api';
import { localTime } from './ExamsPage';

function clockText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function ResultCard({ r }: { r: AttemptResult }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Card className="hnm-card" data-testid="m-exam-result">
      <Result
        status={r.passed ? 'success' : 'error'}
        title={
          <span data-testid="m-exam-passed" data-passed={String(r.passed)}>
            {r.passed ? t('m.tr.passed') : t('m.tr.failed')}
          </span>
        }
        description={
          <>
            <div className="hnm-wb-exam-score" data-testid="m-exam-score">
              {t('m.tr.result.score', { score: r.score })}
            </div>
            <div>{t('m.tr.result.detail', { total: r.totalScore, pass: r.passScore, correct: r.correct, n: r.questionCount })}</div>
            {r.late && <div className="hnm-wb-breach">{t('m.tr.result.late')}</div>}
            {r.attemptsLeft > 0 && <div>{t('m.tr.result.left', { n: r.attemptsLeft })}</div>}
          </>
        }
      />
      <Button block onClick={() => navigate('/staff/exams')} data-testid="m-exam-back">
        {t('m.tr.result.back')}
      </Button>
    </Card>
  );
}

function Sheet({ sheet, onResult }: { sheet: ExamSheet; onResult: (r: AttemptResult) => void }) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<Record<number, number[]>>(() =>
    Object.fromEntries(sheet.answers.map((a) => [a.questionId, a.choice])),
  );
  // the deadline on this phone's clock: the server's time left at the start, from now
  const [deadline] = useState(() => Date.now() + Date.parse(sheet.deadlineAt) - Date.parse(sheet.serverNow));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  const answered = sheet.questions.filter((q) => (answers[q.questionId] ?? []).length > 0).length;
  const choose = (questionId: number, choice: number[]) => {
    setAnswers((a) => ({ ...a, [questionId]: choice }));
    if (left > 0) trainingApi.save(sheet.attemptId, [{ questionId, choice }]).catch(toastError);
  };
  const [submit, busy] = useAction(async () => {
    const missing = sheet.questions.length - answered;
    const ok = await Dialog.confirm({
      content: missing > 0 ? t('m.tr.take.confirmUnanswered', { n: missing }) : t('m.tr.take.confirm'),
      confirmText: <span data-testid="m-exam-confirm">{t('m.tr.take.submit')}</span>,
    });
    if (!ok) return;
    const entries = Object.entries(answers).map(([questionId, choice]) => ({ questionId: Number(questionId), choice }));
    onResult(await trainingApi.submit(sheet.attemptId, entries));
  });
  return (
    <div data-testid="m-exam-sheet">
      <div className="hnm-wb-caption">
        <Tag color={left > 60 ? 'primary' : 'danger'} data-testid="m-exam-left">
          {left > 0 ? t('m.tr.take.left', { time: clockText(left) }) : t('m.tr.take.timeUp')}
        </Tag>{' '}
        {t('m.tr.take.answered', { n: answered, total: sheet.questions.length })}
      </div>
      {sheet.questions.map((q, i) => (
        <Card
          key={q.questionId}
          className="hnm-card"
          data-testid={`m-exam-q-${i}`}
          title={
            <span>
              {q.position}. {q.stem}{' '}
              <Tag fill="outline">
                {t(`m.tr.take.kind.${q.kind}` as MobileMessageKey)} · {t('m.tr.take.points', { n: q.points })}
              </Tag>
            </span>
          }
        >
          {q.kind === 'MULTIPLE' ? (
            <Checkbox.Group
              value={answers[q.questionId] ?? []}
              onChange={(v) =>
                choose(
                  q.questionId,
                  (v as number[]).slice().sort((a, b) => a - b),
                )
              }
            >
              <Space direction="vertical" block>
                {q.options.map((o, j) => (
                  <div key={j} data-testid={`m-exam-q-${i}-opt-${j}`}>
                    <Checkbox value={j} block>
                      {String.fromCharCode(65 + j)}. {o}
                    </Checkbox>
                  </div>
                ))}
              </Space>
            </Checkbox.Group>
          ) : (
            <Radio.Group value={answers[q.questionId]?.[0] ?? null} onChange={(v) => choose(q.questionId, [Number(v)])}>
              <Space direction="vertical" block>
                {q.options.map((o, j) => (
                  <div key={j} data-testid={`m-exam-q-${i}-opt-${j}`}>
                    <Radio value={j} block>
                      {q.kind === 'TRUE_FALSE' ? o : `${String.fromCharCode(65 + j)}. ${o}`}
                    </Radio>
                  </div>
                ))}
              </Space>
            </Radio.Group>
          )}
        </Card>
      ))}
      <Button block color="primary" size="large" loading={busy} onClick={() => void submit()} data-testid="m-exam-submit">
        {t('m.tr.take.submit')}
      </Button>
    </div>
  );
}

function Exam({ paperId }: { paperId: number }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync((signal) => trainingApi.myExams(signal), []);
  const [sheet, setSheet] = useState<ExamSheet | null>(null);
  const [result, setResult] = useState<AttemptResult | null>(null);
  const [start, busy] = useAction(async () => setSheet(await trainingApi.start(paperId)));
  if (result) return <ResultCard r={result} />;
  if (sheet) return <Sheet sheet={sheet} onResult={setResult} />;
  if (!data && loading) return <Loading />;
  if (!data) return <LoadFailed error={error} onRetry={reload} />;
  const exam = data.items.find((e) => e.paperId === paperId);
  if (!exam) return <ErrorBlock status="empty" title={t('m.tr.exams.empty')} description="" />;
  const canStart = exam.status === 'OPEN' || exam.status === 'IN_PROGRESS';
  return (
    <Card className="hnm-card" title={exam.title} data-testid="m-exam-intro">
      <p>{t('m.tr.exam.meta', { n: exam.questionCount, total: exam.totalScore, pass: exam.passScore, min: exam.timeLimitMinutes })}</p>
      <p>{t('m.tr.exam.window', { from: localTime(exam.opensAt), to: localTime(exam.closesAt) })}</p>
      <p>
        <Tag>{t(`m.tr.status.${exam.status}` as MobileMessageKey)}</Tag>
        {exam.best && (
          <Tag color={exam.best.passed ? 'success' : 'danger'} fill="outline">
            {t('m.tr.exam.best', { score: exam.best.score })}
          </Tag>
        )}
      </p>
      {canStart && (
        <>
          <p className="hnm-step-intro">{t('m.tr.take.intro')}</p>
          <Button block color="primary" size="large" loading={busy} onClick={() => void start()} data-testid="m-exam-start">
            {exam.status === 'IN_PROGRESS' ? t('m.tr.take.resume') : t('m.tr.take.start')}
          </Button>
        </>
      )}
    </Card>
  );
}

export function ExamPage() {
  const { t } = useI18n();
  const { user } = useStaff();
  const { id } = useParams();
  return (
    <StaffShell title={t('m.tr.take.title')} back="/staff/exams" anyStaff>
      {user && <Exam paperId={Number(id)} />}
    </StaffShell>
  );
}
