/** One review request: who asked for what, the change as a diff, and (for a checker) approve / reject. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { CheckOutlined, CloseOutlined, FileSearchOutlined } from '@ant-design/icons';
import { isApiError, type Id } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { isImportType, reviewApi, type DiffRow, type ReviewRequest } from './api';
import { useReviewCount } from './pendingCount';
import { personText, ReviewStatusTag } from './ui';

function DiffCell({ value, changed, side }: { value: string | null; changed: boolean; side: 'before' | 'after' }) {
  if (value === null || value === undefined || value === '') {
    return <span className={changed ? `hn-diff-${side}-changed hn-diff-null` : 'hn-diff-null'}>—</span>;
  }
  return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{value}</span>;
}

function DiffTable({ diff }: { diff: DiffRow[] }) {
  const { t } = useI18n();
  const changed = (r: DiffRow) => (r.before ?? '') !== (r.after ?? '');
  const columns: TableColumnsType<DiffRow> = [
    { title: t('review.field'), dataIndex: 'label', width: '28%', render: (label: string, r) => label || r.field },
    {
      title: t('review.before'),
      dataIndex: 'before',
      onCell: (r) => ({ className: changed(r) ? 'hn-diff-before-changed' : undefined }),
      render: (v: string | null, r) => <DiffCell value={v} changed={changed(r)} side="before" />,
    },
    {
      title: t('review.after'),
      dataIndex: 'after',
      onCell: (r) => ({ className: changed(r) ? 'hn-diff-after-changed' : undefined }),
      render: (v: string | null, r) => <DiffCell value={v} changed={changed(r)} side="after" />,
    },
  ];
  return (
    <Table<DiffRow>
      size="small"
      bordered
      rowKey={(r) => r.field}
      columns={columns}
      dataSource={diff}
      pagination={diff.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: t('review.noDiff') }}
      data-testid="review-diff"
    />
  );
}

interface Props {
  id: Id | null;
  onClose: () => void;
  /** A decision was made; the list should reload. */
  onDecided: (r: ReviewRequest) => void;
}

export function ReviewDrawer({ id, onClose, onDecided }: Props) {
  const { t } = useI18n();
  const reviewCount = useReviewCount();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState(false);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);

  const {
    data: req,
    loading,
    error,
  } = useAsync((signal) => (id === null ? Promise.resolve(undefined) : reviewApi.get(id, signal)), [id], {
    enabled: id !== null,
    onError: showError,
  });

  const close = () => {
    setComment('');
    setCommentError(false);
    onClose();
  };

  const decide = async (kind: 'approve' | 'reject') => {
    if (!req) return;
    const text = comment.trim();
    if (kind === 'reject' && !text) {
      setCommentError(true);
      return;
    }
    setBusy(kind);
    try {
      const result = kind === 'approve' ? await reviewApi.approve(req.id, text || undefined) : await reviewApi.reject(req.id, text);
      showSuccess(t(kind === 'approve' ? 'review.approved' : 'review.rejected'));
      reviewCount.refresh();
      onDecided(result ?? req);
      close();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const canDecide = !!req && req.status === 'PENDING' && req.canCheck;

  let body;
  if (loading && !req) body = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  else if (error && !req) {
    body =
      isApiError(error) && error.status === 404 ? (
        <Result status="404" subTitle={error.message} />
      ) : (
        <Alert type="error" showIcon title={isApiError(error) ? error.message : String(error)} />
      );
  } else if (req) {
    body = (
      <>
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'type', label: t('review.type'), children: <Tag>{req.typeName || req.type}</Tag> },
            { key: 'title', label: t('review.titleCol'), children: req.title },
            { key: 'status', label: t('common.status'), children: <ReviewStatusTag status={req.status} /> },
            { key: 'maker', label: t('review.maker'), children: personText(req.maker) },
            { key: 'createdAt', label: t('review.createdAt'), children: formatDateTime(req.createdAt) },
            ...(req.status !== 'PENDING'
              ? [
                  { key: 'checker', label: t('review.checker'), children: personText(req.checker) },
                  { key: 'decidedAt', label: t('review.decidedAt'), children: formatDateTime(req.decidedAt) },
                  { key: 'comment', label: t('review.comment'), children: req.comment || '—' },
                ]
              : []),
          ]}
        />
        {isImportType(req.type) && req.importId !== null && req.importId !== undefined && (
          <div style={{ marginTop: 12 }}>
            <Link to={`/imports/${encodeURIComponent(String(req.importId))}`} data-testid="review-import-link">
              <FileSearchOutlined /> {t('review.importLink')}
            </Link>
          </div>
        )}
        <Divider titlePlacement="start">{t('review.diff')}</Divider>
        <DiffTable diff={req.diff ?? []} />
        {req.status === 'PENDING' && !req.canCheck && (
          <Alert
            type="info"
            showIcon
            title={t(req.cannotCheckReason ? `review.cannotCheck.${req.cannotCheckReason}` : 'review.cannotCheck')}
            style={{ marginTop: 16 }}
            data-testid="review-cannot-check"
          />
        )}
      </>
    );
  }

  const footer = canDecide ? (
    <Form layout="vertical" component="div">
      <Form.Item
        style={{ marginBottom: 12 }}
        validateStatus={commentError ? 'error' : undefined}
        help={commentError ? t('review.commentRequired') : undefined}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          placeholder={t('review.commentPlaceholder')}
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
            if (e.target.value.trim()) setCommentError(false);
          }}
          data-testid="review-comment"
        />
      </Form.Item>
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button
          danger
          icon={<CloseOutlined />}
          loading={busy === 'reject'}
          disabled={busy !== null}
          onClick={() => void decide('reject')}
          data-testid="review-reject"
        >
          {t('review.reject')}
        </Button>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={busy === 'approve'}
          disabled={busy !== null}
          onClick={() => void decide('approve')}
          data-testid="review-approve"
        >
          {t('review.approve')}
        </Button>
      </Space>
    </Form>
  ) : null;

  return (
    <Drawer
      open={id !== null}
      onClose={close}
      size={640}
      title={
        <Space>
          {t('review.detailTitle')}
          {req && <Typography.Text type="secondary">#{String(req.id)}</Typography.Text>}
        </Space>
      }
      footer={footer}
      destroyOnHidden
      data-testid="review-drawer"
    >
      {body}
    </Drawer>
  );
}
