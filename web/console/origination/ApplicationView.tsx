/**
 * The parts of one application, shared by the detail page and the approver's drawer: the applicant
 * (masked) and the request, the consents with their text versions and times, the decision with its
 * reasons and trace, the guarantee, the pledges and the events.
 */
import { Link } from 'react-router-dom';
import { Alert, Collapse, Descriptions, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { formatDateTime, prettyJson } from '../shell/format';
import { originationApi, type ApplicationDetail, type Guarantee, type Pledge } from './api';
import { yuan } from './money';
import { ApplicationStatusTag, DecisionSummary, DecisionTrace, ReasonList, useProducts } from './ui';

/** The applicant as the decision saw them (age, region, occupation, income); null before a decision. */
function applicantFacts(app: ApplicationDetail) {
  const a = app.decision?.input.applicant;
  return {
    occupation: a?.occupation ?? null,
    monthlyIncome: a?.monthlyIncome || null,
    age: a?.age ?? null,
    regionCode: a?.regionCode || null,
    yearsAsCustomer: a?.yearsAsCustomer ?? null,
  };
}

/** The request and the applicant: the decision's facts first, the customer record (masked) for the rest. */
export function ApplicantSection({ app, compact }: { app: ApplicationDetail; compact?: boolean }) {
  const { t } = useI18n();
  const can = useCan();
  const products = useProducts();
  const customer = useAsync((signal) => originationApi.customer(app.customerId, signal), [app.customerId], {
    enabled: can('customer:read'),
  });
  const c = customer.data;
  const facts = applicantFacts(app);
  const occupation = facts.occupation ?? c?.occupation ?? null;
  const income = facts.monthlyIncome ?? c?.monthlyIncome ?? null;
  return (
    <Descriptions
      size="small"
      bordered
      column={compact ? { xs: 1, sm: 2 } : { xs: 1, sm: 2, lg: 3 }}
      data-testid="application-applicant"
      items={[
        { key: 'name', label: t('orig.customer'), children: app.customerNameMasked ?? c?.nameMasked ?? '—' },
        { key: 'id', label: t('orig.idNumber'), children: c?.idNumberMasked ?? '—' },
        { key: 'mobile', label: t('orig.mobile'), children: c?.mobileMasked ?? '—' },
        { key: 'age', label: t('orig.age'), children: facts.age ?? c?.age ?? '—' },
        { key: 'region', label: t('orig.region'), children: facts.regionCode ?? c?.regionCode ?? '—' },
        { key: 'years', label: t('orig.yearsAsCustomer'), children: facts.yearsAsCustomer ?? c?.yearsAsCustomer ?? '—' },
        { key: 'occupation', label: t('orig.occupation'), children: occupation ? tryT(t, `orig.occ.${occupation}`, occupation) : '—' },
        { key: 'income', label: t('orig.income'), children: yuan(income) },
        { key: 'customerId', label: t('orig.customerId'), children: app.customerId },
        { key: 'product', label: t('orig.product'), children: products.nameOf(app.productCode) },
        { key: 'channel', label: t('orig.channel'), children: app.channel ? tryT(t, `orig.channel.${app.channel}`, app.channel) : '—' },
        { key: 'status', label: t('common.status'), children: <ApplicationStatusTag status={app.status} /> },
        { key: 'amount', label: t('orig.requested'), children: yuan(app.requestedAmount) },
        { key: 'term', label: t('orig.term'), children: app.termMonths ? t('orig.months', { n: app.termMonths }) : '—' },
        {
          key: 'method',
          label: t('orig.method'),
          children: app.repaymentMethod ? tryT(t, `orig.method.${app.repaymentMethod}`, app.repaymentMethod) : '—',
        },
        { key: 'createdAt', label: t('orig.createdAt'), children: formatDateTime(app.createdAt) },
        { key: 'branch', label: t('orig.branch'), children: c?.branchName ?? app.branchId },
        { key: 'officer', label: t('orig.officer'), children: c?.officerName ?? (app.officerId ? `#${app.officerId}` : '—') },
        ...(app.deadlineAt ? [{ key: 'deadline', label: t('orig.deadline'), children: formatDateTime(app.deadlineAt) }] : []),
        ...(app.creditLineId !== null
          ? [
              {
                key: 'line',
                label: t('orig.creditLine'),
                children: (
                  <Link to={`/credit-lines/${encodeURIComponent(String(app.creditLineId))}`} data-testid="application-line-link">
                    #{app.creditLineId}
                  </Link>
                ),
              },
            ]
          : []),
        ...(app.manualReviewReason ? [{ key: 'mr', label: t('orig.manualReviewReason'), children: app.manualReviewReason }] : []),
        ...(app.decidedComment ? [{ key: 'dc', label: t('orig.decidedComment'), children: app.decidedComment }] : []),
      ]}
    />
  );
}

type Consent = ApplicationDetail['consents'][number];

export function ConsentsSection({ consents }: { consents: Consent[] }) {
  const { t } = useI18n();
  return (
    <Table<Consent>
      size="small"
      bordered
      rowKey={(c) => c.kind}
      pagination={false}
      dataSource={consents}
      locale={{ emptyText: t('orig.consents.empty') }}
      data-testid="application-consents"
      columns={[
        { title: t('orig.consents.kind'), dataIndex: 'kind', render: (k: string) => tryT(t, `orig.consent.${k}`, k) },
        {
          title: t('orig.consents.version'),
          key: 'version',
          width: 160,
          render: (_: unknown, c) => <Typography.Text code>{c.textVersion}</Typography.Text>,
        },
        { title: t('orig.consents.at'), key: 'at', width: 200, render: (_: unknown, c) => formatDateTime(c.grantedAt) },
      ]}
    />
  );
}

/** Decision summary, reasons, the fired-rule trace and (folded) the engine's input. */
export function DecisionSection({ app }: { app: ApplicationDetail }) {
  const { t } = useI18n();
  const d = app.decision;
  const reasons = d?.reasons ?? app.reasons;
  return (
    <>
      <DecisionSummary
        decision={d}
        fallback={{ outcome: app.outcome, grade: app.grade, score: app.score, limit: app.approvedLimit, annualRatePct: app.annualRatePct }}
      />
      {d?.limitCap && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="decision-limit-cap"
          title={t('orig.decision.capped', {
            uncapped: yuan(d.limitCap.uncappedLimit),
            cap: yuan(d.limitCap.cap),
            limit: yuan(d.limitCap.limit),
          })}
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('orig.reasons')}
      </Typography.Title>
      <ReasonList reasons={reasons} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('orig.trace')}
      </Typography.Title>
      <DecisionTrace rules={d?.firedRules} />
      {d && (
        <Collapse
          style={{ marginTop: 12 }}
          size="small"
          items={[{ key: 'input', label: t('orig.input'), children: <pre className="hn-orig-pre">{prettyJson(d.input)}</pre> }]}
        />
      )}
    </>
  );
}

export function GuaranteeSection({ guarantees }: { guarantees: Guarantee[] }) {
  const { t } = useI18n();
  if (guarantees.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orig.guarantee.none')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="application-guarantee">
      {guarantees.map((g, i) => (
        <Descriptions
          key={String(g.id ?? i)}
          size="small"
          bordered
          column={{ xs: 1, sm: 2 }}
          items={[
            {
              key: 'guarantor',
              label: t(g.role === 'CO_BORROWER' ? 'orig.guarantee.role.CO_BORROWER' : 'orig.guarantee.guarantor'),
              children: <span data-testid={`application-party-${g.role ?? 'GUARANTOR'}`}>{g.guarantorNameMasked ?? '—'}</span>,
            },
            {
              key: 'status',
              label: t('common.status'),
              children: (
                <Tag color={g.status === 'CONFIRMED' ? 'green' : g.status === 'INVITED' ? 'blue' : 'default'}>
                  {tryT(t, `orig.guarantee.${g.status}`, g.status)}
                </Tag>
              ),
            },
            {
              key: 'kind',
              label: t('orig.guarantee.kind'),
              children: t(g.role === 'CO_BORROWER' ? 'orig.guarantee.coBorrowing' : 'orig.guarantee.joint'),
            },
            { key: 'version', label: t('orig.consents.version'), children: g.textVersion ?? '—' },
            { key: 'confirmedAt', label: t('orig.guarantee.confirmedAt'), children: formatDateTime(g.confirmedAt) },
          ]}
        />
      ))}
    </Space>
  );
}

export function PledgesTable({ pledges }: { pledges: Pledge[] | undefined }) {
  const { t } = useI18n();
  if (!pledges || pledges.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orig.pledges.none')} />;
  return (
    <Table<Pledge>
      size="small"
      bordered
      rowKey={(p) => p.cdNo}
      pagination={false}
      dataSource={pledges}
      data-testid="pledges"
      columns={[
        { title: t('orig.pledges.cdNo'), dataIndex: 'cdNo' },
        { title: t('orig.pledges.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => yuan(v) },
        { title: t('orig.pledges.maturity'), dataIndex: 'maturityDate' },
        { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{tryT(t, `orig.pledge.${s}`, s)}</Tag> },
      ]}
    />
  );
}

/** A moment of an application's history: a recorded event, or one the application itself tells. */
interface TimelineEvent {
  kind: string;
  at: string | null;
  officerId?: number | null;
  actorName?: string;
  detail?: string;
}

function eventLabel(t: ReturnType<typeof useI18n>['t'], e: TimelineEvent): string {
  return tryT(t, `orig.event.${e.kind}`, e.kind);
}

/**
 * The history of an application: the events the server records (543 service moments) merged with
 * what the application itself tells (submitted, decided, guarantee confirmed), oldest first.
 */
export function timelineOf(app: ApplicationDetail): TimelineEvent[] {
  const out: TimelineEvent[] = app.events.map((e) => ({ kind: e.kind, at: e.occurredAt, officerId: e.officerId }));
  const has = (kind: string) => out.some((e) => e.kind === kind);
  if (app.createdAt && !has('SUBMIT') && !has('SUBMITTED')) out.push({ kind: 'SUBMITTED', at: app.createdAt });
  const d = app.decision;
  if (d && d.createdAt && !has('DECIDED')) out.push({ kind: 'DECIDED', at: d.createdAt, detail: d.outcome });
  for (const g of app.guarantees)
    if (g.confirmedAt)
      out.push({
        kind: g.role === 'CO_BORROWER' ? 'CO_BORROWER_CONFIRMED' : 'GUARANTEE_CONFIRMED',
        at: g.confirmedAt,
        actorName: g.guarantorNameMasked,
      });
  const time = (e: TimelineEvent) => new Date(e.at ?? 0).getTime();
  return out.sort((a, b) => time(a) - time(b));
}

function eventDetail(t: ReturnType<typeof useI18n>['t'], e: TimelineEvent): string | null {
  if (e.kind === 'DECIDED' && e.detail) return t('orig.event.outcome', { outcome: tryT(t, `orig.outcome.${e.detail}`, e.detail) });
  return e.detail ?? null;
}

export function EventsSection({ app }: { app: ApplicationDetail }) {
  const { t } = useI18n();
  const events = timelineOf(app);
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orig.events.none')} />;
  return (
    <Timeline
      data-testid="application-events"
      items={events.map((e, i) => {
        const actor = e.actorName ?? null;
        const detail = eventDetail(t, e);
        return {
          key: i,
          content: (
            <>
              <Typography.Text strong>{eventLabel(t, e)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {formatDateTime(e.at)}
              </Typography.Text>
              {actor && <div>{actor}</div>}
              {!actor && e.officerId !== null && e.officerId !== undefined && (
                <div>{t('orig.event.officer', { id: String(e.officerId) })}</div>
              )}
              {detail && <div style={{ color: '#555' }}>{detail}</div>}
            </>
          ),
        };
      })}
    />
  );
}
