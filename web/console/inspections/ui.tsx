/** Shared bits of the inspection screens: status tags and the section switch. */
import { useLocation, useNavigate } from 'react-router-dom';
import { Segmented } from 'antd';
import { defineStatusTones, StatusTag } from '../../shared/list';
import { useCan } from '../shell/auth';
import { useI18n } from '../i18n';
import type { FindingSeverity, FindingStatus, TaskStatus } from './api';

const TASK_TONES = defineStatusTones<TaskStatus>({ OPEN: 'pending', OVERDUE: 'danger', DONE: 'success' });
const FINDING_TONES = defineStatusTones<FindingStatus>({ OPEN: 'pending', RECTIFIED: 'warning', VERIFIED: 'success', REOPENED: 'danger' });
const SEVERITY_TONES = defineStatusTones<FindingSeverity>({ LOW: 'closed', MEDIUM: 'warning', HIGH: 'danger' });

export function TaskStatusTag({ status, testId }: { status: TaskStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={TASK_TONES[status]} data={{ status }} testId={testId}>
      {t(`insp.task.status.${status}`)}
    </StatusTag>
  );
}

export function FindingStatusTag({ status, testId }: { status: FindingStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={FINDING_TONES[status]} data={{ status }} testId={testId}>
      {t(`insp.finding.status.${status}`)}
    </StatusTag>
  );
}

export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={SEVERITY_TONES[severity]} data={{ severity }}>
      {t(`insp.finding.severity.${severity}`)}
    </StatusTag>
  );
}

/** 检查任务 · 检查问题 · 专项检查. */
export function InspectionNav() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = pathname.startsWith('/inspections/findings')
    ? 'findings'
    : pathname.startsWith('/inspections/campaigns')
      ? 'campaigns'
      : 'tasks';
  const to: Record<string, string> = { tasks: '/inspections', findings: '/inspections/findings', campaigns: '/inspections/campaigns' };
  return (
    <Segmented
      value={current}
      onChange={(v) => navigate(to[String(v)])}
      options={[
        { value: 'tasks', label: <span data-testid="insp-nav-tasks">{t('insp.nav.tasks')}</span> },
        { value: 'findings', label: <span data-testid="insp-nav-findings">{t('insp.nav.findings')}</span> },
        { value: 'campaigns', label: <span data-testid="insp-nav-campaigns">{t('insp.nav.campaigns')}</span> },
      ]}
    />
  );
}

export function useInspectionRights() {
  const can = useCan();
  return { work: can('inspection:work'), rectify: can('inspection:rectify'), campaign: can('inspection:campaign') };
}
