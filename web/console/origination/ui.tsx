/** Shared pieces of the origination pages: tags, product names, reasons, the decision trace, countdowns. */
import { useEffect, useState } from 'react';
import { Descriptions, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { pickLang } from '../../shared/i18n';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { compactJson } from '../shell/format';
import {
  APPLICATION_STATUS_COLORS,
  CREDIT_LINE_STATUS_COLORS,
  originationApi,
  PRODUCT_CODES,
  type ApplicationStatus,
  type Decision,
  type FiredRule,
  type PublicProduct,
  type Reason,
} from './api';
import { yuan } from './money';
import './origination.css';

export function ApplicationStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={APPLICATION_STATUS_COLORS[status as ApplicationStatus] ?? 'default'} data-testid={`application-status-${status}`}>
      {tryT(t, `orig.status.${status}`, status)}
    </Tag>
  );
}

export function CreditLineStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag color={CREDIT_LINE_STATUS_COLORS[status] ?? 'default'}>{tryT(t, `orig.lineStatus.${status}`, status)}</Tag>;
}

export function OutcomeTag({ outcome }: { outcome: string | null | undefined }) {
  const { t } = useI18n();
  if (!outcome) return <>—</>;
  const color = outcome === 'APPROVE' ? 'green' : outcome === 'DECLINE' ? 'red' : outcome === 'REFER' ? 'orange' : 'default';
  return <Tag color={color}>{tryT(t, `orig.outcome.${outcome}`, outcome)}</Tag>;
}

let productsCache: Promise<PublicProduct[]> | null = null;
function loadProducts(): Promise<PublicProduct[]> {
  productsCache ??= originationApi.products().then(
    (items) => items,
    (e: unknown) => {
      productsCache = null;
      throw e;
    },
  );
  return productsCache;
}

/** The public products list, loaded once; names fall back to the built-in ones. */
export function useProducts() {
  const { t, lang } = useI18n();
  const { data, error } = useAsync(() => loadProducts(), []);
  const list = data ?? [];
  const nameOf = (code: string | null | undefined): string => {
    if (!code) return '—';
    const p = list.find((x) => x.code === code);
    return p ? pickLang(lang, p.nameZh, p.nameEn) : tryT(t, `orig.product.${code}`, code);
  };
  const codes: string[] = list.length ? list.map((p) => p.code) : [...PRODUCT_CODES];
  const options = codes.map((c) => ({ value: c, label: nameOf(c) }));
  const find = (code: string | null | undefined) => list.find((x) => x.code === code) ?? null;
  return { list, error, nameOf, options, find };
}

export function reasonText(r: Reason, lang: string): string {
  if (lang === 'en') return r.messageEn || r.message || r.messageZh || r.code;
  return r.messageZh || r.message || r.messageEn || r.code;
}

/** Reasons with their codes; both languages where the API gives both. */
export function ReasonList({ reasons }: { reasons: Reason[] | undefined | null }) {
  const { t } = useI18n();
  if (!reasons || reasons.length === 0) return <Typography.Text type="secondary">{t('orig.noReasons')}</Typography.Text>;
  return (
    <ul className="hn-orig-reasons" data-testid="decision-reasons">
      {reasons.map((r) => (
        <li key={r.code}>
          <Tag>{r.code}</Tag>
          <span>{r.messageZh || r.message || r.code}</span>
          {r.messageEn && r.messageEn !== (r.messageZh || r.message) && (
            <div>
              <Typography.Text type="secondary">{r.messageEn}</Typography.Text>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

export function formatDuration(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return '—';
  if (micros < 1000) return `${micros} µs`;
  if (micros < 1_000_000) return `${(micros / 1000).toFixed(1)} ms`;
  return `${(micros / 1_000_000).toFixed(2)} s`;
}

/** Outcome, score, grade, offer, policy version and evaluation time of a decision. */
export function DecisionSummary({ decision, fallback }: { decision: Decision | null | undefined; fallback?: Partial<Decision> }) {
  const { t } = useI18n();
  const d = { ...(fallback ?? {}), ...(decision ?? {}) } as Decision;
  if (!decision && !fallback?.outcome) return <Empty description={t('orig.noDecision')} />;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2, lg: 3 }}
      data-testid="decision-summary"
      items={[
        { key: 'outcome', label: t('orig.outcome'), children: <OutcomeTag outcome={d.outcome} /> },
        { key: 'score', label: t('orig.score'), children: d.score ?? '—' },
        { key: 'grade', label: t('orig.grade'), children: d.grade ?? '—' },
        { key: 'limit', label: t('orig.limit'), children: yuan(d.limit) },
        { key: 'rate', label: t('orig.rate'), children: d.annualRatePct ? `${d.annualRatePct}%` : '—' },
        { key: 'policy', label: t('orig.policyVersion'), children: d.policyVersion ?? '—' },
        { key: 'duration', label: t('orig.duration'), children: formatDuration(d.durationMicros) },
      ]}
    />
  );
}

/** Every node of the policy that produced something, in evaluation order: node, rule, output. */
export function DecisionTrace({ rules }: { rules: FiredRule[] | undefined | null }) {
  const { t } = useI18n();
  const rows = (rules ?? []).map((r, i) => ({ ...r, key: i }));
  const columns: TableColumnsType<FiredRule & { key: number }> = [
    { title: '#', key: 'i', width: 48, render: (_: unknown, __, i) => i + 1 },
    {
      title: t('orig.trace.node'),
      key: 'node',
      width: 200,
      render: (_: unknown, r) => (
        <>
          <div>{r.nodeName || r.nodeId || '—'}</div>
          {r.nodeName && r.nodeId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.nodeId}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('orig.trace.rule'),
      dataIndex: 'ruleId',
      width: 160,
      render: (v: string | undefined) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
    },
    {
      title: t('orig.trace.output'),
      dataIndex: 'output',
      render: (v: unknown) => <code className="hn-orig-json">{compactJson(v) || '—'}</code>,
    },
  ];
  return (
    <Table
      size="small"
      bordered
      rowKey="key"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: t('orig.trace.empty') }}
      scroll={{ x: 720 }}
      data-testid="decision-trace"
    />
  );
}

/** Milliseconds left until the deadline, ticking every 30 s (negative once overdue). */
export function useRemaining(deadlineAt: string | null | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!deadlineAt) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [deadlineAt]);
  if (!deadlineAt) return null;
  const at = new Date(deadlineAt).getTime();
  return Number.isNaN(at) ? null : at - now;
}

export function Countdown({ deadlineAt, overdue }: { deadlineAt: string | null | undefined; overdue?: boolean }) {
  const { t } = useI18n();
  const left = useRemaining(deadlineAt);
  if (left === null) return <>—</>;
  const late = overdue || left <= 0;
  const abs = Math.abs(left);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = h > 0 ? t('orig.hm', { h, m }) : t('orig.m', { m });
  return late ? (
    <Typography.Text type="danger" strong data-testid="referral-overdue">
      {t('orig.overdueBy', { span })}
    </Typography.Text>
  ) : (
    <Typography.Text type={left < 2 * 3_600_000 ? 'warning' : undefined}>{t('orig.timeLeft', { span })}</Typography.Text>
  );
}
