/** 检查问题: findings in scope, late ones first, with rectify and AB-verify actions on each finding's page. */
import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Select, Switch, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { FINDING_SEVERITIES, FINDING_STATUSES, inspectionApi, type FindingSeverity, type FindingStatus, type FindingSummary } from './api';
import { FindingStatusTag, InspectionNav, SeverityTag, useInspectionRights } from './ui';

type Filters = { status?: FindingStatus; severity?: FindingSeverity; late?: 'true'; recheck?: 'true' };

export function FindingsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const rights = useInspectionRights();
  const list = usePagedQuery<FindingSummary, Filters>((q, signal) => inspectionApi.findings(q, signal), { onError: showError });
  const { draft, setDraft, search, reset, reload } = list;

  const columns: TableColumnsType<FindingSummary> = [
    {
      title: '#',
      dataIndex: 'id',
      width: 90,
      fixed: 'left',
      render: (id: number) => (
        <Typography.Link className="hn-mono" data-testid={`insp-finding-link-${id}`}>
          {id}
        </Typography.Link>
      ),
    },
    {
      title: t('insp.finding.severity'),
      dataIndex: 'severity',
      width: 90,
      sorter: true,
      render: (v: FindingSeverity) => <SeverityTag severity={v} />,
    },
    { title: t('insp.finding.description'), dataIndex: 'description', width: 280, ellipsis: true },
    { title: t('insp.task.loan'), dataIndex: 'loanId', width: 100 },
    { title: t('insp.task.customer'), dataIndex: 'customerNameMasked', width: 100, render: (v: string | null, r) => v ?? r.customerId },
    { title: t('insp.task.branch'), dataIndex: 'branchName', width: 140, ellipsis: true },
    { title: t('insp.finding.responsible'), dataIndex: 'responsibleName', width: 100 },
    {
      title: t('insp.finding.deadline'),
      dataIndex: 'deadline',
      width: 130,
      sorter: true,
      render: (v: string, r) => (
        <span style={r.late ? { color: '#cf1322', fontWeight: 600 } : undefined} data-testid={`insp-finding-deadline-${r.id}`}>
          {v} {r.late ? `（${t('insp.finding.late')}）` : ''}
        </span>
      ),
    },
    {
      title: t('insp.finding.escalation'),
      dataIndex: 'escalation',
      width: 150,
      render: (v: FindingSummary['escalation']) => (v === 'NONE' ? '—' : t(`insp.finding.escalation.${v}`)),
    },
    { title: t('insp.finding.recordedBy'), dataIndex: 'recordedByName', width: 100 },
    { title: t('insp.finding.recordedOn'), dataIndex: 'recordedOn', width: 120, sorter: true },
    {
      title: t('insp.finding.status'),
      dataIndex: 'status',
      width: 130,
      fixed: 'right',
      render: (v: FindingStatus, r) => <FindingStatusTag status={v} testId={`insp-finding-status-${r.id}`} />,
    },
  ];

  return (
    <>
      <PageHeader title={t('insp.findings.title')} subtitle={t('insp.findings.subtitle')} extra={<InspectionNav />} />
      <Card>
        <PagedTable<FindingSummary, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="inspection-findings"
          testId="insp-findings-table"
          emptyText={t('insp.findings.empty')}
          exportTo={{ path: '/api/v1/inspections/findings', filename: t('insp.findings.title'), onError: showError }}
          toolbar={
            <>
              <span>
                <Switch
                  size="small"
                  checked={draft.late === 'true'}
                  onChange={(on) => search({ ...draft, late: on ? 'true' : undefined })}
                />{' '}
                {t('insp.findings.lateOnly')}
              </span>
              {rights.work && (
                <span>
                  <Switch
                    size="small"
                    checked={draft.recheck === 'true'}
                    onChange={(on) => search({ ...draft, recheck: on ? 'true' : undefined })}
                    data-testid="insp-findings-recheck"
                  />{' '}
                  {t('insp.findings.recheck')}
                </span>
              )}
              <Select<FindingStatus>
                allowClear
                style={{ width: 150 }}
                placeholder={t('insp.finding.status')}
                value={draft.status}
                onChange={(v) => setDraft((d) => ({ ...d, status: v ?? undefined }))}
                options={FINDING_STATUSES.map((s) => ({ value: s, label: t(`insp.finding.status.${s}`) }))}
              />
              <Select<FindingSeverity>
                allowClear
                style={{ width: 120 }}
                placeholder={t('insp.finding.severity')}
                value={draft.severity}
                onChange={(v) => setDraft((d) => ({ ...d, severity: v ?? undefined }))}
                options={FINDING_SEVERITIES.map((s) => ({ value: s, label: t(`insp.finding.severity.${s}`) }))}
              />
              <Button type="primary" onClick={() => search()}>
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </>
          }
          onRow={(r) => ({
            ...tid<HTMLAttributes<HTMLElement>>(`insp-finding-row-${r.id}`),
            onClick: () => navigate(`/inspections/findings/${r.id}`),
            style: { cursor: 'pointer' },
          })}
        />
      </Card>
    </>
  );
}
