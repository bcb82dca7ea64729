import { useState, type ComponentProps } from 'react';
import { App, Button, Card, DatePicker, Input, Popover, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { compactJson, formatDateTime, prettyJson } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { RoleTags } from '../shell/roles';
import { auditApi, type AuditEntry, type AuditVerifyResult } from './api';

type RangeValue = Parameters<NonNullable<ComponentProps<typeof DatePicker.RangePicker>['onChange']>>[0];

type Filters = {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
};

function SummaryCell({ summary }: { summary: unknown }) {
  const text = compactJson(summary);
  if (!text) return <span className="hn-diff-null">—</span>;
  return (
    <Popover content={<pre className="hn-json">{prettyJson(summary)}</pre>} trigger="click" styles={{ root: { maxWidth: 520 } }}>
      <Typography.Text className="hn-mono" ellipsis style={{ maxWidth: 360, cursor: 'pointer' }}>
        {text}
      </Typography.Text>
    </Popover>
  );
}

export function AuditPage() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [draft, setDraft] = useState<Filters>({});
  const [range, setRange] = useState<RangeValue>(null);
  const [verifying, setVerifying] = useState(false);

  const list = usePagedQuery<AuditEntry, Filters>((q, signal) => auditApi.logs(q, signal), { onError: showError });
  const { reload } = list;

  const search = () => {
    const [start, end] = range ?? [null, null];
    list.search({
      action: draft.action?.trim() || undefined,
      actor: draft.actor?.trim() || undefined,
      from: start ? start.startOf('day').toISOString() : undefined,
      to: end ? end.endOf('day').toISOString() : undefined,
    });
  };

  const resetFilters = () => {
    setDraft({});
    setRange(null);
    list.reset();
  };

  const verify = async () => {
    setVerifying(true);
    try {
      const r: AuditVerifyResult = await auditApi.verify();
      const broken = r.brokenAt ?? null;
      if (r.ok) {
        modal.success({
          title: t('audit.verifyOk'),
          content: <span data-testid="audit-verify-result">{t('audit.verifyOkDetail', { rows: r.rows })}</span>,
        });
      } else {
        modal.error({
          title: t('audit.verifyBroken'),
          content: (
            <span data-testid="audit-verify-result">
              {broken
                ? t('audit.verifyBrokenDetail', { rows: r.rows, chain: broken.chain, seq: broken.seq, reason: broken.reason })
                : t('audit.verifyBrokenNoSeq', { rows: r.rows })}
            </span>
          ),
        });
      }
    } catch (e) {
      showError(e);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.chain'), dataIndex: 'chain', width: 90, align: 'right', fixed: 'left' },
    { title: t('audit.seq'), dataIndex: 'seq', width: 80, align: 'right', fixed: 'left' },
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 200,
      render: (_: unknown, r) =>
        r.actorUsername ? (
          <Space orientation="vertical" size={2}>
            <span className="hn-mono">{r.actorUsername}</span>
            {r.actorRoles?.length > 0 && <RoleTags codes={r.actorRoles} />}
          </Space>
        ) : (
          <Tag>{t('audit.system')}</Tag>
        ),
    },
    { title: t('audit.action'), dataIndex: 'action', width: 180, render: (v: string) => <Tag color="blue">{v}</Tag> },
    {
      title: t('audit.target'),
      key: 'target',
      width: 180,
      render: (_: unknown, r) =>
        r.targetType ? (
          <span className="hn-mono">
            {r.targetType}
            {r.targetId !== null && r.targetId !== undefined ? `#${r.targetId}` : ''}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('audit.summary'), dataIndex: 'summary', render: (v: unknown) => <SummaryCell summary={v} /> },
    { title: t('audit.ip'), dataIndex: 'clientIp', width: 130, render: (v: string | null) => <span className="hn-mono">{v ?? '—'}</span> },
    {
      title: t('audit.hash'),
      dataIndex: 'hash',
      width: 130,
      render: (v: string) =>
        v ? (
          <Typography.Text className="hn-mono" copyable={{ text: v }} title={v}>
            {v.slice(0, 10)}…
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verifying}
            onClick={() => void verify()}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        }
      />
      <Card>
        <PagedTable<AuditEntry, Filters>
          query={list}
          columns={columns}
          settingsKey="audit"
          toolbar={
            <>
              <Input
                allowClear
                style={{ width: 200 }}
                placeholder={t('audit.actionPlaceholder')}
                value={draft.action}
                onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
                onPressEnter={search}
                data-testid="audit-filter-action"
              />
              <Input
                allowClear
                style={{ width: 180 }}
                placeholder={t('audit.actorPlaceholder')}
                value={draft.actor}
                onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))}
                onPressEnter={search}
                data-testid="audit-filter-actor"
              />
              <DatePicker.RangePicker value={range} onChange={setRange} />
              <Button type="primary" onClick={search} data-testid="audit-search">
                {t('common.search')}
              </Button>
              <Button onClick={resetFilters}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
          exportTo={{ path: '/api/v1/audit/logs', filename: t('audit.title'), onError: showError }}
          rowKey={(r) => `${r.chain}:${r.seq}`}
          tableLayout={undefined}
          scroll={{ x: 1300 }}
          emptyText={t('audit.empty')}
        />
      </Card>
    </>
  );
}
