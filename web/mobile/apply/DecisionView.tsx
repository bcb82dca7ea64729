/**
 * The answer to an application, in plain words: approved (limit, rate, what next), declined (why, and
 * the right to a manual review), referred to an approver, or waiting for the guarantor. No grade or
 * score is shown to the customer.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Result, TextArea } from 'antd-mobile';
import { useI18n } from '../i18n';
import { mobileApi, type ApplicationResult } from '../api';
import { cny } from '../format';
import { InfoRow, useAction } from '../ui';

function Reasons({ result, title }: { result: ApplicationResult; title: string }) {
  const reasons = result.decision?.reasons ?? [];
  if (reasons.length === 0) return null;
  return (
    <Card className="hnm-card" title={title}>
      <ul className="hnm-reasons" data-testid="m-decision-reasons">
        {reasons.map((r) => (
          <li key={r.code}>{r.message || r.code}</li>
        ))}
      </ul>
    </Card>
  );
}

export function DecisionView({ result, onChange }: { result: ApplicationResult; onChange: (r: ApplicationResult) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [note, setNote] = useState('');
  const status = result.status;

  const [requestReview, reviewing] = useAction(async () => {
    const reason = note.trim() || t('m.decision.reviewDefaultReason');
    // The answer is the whole application; only its new status matters here (the reasons shown stay).
    const updated = await mobileApi.manualReview(result.id, reason);
    onChange({ ...result, status: updated?.status ?? 'MANUAL_REVIEW' });
  });

  const head = (
    <div data-testid="m-decision-status" data-status={status} className="hnm-decision-status">
      {status === 'APPROVED' && <Result status="success" title={t('m.decision.approved')} description={t('m.decision.approvedDesc')} />}
      {status === 'DECLINED' && <Result status="warning" title={t('m.decision.declined')} description={t('m.decision.declinedDesc')} />}
      {status === 'REFERRED' && <Result status="waiting" title={t('m.decision.referred')} description={t('m.decision.referredDesc')} />}
      {status === 'MANUAL_REVIEW' && (
        <Result status="waiting" title={t('m.decision.manualReview')} description={t('m.decision.manualReviewDesc')} />
      )}
      {status === 'PENDING_GUARANTEE' && (
        <Result status="waiting" title={t('m.decision.pendingGuarantee')} description={t('m.decision.pendingGuaranteeDesc')} />
      )}
      {!['APPROVED', 'DECLINED', 'REFERRED', 'MANUAL_REVIEW', 'PENDING_GUARANTEE'].includes(status) && (
        <Result status="info" title={t('m.decision.submitted')} description={t('m.decision.submittedDesc')} />
      )}
    </div>
  );

  return (
    <div className="hnm-decision">
      {head}

      {status === 'APPROVED' && (
        <>
          <Card className="hnm-card hnm-offer">
            <InfoRow label={t('m.decision.limit')} strong testId="m-decision-limit">
              {cny(result.decision?.limit)}
            </InfoRow>
            <InfoRow label={t('m.decision.rate')} testId="m-decision-rate">
              {result.decision?.annualRatePct ? `${result.decision.annualRatePct}%` : '—'}
            </InfoRow>
          </Card>
          <Reasons result={result} title={t('m.decision.notes')} />
          <div className="hnm-actions">
            {result.creditLineId !== null && result.creditLineId !== undefined && (
              <Button
                block
                color="primary"
                size="large"
                onClick={() => navigate(`/lines/${encodeURIComponent(String(result.creditLineId))}`)}
                data-testid="m-go-draw"
              >
                {t('m.decision.drawNow')}
              </Button>
            )}
            <Button block size="large" onClick={() => navigate('/me')}>
              {t('m.decision.toMe')}
            </Button>
          </div>
        </>
      )}

      {status === 'DECLINED' && (
        <>
          <Reasons result={result} title={t('m.decision.why')} />
          <Card className="hnm-card" title={t('m.decision.reviewTitle')}>
            <p className="hnm-muted">{t('m.decision.reviewHint')}</p>
            <TextArea
              placeholder={t('m.decision.reviewPh')}
              value={note}
              onChange={setNote}
              rows={3}
              maxLength={300}
              showCount
              className="hnm-textarea"
            />
            <Button
              block
              color="primary"
              size="large"
              loading={reviewing}
              onClick={() => void requestReview()}
              data-testid="m-manual-review"
              style={{ marginTop: 12 }}
            >
              {t('m.decision.requestReview')}
            </Button>
          </Card>
        </>
      )}

      {(status === 'REFERRED' || status === 'MANUAL_REVIEW') && <Reasons result={result} title={t('m.decision.notes')} />}

      {status === 'PENDING_GUARANTEE' && result.guaranteeLink && (
        <Card className="hnm-card hnm-demo-box" title={t('m.decision.demoLink')}>
          <p className="hnm-muted">{t('m.decision.demoLinkHint')}</p>
          <a href={result.guaranteeLink} className="hnm-link-break" data-testid="m-guarantee-link">
            {result.guaranteeLink}
          </a>
        </Card>
      )}

      {status !== 'APPROVED' && (
        <div className="hnm-actions">
          <Button block size="large" onClick={() => navigate('/me')} data-testid="m-to-me">
            {t('m.decision.toMe')}
          </Button>
          <Button block fill="none" onClick={() => navigate('/')}>
            {t('m.backHome')}
          </Button>
        </div>
      )}
    </div>
  );
}
