/** One pre-credit batch: its people with the decision, limit and status (有效/已过期/已使用/未通过), filtered and exported. */
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { Button, Card, Select, Space, Typography } from 'antd';
import { IdcardOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { defineStatusTones, PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { PRE_CREDIT_STATUSES, preCreditApi, type PreCreditCardFigures, type PreCreditEntryView, type PreCreditStatus } from './api';

type Filters = { status?: PreCreditStatus };
const STATUS_TONES = defineStatusTones<PreCreditStatus>({ ACTIVE: 'success', EXPIRED: 'closed', USED: 'pending', DECLINED: 'danger' });

export function PreCreditBatchPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const batchId = Number(id);
  const list = usePagedQuery<PreCreditEntryView, Filters>((q, signal) => preCreditApi.entries(batchId, q, signal), { onError: showError });
  const { draft, setDraft, search, reset } = list;
  const columns = [
    { title: t('pc.rowNo'), dataIndex: 'rowNo', width: 70, fixed: 'left' as const },
    { title: t('pc.name'), dataIndex: 'nameMasked', width: 90 },
    { title: t('pc.idNumber'), dataIndex: 'idNumberMasked', width: 190, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('pc.mobile'), dataIndex: 'mobileMasked', width: 130, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('pc.outcome'), dataIndex: 'outcome', width: 90, render: (v: PreCreditEntryView['outcome']) => t(`pc.outcome.${v}`) },
    { title: t('pc.grade'), dataIndex: 'grade', width: 70 },
    {
      title: t('pc.limit'),
      dataIndex: 'limit',
      width: 130,
      align: 'right' as const,
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    { title: t('pc.rate'), dataIndex: 'annualRatePct', width: 100, render: (v: string | null) => v ?? '—' },
    {
      title: t('pc.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: PreCreditStatus) => (
        <StatusTag tone={STATUS_TONES[s]} data={{ status: s }}>
          {t(`pc.status.${s}`)}
        </StatusTag>
      ),
    },
    { title: t('pc.validUntil'), dataIndex: 'validUntil', width: 110 },
    { title: t('pc.reasons'), dataIndex: 'reasons', width: 220, render: (v: string[]) => v.join('、') || '—' },
    {
      title: t('pc.usedApplication'),
      dataIndex: 'usedApplicationId',
      width: 110,
      render: (v: number | null) => (v ? <Link to={`/applications/${v}`}>{v}</Link> : '—'),
    },
  ];
  return (
    <>
      <PageHeader title={t('pc.detail', { id: batchId })} extra={<Link to="/precredit">{t('pc.back')}</Link>} />
      <BatchCards batchId={batchId} />
      <Card>
        <PagedTable<PreCreditEntryView, Filters>
          query={list}
          columns={columns}
          rowKey="rowNo"
          settingsKey="precredit-entries"
          testId="precredit-entries-table"
          emptyText={t('pc.entriesEmpty')}
          scroll={{ x: 1500 }}
          exportTo={{ path: `/api/v1/precredit/batches/${batchId}/entries`, filename: t('pc.detail', { id: batchId }), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`precredit-entry-row-${r.rowNo}`)}
          toolbar={
            <>
              <Select<PreCreditStatus>
                allowClear
                style={{ width: 140 }}
                placeholder={t('pc.status')}
                value={draft.status}
                onChange={(v) => setDraft((f) => ({ ...f, status: v ?? undefined }))}
                options={PRE_CREDIT_STATUSES.map((s) => ({ value: s, label: t(`pc.status.${s}`) }))}
                data-testid="precredit-filter-status"
              />
              <Button type="primary" onClick={() => search()} data-testid="precredit-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
            </>
          }
        />
      </Card>
    </>
  );
}

/** The batch's pre-credit cards: issue (idempotent), print as a PDF, and the figures per branch (issued, activated, drawn). */
function BatchCards({ batchId }: { batchId: number }) {
  const { t } = useI18n();
  const can = useCan();
  const [busy, setBusy] = useState(false);
  const figures = usePagedQuery<PreCreditCardFigures, { batchId: number }>((q, signal) => preCreditApi.cardFigures(q, signal), {
    onError: showError,
    initialFilters: { batchId },
  });
  const issue = async () => {
    setBusy(true);
    try {
      const r = await preCreditApi.issueCards(batchId);
      showSuccess(t('pc.cards.issued', { issued: r.issued, cards: r.cards }));
      figures.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const print = () => preCreditApi.printCards(batchId, t('pc.cards.file', { id: batchId })).catch(showError);
  const columns = [
    { title: t('pc.cards.branch'), dataIndex: 'branchName', width: 160 },
    { title: t('pc.cards.issuedCount'), dataIndex: 'issued', width: 90, align: 'right' as const },
    { title: t('pc.cards.activated'), dataIndex: 'activated', width: 90, align: 'right' as const },
    { title: t('pc.cards.drawnLoans'), dataIndex: 'drawnLoans', width: 90, align: 'right' as const },
    {
      title: t('pc.cards.drawnAmount'),
      dataIndex: 'drawnAmount',
      width: 140,
      align: 'right' as const,
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
  ];
  return (
    <Card title={t('pc.cards')} style={{ marginBottom: 16 }} data-testid="precredit-cards">
      <Typography.Paragraph type="secondary">{t('pc.cards.hint')}</Typography.Paragraph>
      <PagedTable<PreCreditCardFigures, { batchId: number }>
        query={figures}
        columns={columns}
        rowKey="branchId"
        settingsKey="precredit-card-figures"
        testId="precredit-card-figures"
        emptyText={t('pc.cards.empty')}
        exportTo={{ path: '/api/v1/precredit/card-figures', filename: t('pc.cards.figures'), onError: showError }}
        toolbar={
          <Space>
            {can('precredit:card:issue') ? (
              <Button
                type="primary"
                icon={<IdcardOutlined />}
                loading={busy}
                onClick={() => void issue()}
                data-testid="precredit-cards-issue"
              >
                {t('pc.cards.issue')}
              </Button>
            ) : null}
            <Button icon={<PrinterOutlined />} onClick={() => void print()} data-testid="precredit-cards-print">
              {t('pc.cards.print')}
            </Button>
          </Space>
        }
      />
    </Card>
  );
}
