/**
 * 工作汇报: the period picker, the period's figures as cards and tables (channels with an ECharts pie,
 * campaigns, 543 per stage, alerts by colour, NPL reduction by method), and the downloads — the work
 * report in Word and PDF, the figures in Excel (the shared export button on the figures' own endpoint).
 */
import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Row, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { FilePdfOutlined, FileWordOutlined, SearchOutlined } from '@ant-design/icons';
import { ExportButton } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { Chart } from '../risk/Chart';
import {
  workReportApi,
  type ChannelFigures,
  type CampaignPeriodFigures,
  type Period,
  type PeriodFigures,
  type SlaStagePeriodFigures,
} from './api';

export function WorkReportPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Period>({});
  const [period, setPeriod] = useState<Period>({});
  const [busy, setBusy] = useState<'docx' | 'pdf' | null>(null);
  const figures = useAsync((signal) => workReportApi.figures(period, signal), [period.from, period.to], { onError: showError });
  const f = figures.data;
  const download = async (format: 'docx' | 'pdf') => {
    setBusy(format);
    try {
      await workReportApi.download(period, format, t('wr.file'));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageHeader title={t('wr.title')} subtitle={t('wr.subtitle')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <DatePicker
            placeholder={t('wr.from')}
            onChange={(d) => setDraft((p) => ({ ...p, from: d ? d.format('YYYY-MM-DD') : undefined }))}
            data-testid="wr-from"
          />
          <DatePicker
            placeholder={t('wr.to')}
            onChange={(d) => setDraft((p) => ({ ...p, to: d ? d.format('YYYY-MM-DD') : undefined }))}
            data-testid="wr-to"
          />
          <Button type="primary" icon={<SearchOutlined />} onClick={() => setPeriod(draft)} data-testid="wr-query">
            {t('wr.query')}
          </Button>
          <Button icon={<FileWordOutlined />} loading={busy === 'docx'} onClick={() => download('docx')} data-testid="wr-download-docx">
            {t('wr.word')}
          </Button>
          <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => download('pdf')} data-testid="wr-download-pdf">
            {t('wr.pdf')}
          </Button>
          <ExportButton
            path="/api/v1/reports/period"
            query={{ from: period.from, to: period.to }}
            filename={t('wr.title')}
            onError={showError}
            testId="wr-export-xlsx"
          />
          {f && (
            <Typography.Text type="secondary" data-testid="wr-period">
              {t('wr.period', { from: f.from, to: f.to })} · {t(`wr.scope.${f.scope}`)}
            </Typography.Text>
          )}
        </Space>
      </Card>
      {f ? <Figures f={f} /> : <Card loading={figures.loading}>{!figures.loading && <Empty description={t('wr.empty')} />}</Card>}
    </>
  );
}

function Figures({ f }: { f: PeriodFigures }) {
  const { t } = useI18n();
  const m = f.marketing;
  const cards: Array<[string, string | number, string]> = [
    ['wr.applications', m.totals.applications, 'wr-card-applications'],
    ['wr.disbursed', m.totals.disbursedLoans, 'wr-card-disbursed'],
    ['wr.disbursedAmount', m.totals.disbursedAmount, 'wr-card-amount'],
    ['wr.sms', m.smsSent, 'wr-card-sms'],
    ['wr.prospects', m.prospects.imported, 'wr-card-prospects'],
    ['wr.groups', m.groups.borrowers, 'wr-card-groups'],
    ['wr.cards', `${m.preCredit.cardsIssued} / ${m.preCredit.cardsActivated}`, 'wr-card-cards'],
    ['wr.referred', m.referrals.referredCustomers, 'wr-card-referred'],
    ['wr.rewards', m.referrals.rewardsPaidAmount, 'wr-card-rewards'],
    ['wr.lobby', m.lobby.converted, 'wr-card-lobby'],
    ['wr.slaRate', f.service.slaTotal.ratePct ?? '-', 'wr-card-sla'],
    ['wr.nplReduction', f.risk.nplReduction.total, 'wr-card-npl'],
    ['wr.feedback', `${f.service.feedback.optimised} / ${f.service.feedback.raised}`, 'wr-card-feedback'],
  ];
  const channelPie = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: m.channels.map((c) => ({ name: c.channelName, value: c.applications })) }],
    }),
    [m.channels],
  );
  const reductionBar = useMemo(
    () => ({
      tooltip: {},
      xAxis: {
        type: 'category',
        data: ['cash', 'restructuring', 'writeOff', 'upgrade'].map((k) => t(`wr.method.${k}` as 'wr.method.cash')),
      },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          data: [
            f.risk.nplReduction.cash,
            f.risk.nplReduction.restructuring,
            f.risk.nplReduction.writeOff,
            f.risk.nplReduction.upgrade,
          ].map(Number),
        },
      ],
    }),
    [f.risk.nplReduction, t],
  );
  const channelColumns: TableColumnsType<ChannelFigures> = [
    { title: t('wr.channel'), dataIndex: 'channelName' },
    { title: t('wr.applications'), dataIndex: 'applications', align: 'right' },
    { title: t('wr.appShare'), dataIndex: 'applicationSharePct', align: 'right' },
    { title: t('wr.disbursed'), dataIndex: 'disbursedLoans', align: 'right' },
    { title: t('wr.disbursedAmount'), dataIndex: 'disbursedAmount', align: 'right' },
    { title: t('wr.amountShare'), dataIndex: 'amountSharePct', align: 'right' },
  ];
  const campaignColumns: TableColumnsType<CampaignPeriodFigures> = [
    { title: t('wr.campaign'), dataIndex: 'name' },
    { title: t('wr.sms'), dataIndex: 'smsSent', align: 'right' },
    { title: t('wr.visits'), dataIndex: 'visits', align: 'right' },
    { title: t('wr.applications'), dataIndex: 'applications', align: 'right' },
    { title: t('wr.approved'), dataIndex: 'approved', align: 'right' },
    { title: t('wr.disbursed'), dataIndex: 'disbursedLoans', align: 'right' },
    { title: t('wr.disbursedAmount'), dataIndex: 'disbursedAmount', align: 'right' },
  ];
  const slaColumns: TableColumnsType<SlaStagePeriodFigures> = [
    { title: t('wr.stage'), dataIndex: 'stageName' },
    { title: t('wr.measured'), dataIndex: 'measured', align: 'right' },
    { title: t('wr.breaches'), dataIndex: 'breaches', align: 'right' },
    { title: t('wr.rate'), dataIndex: 'ratePct', align: 'right', render: (v: string | null) => v ?? '-' },
    { title: t('wr.penalty'), dataIndex: 'penalty', align: 'right' },
  ];
  const alertColumns: TableColumnsType<PeriodFigures['risk']['alerts'][number]> = [
    { title: t('wr.level'), dataIndex: 'levelName' },
    { title: t('wr.opened'), dataIndex: 'opened', align: 'right' },
    { title: t('wr.closed'), dataIndex: 'closed', align: 'right' },
    { title: t('wr.openAtEnd'), dataIndex: 'openAtEnd', align: 'right' },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        {cards.map(([key, value, testId]) => (
          <Col key={key} xs={12} md={8} lg={6} xl={4}>
            <Card size="small" data-testid={testId}>
              <Statistic title={t(key as 'wr.applications')} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('wr.channels')}>
            <Table
              rowKey="channel"
              size="small"
              pagination={false}
              columns={channelColumns}
              dataSource={m.channels}
              data-testid="wr-channels"
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('wr.channels')}>
            <Chart option={channelPie} height={260} testId="wr-channel-chart" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('wr.campaigns')}>
        <Table
          rowKey="code"
          size="small"
          pagination={false}
          columns={campaignColumns}
          dataSource={m.campaigns}
          data-testid="wr-campaigns"
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('wr.sla')}>
            <Table
              rowKey="stage"
              size="small"
              pagination={false}
              columns={slaColumns}
              dataSource={[...f.service.sla, f.service.slaTotal]}
              data-testid="wr-sla"
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('wr.alerts')}>
            <Table
              rowKey="level"
              size="small"
              pagination={false}
              columns={alertColumns}
              dataSource={f.risk.alerts}
              data-testid="wr-alerts"
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('wr.reduction')}>
        <Chart option={reductionBar} height={240} testId="wr-reduction-chart" />
      </Card>
    </Space>
  );
}
