/**
 * 我的543服务时效: the officer's own stages (lock, recommend, disburse), measured live from the service
 * events, against their limits; today's first, then the recent ones; breaches highlighted in red.
 */
import { Card, List, Tag } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MobileMessageKey } from '../i18n';
import { LoadFailed, Loading } from '../ui';
import { StaffShell, useStaff } from './staff';
import { workbenchApi, type MyStage } from './api';

function useDuration() {
  const { t } = useI18n();
  return (seconds: number) => {
    const whole = Math.ceil(seconds);
    if (whole < 60) return t('m.wb.sec', { n: whole });
    return t('m.wb.min', { m: Math.floor(whole / 60), s: whole % 60 });
  };
}

function StageRow({ s, index }: { s: MyStage; index: number }) {
  const { t } = useI18n();
  const duration = useDuration();
  return (
    <List.Item
      className={s.breach ? 'hnm-wb-breach' : undefined}
      data-testid={`m-sla-stage-${index}`}
      data-stage={s.stage}
      data-breach={String(s.breach)}
      description={
        <>
          {t('m.wb.sla.used', { used: duration(s.durationSeconds), limit: duration(s.limitSeconds) })} ·{' '}
          {t('m.wb.sla.customer', { id: String(s.customerId) })} · {s.endedAt.slice(11, 19)}
        </>
      }
      extra={
        <span>
          {s.breach ? (
            <Tag color="danger">{t('m.wb.sla.over', { over: duration(s.overrunSeconds) })}</Tag>
          ) : (
            <Tag color="success">{t('m.wb.sla.ok')}</Tag>
          )}
          {s.status && (
            <Tag color="default" fill="outline">
              {t(`m.wb.sla.status.${s.status}` as MobileMessageKey)}
            </Tag>
          )}
        </span>
      }
    >
      {t(`m.wb.sla.stage.${s.stage}` as MobileMessageKey)}
    </List.Item>
  );
}

function Timings() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync((signal) => workbenchApi.myEvents(signal), []);
  if (!data && loading) return <Loading />;
  if (!data) return <LoadFailed error={error} onRetry={reload} />;
  const stages = [...data.items].sort((a, b) => (a.endedAt < b.endedAt ? 1 : a.endedAt > b.endedAt ? -1 : 0));
  const today = stages.filter((s) => s.businessDate === data.to);
  const recent = stages.filter((s) => s.businessDate !== data.to);
  const breaches = stages.filter((s) => s.breach).length;
  return (
    <div data-testid="m-sla">
      <div className="hnm-wb-caption">
        {t('m.wb.sla.period', { from: data.from, to: data.to })}
        {breaches > 0 && (
          <Tag color="danger" className="hnm-wb-breach-count" data-testid="m-sla-breaches">
            {t('m.wb.sla.breaches', { n: breaches })}
          </Tag>
        )}
      </div>
      {stages.length === 0 && <div className="hnm-muted">{t('m.wb.sla.none')}</div>}
      {today.length > 0 && (
        <Card className="hnm-card" title={t('m.wb.sla.today')}>
          <List data-testid="m-sla-today">
            {today.map((s, i) => (
              <StageRow key={`${s.stage}-${s.customerId}-${s.endedAt}`} s={s} index={i} />
            ))}
          </List>
        </Card>
      )}
      {recent.length > 0 && (
        <Card className="hnm-card" title={t('m.wb.sla.recent')}>
          <List data-testid="m-sla-recent">
            {recent.map((s, i) => (
              <StageRow key={`${s.stage}-${s.customerId}-${s.endedAt}`} s={s} index={today.length + i} />
            ))}
          </List>
        </Card>
      )}
    </div>
  );
}

export function SlaPage() {
  const { t } = useI18n();
  const { user } = useStaff();
  return <StaffShell title={t('m.wb.sla.title')}>{user && <Timings />}</StaffShell>;
}
