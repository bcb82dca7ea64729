/**
 * One referred (or contested) application for the approver: who, what was asked, the engine's answer
 * with its trace, and the decision. Approving may lower the limit below the engine's suggestion and
 * raise the rate above it (up to the product's ceiling), never the other way; declining needs a comment.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Divider, Drawer, Form, Input, Result, Space, Spin, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, FileSearchOutlined } from '@ant-design/icons';
import { isApiError, type Id } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError, showSuccess } from '../shell/feedback';
import { originationApi, type ApplicationDetail, type PublicProduct } from './api';
import { ApplicantSection, DecisionSection } from './ApplicationView';
import { fenToYuan, rateToScaled, yuan, yuanToFen } from './money';
import { Countdown, useProducts } from './ui';

export interface ApprovalBounds {
  /** Default and highest limit, yuan. */
  limitDefault: string;
  /** Whether the cap is the engine's offer (else the product's maximum). */
  limitFromEngine: boolean;
  limitMaxFen: bigint | null;
  limitMinFen: bigint;
  rateDefault: string;
  rateMin: string | null;
  rateMax: string | null;
}

/** What the approver may grant: at most the engine's limit, at least its rate (else the product's range). */
export function approvalBounds(app: ApplicationDetail, product: PublicProduct | null): ApprovalBounds {
  const suggestedLimit = app.decision?.limit ?? app.approvedLimit;
  const suggestedFen = yuanToFen(suggestedLimit);
  const requestedFen = yuanToFen(app.requestedAmount);
  const productMaxFen = yuanToFen(product?.maxAmount);
  const productMinFen = yuanToFen(product?.minAmount) ?? 1n;
  const hasSuggestion = suggestedFen !== null && suggestedFen > 0n;
  const limitMaxFen = hasSuggestion ? suggestedFen : (productMaxFen ?? requestedFen);
  let defaultFen = hasSuggestion ? suggestedFen : (requestedFen ?? productMinFen);
  if (limitMaxFen !== null && defaultFen > limitMaxFen) defaultFen = limitMaxFen;

  const suggestedRate = app.decision?.annualRatePct ?? app.annualRatePct;
  const rateScaled = rateToScaled(suggestedRate);
  const hasRate = rateScaled !== null && rateScaled > 0n;
  return {
    limitDefault: fenToYuan(defaultFen),
    limitFromEngine: hasSuggestion,
    limitMaxFen,
    limitMinFen: productMinFen,
    rateDefault: hasRate ? (suggestedRate as string) : (product?.indicativeRate?.minPct ?? ''),
    rateMin: hasRate ? (suggestedRate as string) : (product?.indicativeRate?.minPct ?? null),
    rateMax: product?.indicativeRate?.maxPct ?? null,
  };
}

interface Props {
  id: Id | null;
  onClose: () => void;
  onDecided: () => void;
}

export function ReferralDrawer({ id, onClose, onDecided }: Props) {
  const { t } = useI18n();
  const products = useProducts();
  const [limit, setLimit] = useState('');
  const [rate, setRate] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ limit?: string; rate?: string; comment?: string }>({});
  const [busy, setBusy] = useState<'approve' | 'decline' | null>(null);

  const {
    data: app,
    loading,
    error,
  } = useAsync((signal) => (id === null ? Promise.resolve(undefined) : originationApi.application(id, signal)), [id], {
    enabled: id !== null,
    onError: showError,
  });
  const product = products.find(app?.productCode);
  const bounds = app ? approvalBounds(app, product) : null;

  useEffect(() => {
    if (!bounds) return;
    setLimit(bounds.limitDefault);
    setRate(bounds.rateDefault);
    setComment('');
    setErrors({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [app?.id, bounds?.limitDefault, bounds?.rateDefault]);

  const close = () => {
    setErrors({});
    onClose();
  };

  const decide = async (kind: 'approve' | 'decline') => {
    if (!app || !bounds) return;
    const e: typeof errors = {};
    const text = comment.trim();
    if (kind === 'decline' && !text) e.comment = t('orig.ref.commentRequired');
    if (kind === 'approve') {
      const fen = yuanToFen(limit);
      if (fen === null || fen <= 0n) e.limit = t('orig.ref.limitFormat');
      else if (bounds.limitMaxFen !== null && fen > bounds.limitMaxFen)
        e.limit = t('orig.ref.limitTooHigh', { max: yuan(fenToYuan(bounds.limitMaxFen)) });
      else if (fen < bounds.limitMinFen) e.limit = t('orig.ref.limitTooLow', { min: yuan(fenToYuan(bounds.limitMinFen)) });
      const r = rateToScaled(rate);
      const rMin = rateToScaled(bounds.rateMin);
      const rMax = rateToScaled(bounds.rateMax);
      if (r === null || r <= 0n) e.rate = t('orig.ref.rateFormat');
      else if (rMin !== null && r < rMin) e.rate = t('orig.ref.rateTooLow', { min: bounds.rateMin ?? '' });
      else if (rMax !== null && r > rMax) e.rate = t('orig.ref.rateTooHigh', { max: bounds.rateMax ?? '' });
    }
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(kind);
    try {
      if (kind === 'approve') {
        await originationApi.decide(app.id, {
          outcome: 'APPROVE',
          limit: fenToYuan(yuanToFen(limit) ?? 0n),
          annualRatePct: rate.trim(),
          comment: text || t('orig.ref.defaultApproveComment'),
        });
        showSuccess(t('orig.ref.approved'));
      } else {
        await originationApi.decide(app.id, { outcome: 'DECLINE', comment: text });
        showSuccess(t('orig.ref.declined'));
      }
      onDecided();
      close();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  const open = id !== null;
  const pending = !!app && (app.status === 'REFERRED' || app.status === 'MANUAL_REVIEW');

  let body;
  if (loading && !app) body = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  else if (error && !app) {
    body =
      isApiError(error) && error.status === 404 ? (
        <Result status="404" subTitle={error.message} />
      ) : (
        <Alert type="error" showIcon title={isApiError(error) ? error.message : String(error)} />
      );
  } else if (app) {
    body = (
      <div data-testid="referral-drawer">
        {app.status === 'MANUAL_REVIEW' ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('orig.ref.manualReviewBanner')}
            description={app.manualReviewReason ?? undefined}
          />
        ) : (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('orig.ref.engineBanner')} />
        )}
        {app.deadlineAt && (
          <div style={{ marginBottom: 12 }}>
            {t('orig.deadline')}：<Countdown deadlineAt={app.deadlineAt} overdue={app.overdue} />
          </div>
        )}
        <ApplicantSection app={app} compact />
        <Divider titlePlacement="start">{t('orig.section.decision')}</Divider>
        <DecisionSection app={app} />
        <div style={{ marginTop: 12 }}>
          <Link to={`/applications/${encodeURIComponent(String(app.id))}`}>
            <FileSearchOutlined /> {t('orig.ref.openDetail')}
          </Link>
        </div>
        {!pending && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 16 }}
            title={t('orig.ref.alreadyDecided', { status: tryT(t, `orig.status.${app.status}`, app.status) })}
          />
        )}
      </div>
    );
  }

  const footer =
    pending && bounds ? (
      <Form layout="vertical" component="div">
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item
            label={t('orig.ref.limit')}
            style={{ marginBottom: 8, minWidth: 220 }}
            validateStatus={errors.limit ? 'error' : undefined}
            help={
              errors.limit ??
              (bounds.limitMaxFen !== null
                ? t(bounds.limitFromEngine ? 'orig.ref.limitHint' : 'orig.ref.limitHintProduct', {
                    max: yuan(fenToYuan(bounds.limitMaxFen)),
                  })
                : undefined)
            }
          >
            <Input value={limit} onChange={(e) => setLimit(e.target.value)} prefix="¥" inputMode="decimal" data-testid="referral-limit" />
          </Form.Item>
          <Form.Item
            label={t('orig.ref.rate')}
            style={{ marginBottom: 8, minWidth: 200 }}
            validateStatus={errors.rate ? 'error' : undefined}
            help={errors.rate ?? (bounds.rateMin ? t('orig.ref.rateHint', { min: bounds.rateMin, max: bounds.rateMax ?? '—' }) : undefined)}
          >
            <Input value={rate} onChange={(e) => setRate(e.target.value)} suffix="%" inputMode="decimal" data-testid="referral-rate" />
          </Form.Item>
        </Space>
        <Form.Item style={{ marginBottom: 12 }} validateStatus={errors.comment ? 'error' : undefined} help={errors.comment}>
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('orig.ref.commentPlaceholder')}
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              if (e.target.value.trim()) setErrors((x) => ({ ...x, comment: undefined }));
            }}
            data-testid="referral-comment"
          />
        </Form.Item>
        <Space>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={busy === 'approve'}
            disabled={busy !== null}
            onClick={() => void decide('approve')}
            data-testid="referral-approve"
          >
            {t('orig.ref.approve')}
          </Button>
          <Button
            danger
            icon={<CloseOutlined />}
            loading={busy === 'decline'}
            disabled={busy !== null}
            onClick={() => void decide('decline')}
            data-testid="referral-decline"
          >
            {t('orig.ref.decline')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('orig.ref.footerHint')}
          </Typography.Text>
        </Space>
      </Form>
    ) : null;

  return (
    <Drawer
      open={open}
      onClose={close}
      size={760}
      title={
        <Space>
          {t('orig.ref.drawerTitle')}
          {app && <Typography.Text type="secondary">#{String(app.id)}</Typography.Text>}
        </Space>
      }
      footer={footer}
      destroyOnHidden
    >
      {body}
    </Drawer>
  );
}
