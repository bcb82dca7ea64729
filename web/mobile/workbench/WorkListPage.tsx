/** 工作清单: the officer's prospects due today, overdue and newly assigned; pull to refresh. */
import { useNavigate } from 'react-router-dom';
import { ErrorBlock, List, PullToRefresh, Tag } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { LoadFailed, Loading, toastError } from '../ui';
import { StaffShell, useStaff } from './staff';
import { workbenchApi, type ProspectItem } from './api';
import { StatusTag } from './StatusTag';

function DueTag({ p, businessDate }: { p: ProspectItem; businessDate: string }) {
  const { t } = useI18n();
  // a new assignment has no date: its status tag (新分配) says it all
  if (!p.nextContactDate) return null;
  if (p.nextContactDate < businessDate)
    return (
      <Tag color="danger" fill="outline">
        {t('m.wb.work.overdue', { date: p.nextContactDate })}
      </Tag>
    );
  return (
    <Tag color="warning" fill="outline">
      {t('m.wb.work.due')}
    </Tag>
  );
}

function WorkList() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading, reload, setData } = useAsync((signal) => workbenchApi.workList(signal), []);
  const refresh = async () => {
    try {
      setData(await workbenchApi.workList());
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <PullToRefresh
      onRefresh={refresh}
      pullingText={t('m.wb.pull.pulling')}
      canReleaseText={t('m.wb.pull.canRelease')}
      refreshingText={t('m.wb.pull.refreshing')}
      completeText={t('m.wb.pull.complete')}
    >
      <div data-testid="m-work-list" className="hnm-wb-list">
        {data && (
          <div className="hnm-wb-caption" data-testid="m-work-date">
            {t('m.wb.work.date', { date: data.businessDate, n: data.total })}
          </div>
        )}
        {!data && loading && <Loading />}
        {!data && error !== undefined && error !== null && <LoadFailed error={error} onRetry={reload} />}
        {data && data.items.length === 0 && (
          <ErrorBlock status="empty" title={t('m.wb.work.empty')} description={t('m.wb.work.emptyDesc')} data-testid="m-work-empty" />
        )}
        {data && data.items.length > 0 && (
          <List>
            {data.items.map((p) => (
              <List.Item
                key={p.id}
                data-testid={`m-work-item-${p.id}`}
                onClick={() => navigate(`/staff/prospects/${p.id}`)}
                prefix={<StatusTag status={p.status} />}
                description={
                  <span>
                    {[p.village, p.mobileMasked].filter(Boolean).join(' · ')}
                    {p.nextStep ? ` · ${t('m.wb.work.next', { step: p.nextStep })}` : ''}
                  </span>
                }
                extra={<DueTag p={p} businessDate={data.businessDate} />}
                arrow
              >
                {p.nameMasked}
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </PullToRefresh>
  );
}

export function WorkListPage() {
  const { t } = useI18n();
  const { user } = useStaff();
  return <StaffShell title={t('m.wb.title')}>{user && <WorkList />}</StaffShell>;
}
