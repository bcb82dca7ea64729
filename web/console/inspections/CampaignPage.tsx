/** 专项检查: its selection, checklist, inspectors and figures (tasks done, findings by severity and status). */
import { useParams } from 'react-router-dom';
import { Card, Col, Descriptions, Row, Statistic, Table, Typography } from 'antd';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { FINDING_SEVERITIES, FINDING_STATUSES, inspectionApi } from './api';

export function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { data: c } = useAsync((signal) => inspectionApi.campaign(id, signal), [id], { onError: showError });
  if (!c) return <Card loading />;
  const f = c.figures;
  const cr = c.criteria;
  const range = (a?: string | number, b?: string | number) => (a === undefined && b === undefined ? '—' : `${a ?? ''} ~ ${b ?? ''}`);
  return (
    <>
      <PageHeader title={t('insp.campaign.title', { name: c.name })} subtitle={c.purpose} />
      <Card title={t('insp.campaign.figures')}>
        <Typography.Paragraph data-testid="insp-campaign-summary">
          {t('insp.campaign.summary', { done: f.tasksDone, tasks: f.tasks, findings: f.findings, verified: f.byStatus.VERIFIED })}
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title={t('insp.campaign.tasks')} value={f.tasks} />
          </Col>
          <Col span={4}>
            <Statistic title={t('insp.campaign.done')} value={f.tasksDone} />
          </Col>
          <Col span={4}>
            <Statistic title={t('insp.campaign.findings')} value={f.findings} />
          </Col>
          <Col span={4}>
            <Statistic title={t('insp.campaign.late')} value={f.late} styles={{ content: f.late ? { color: '#cf1322' } : undefined }} />
          </Col>
        </Row>
        <Descriptions size="small" bordered column={4} style={{ marginTop: 16 }} title={t('insp.campaign.bySeverity')}>
          {FINDING_SEVERITIES.map((s) => (
            <Descriptions.Item key={s} label={t(`insp.finding.severity.${s}`)}>
              {f.bySeverity[s]}
            </Descriptions.Item>
          ))}
        </Descriptions>
        <Descriptions size="small" bordered column={4} style={{ marginTop: 16 }} title={t('insp.campaign.byStatus')}>
          {FINDING_STATUSES.map((s) => (
            <Descriptions.Item key={s} label={t(`insp.finding.status.${s}`)}>
              {f.byStatus[s]}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card title={t('insp.campaign.criteria')} style={{ marginTop: 16 }}>
        <Descriptions size="small" bordered column={2}>
          <Descriptions.Item label={t('insp.campaign.period')}>{`${c.periodFrom} ~ ${c.periodTo}`}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.matched')}>{c.matchedCount}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.sampleSize')}>{c.sampleSize ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.seed')}>{c.seed}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.products')}>{cr.productCodes?.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.classes')}>
            {cr.classifications?.map((x) => t(`loan.class.${x}`)).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.warningLevels')}>
            {cr.warningLevels?.map((x) => t(`risk.level.${x}`)).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.dpd')}>{range(cr.dpdMin, cr.dpdMax)}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.amount')}>{range(cr.amountMin, cr.amountMax)}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.disbursed')}>{range(cr.disbursedFrom, cr.disbursedTo)}</Descriptions.Item>
          <Descriptions.Item label={t('insp.campaign.branches')}>{cr.branchIds?.join('、') || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={12}>
          <Card title={t('insp.campaign.perInspector')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={c.inspectors}
              columns={[
                { title: t('insp.task.inspector'), dataIndex: 'name' },
                { title: t('insp.campaign.tasks'), dataIndex: 'tasks', align: 'right' },
                { title: t('insp.campaign.done'), dataIndex: 'done', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('insp.campaign.checklist')}>
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={c.checklist}
              columns={[
                { title: t('insp.campaign.itemCode'), dataIndex: 'code', width: 160 },
                { title: t('insp.campaign.itemText'), dataIndex: 'text' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
