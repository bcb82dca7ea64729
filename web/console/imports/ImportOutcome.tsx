/** What became of an uploaded file: its errors (nothing applied), or the review it waits for. */
import { Link } from 'react-router-dom';
import { Alert, Button, Space } from 'antd';
import { compactJson } from '../shell/format';
import { tryT, useI18n } from '../i18n';
import { StatusTag } from '../../shared/list';
import { IMPORT_STATUS_TONES, type ImportBatch, type ImportStatus } from './api';

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={IMPORT_STATUS_TONES[status] ?? 'closed'} testId="import-status" data={{ status }}>
      {tryT(t, `import.status.${status}`, status)}
    </StatusTag>
  );
}

export function reviewLink(batch: ImportBatch): string {
  if (batch.reviewRequestId === null || batch.reviewRequestId === undefined) return '/review';
  const status = batch.status === 'APPLIED' ? '&status=APPROVED' : batch.status === 'REJECTED' ? '&status=REJECTED' : '';
  return `/review?id=${encodeURIComponent(String(batch.reviewRequestId))}${status}`;
}

export function ImportOutcome({
  batch,
  compact = false,
  onOpenReport,
}: {
  batch: ImportBatch;
  compact?: boolean;
  onOpenReport?: () => void;
}) {
  const { t } = useI18n();
  switch (batch.status) {
    case 'INVALID':
      return (
        <Alert
          type="error"
          showIcon
          data-testid="import-outcome-invalid"
          title={t('import.invalidTitle', { count: batch.errorRows })}
          description={t('import.invalidHint')}
          action={
            compact && onOpenReport ? (
              <Button size="small" danger onClick={onOpenReport}>
                {t('import.viewReport')}
              </Button>
            ) : undefined
          }
        />
      );
    case 'PENDING_REVIEW':
      return (
        <Alert
          type="info"
          showIcon
          data-testid="import-outcome-pending"
          title={t('import.pendingTitle')}
          description={t('import.pendingHint', { count: batch.validRows })}
          action={
            <Space orientation="vertical">
              <Link to={reviewLink(batch)}>
                <Button size="small" type="primary">
                  {t('import.toReview')}
                </Button>
              </Link>
              {compact && onOpenReport && (
                <Button size="small" onClick={onOpenReport}>
                  {t('import.viewReport')}
                </Button>
              )}
            </Space>
          }
        />
      );
    case 'APPLIED':
      return (
        <Alert type="success" showIcon title={t('import.appliedTitle')} description={t('import.appliedHint', { count: batch.validRows })} />
      );
    case 'REJECTED':
      return <Alert type="warning" showIcon title={t('import.rejectedTitle')} description={t('import.rejectedHint')} />;
    default:
      return null;
  }
}

/** Error details the server attached (missing columns and the like), shown compactly. */
export function ErrorDetails({ details }: { details: unknown }) {
  if (details === undefined || details === null) return null;
  if (Array.isArray(details)) {
    return (
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {details.slice(0, 20).map((d, i) => (
          <li key={i}>{typeof d === 'string' ? d : compactJson(d)}</li>
        ))}
      </ul>
    );
  }
  if (typeof details === 'object') {
    const entries = Object.entries(details as Record<string, unknown>);
    return (
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {entries.map(([k, v]) => (
          <li key={k}>
            {k}: {Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : compactJson(x))).join('、') : compactJson(v)}
          </li>
        ))}
      </ul>
    );
  }
  return <span>{String(details)}</span>;
}
