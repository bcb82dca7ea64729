/**
 * One campaign: its tracking link and QR code (copy, print), the funnel of its figures (ECharts), its
 * SMS sends and — for an SMS campaign — the send itself: preview the count, then confirm it.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router-dom';
import * as echarts from 'echarts/core';
import { FunnelChart } from 'echarts/charts';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { Chart } from '../risk/Chart';
import { useAsync } from '../../shared/useAsync';
import { groupsApi } from '../groups/api';
import { importApi } from '../imports/api';
import { productApi } from '../products/api';
import {
  campaignsApi,
  SEGMENT_KINDS,
  type CampaignDetail,
  type CampaignKind,
  type SegmentInput,
  type SegmentKind,
  type SmsPreview,
} from './api';

echarts.use([FunnelChart]);

interface SendValues {
  segmentKind: SegmentKind;
  segmentRef?: string | number;
  days?: number;
  template: string;
  perMinute: number;
}

function segmentOf(v: SendValues): SegmentInput {
  const ref = String(v.segmentRef ?? '').trim();
  switch (v.segmentKind) {
    case 'GROUP':
      return { kind: 'GROUP', groupId: Number(ref) };
    case 'PRODUCT_HOLDERS':
      return { kind: 'PRODUCT_HOLDERS', productCode: ref };
    case 'MATURING_CDS':
      return { kind: 'MATURING_CDS', days: v.days ?? 30 };
    default:
      return { kind: 'PROSPECT_LIST', importBatchId: ref ? Number(ref) : null };
  }
}

/** The segment's list, group or product, picked by name (a prospect list may be left empty: every open prospect). */
function SegmentRefPicker({
  kind,
  value,
  onChange,
}: {
  kind: SegmentKind;
  value?: string | number;
  onChange?: (v: string | number | undefined) => void;
}) {
  const { t } = useI18n();
  const { data, loading } = useAsync(
    async (signal): Promise<{ value: string | number; label: string }[]> => {
      if (kind === 'GROUP')
        return (await groupsApi.list({ page: 1, pageSize: 200 }, signal)).items.map((g) => ({
          value: g.id,
          label: `${g.name}（${g.code}）`,
        }));
      if (kind === 'PRODUCT_HOLDERS') return (await productApi.list(signal)).items.map((p) => ({ value: p.code, label: p.nameZh }));
      if (kind === 'PROSPECT_LIST')
        return (await importApi.list({ page: 1, pageSize: 100, type: 'PROSPECTS', status: 'APPLIED' }, signal)).items.map((b) => ({
          value: b.id,
          label: `${b.filename} · ${formatDateTime(b.createdAt)} · ${b.validRows}`,
        }));
      return [];
    },
    [kind],
  );
  return (
    <Select
      data-testid="campaign-segment-ref"
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={kind === 'PROSPECT_LIST'}
      placeholder={kind === 'PROSPECT_LIST' ? t('cmp.segmentRef.allProspects') : undefined}
      loading={loading}
      options={data ?? []}
      value={value}
      onChange={onChange}
    />
  );
}

/** A printable page with the campaign's name, QR code, code and link, in a window of its own. */
function printQr(c: CampaignDetail) {
  const w = window.open('', '_blank', 'width=480,height=640');
  if (!w) return;
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch);
  w.document.write(
    `<!doctype html><html><head><meta charset="utf-8"><title>${esc(c.name)}</title></head>` +
      `<body style="text-align:center;font-family:sans-serif"><h2>${esc(c.name)}</h2>` +
      `<img src="${c.share.qrDataUrl}" width="320" height="320" alt="${esc(c.code)}"/>` +
      `<p style="font-size:20px">${esc(c.code)}</p><p>${esc(c.share.link)}</p><p>扫码申请 · 兖州农商银行</p></body></html>`,
  );
  w.document.close();
  w.focus();
  w.print();
}

function SmsSendCard({ campaign, onSent }: { campaign: CampaignDetail; onSent: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<SendValues>();
  const [preview, setPreview] = useState<SmsPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const segmentKind = Form.useWatch('segmentKind', form) ?? 'GROUP';
  const bodyOf = (v: SendValues) => ({ segment: segmentOf(v), template: v.template, perMinute: v.perMinute });
  const doPreview = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      setPreview(await campaignsApi.preview(campaign.id, bodyOf(v)));
    } catch (e) {
      setPreview(null);
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const doSend = () => {
    if (!preview) return;
    const v = form.getFieldsValue();
    Modal.confirm({
      title: t('cmp.send'),
      content: t('cmp.sendConfirm', { recipients: preview.recipients }),
      onOk: async () => {
        try {
          const r = await campaignsApi.send(campaign.id, { ...bodyOf(v), confirmCount: preview.recipients });
          showSuccess(t('cmp.sentOk', { queued: r.queued }));
          setPreview(null);
          onSent();
        } catch (e) {
          showError(e);
        }
      },
    });
  };
  return (
    <Card title={t('cmp.sms')} style={{ marginBottom: 16 }} data-testid="campaign-sms">
      <Alert type="info" style={{ marginBottom: 12 }} message={t('cmp.quiet')} />
      <Form<SendValues>
        form={form}
        layout="vertical"
        initialValues={{ segmentKind: 'GROUP', days: 30, perMinute: 200, template: '{称呼}您好，兖州农商银行线上贷款，扫码即申：{链接}' }}
        onValuesChange={(changed: Partial<SendValues>) => {
          setPreview(null);
          if (changed.segmentKind) form.setFieldValue('segmentRef', undefined);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="segmentKind" label={t('cmp.segment')} rules={[{ required: true }]}>
              <Select
                data-testid="campaign-segment-kind"
                options={SEGMENT_KINDS.map((k) => ({ value: k, label: t(`cmp.segment.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            {segmentKind === 'MATURING_CDS' ? (
              <Form.Item name="days" label={t('cmp.segmentDays')} rules={[{ required: true }]}>
                <InputNumber min={1} max={180} data-testid="campaign-segment-days" />
              </Form.Item>
            ) : (
              <Form.Item
                name="segmentRef"
                label={t(`cmp.segmentRef.${segmentKind}`)}
                rules={[{ required: segmentKind !== 'PROSPECT_LIST' }]}
              >
                <SegmentRefPicker kind={segmentKind} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="perMinute" label={t('cmp.perMinute')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10000} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="template" label={t('cmp.template')} extra={t('cmp.templateHelp')} rules={[{ required: true, max: 300 }]}>
          <Input.TextArea rows={3} data-testid="campaign-template" />
        </Form.Item>
      </Form>
      {preview ? (
        <Alert
          type="success"
          style={{ marginBottom: 12 }}
          data-testid="campaign-preview"
          message={t('cmp.previewResult', {
            recipients: preview.recipients,
            optedOut: preview.optedOut,
            first: formatDateTime(preview.firstSendAt),
            last: preview.lastSendAt ? formatDateTime(preview.lastSendAt) : '—',
          })}
          description={`${t('cmp.sample')}：${preview.sampleText}`}
        />
      ) : null}
      <Button onClick={() => void doPreview()} loading={busy} data-testid="campaign-preview-button">
        {t('cmp.preview')}
      </Button>{' '}
      <Button type="primary" disabled={!preview || preview.recipients === 0} onClick={doSend} data-testid="campaign-send-button">
        {t('cmp.send')}
      </Button>
    </Card>
  );
}

export function CampaignPage() {
  const { t } = useI18n();
  const can = useCan();
  const { id = '' } = useParams();
  const campaignId = Number(id);
  const [campaign, setCampaign] = useState<CampaignDetail | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    campaignsApi.get(campaignId, ctl.signal).then(setCampaign, (e: unknown) => {
      if (!ctl.signal.aborted) showError(e);
    });
    return () => ctl.abort();
  }, [campaignId, version]);
  const f = campaign?.figures;
  const funnel = useMemo(() => {
    if (!f || !campaign) return null;
    const steps: Array<[string, number]> = [
      ...(campaign.kind === 'SMS'
        ? ([
            [t('cmp.sent'), f.sent],
            [t('cmp.reached'), f.reached],
          ] as Array<[string, number]>)
        : []),
      [t('cmp.visited'), f.visited],
      [t('cmp.applied'), f.applied],
      [t('cmp.approved'), f.approved],
      [t('cmp.disbursedCount'), f.disbursedCount],
    ];
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          min: 0,
          max: Math.max(1, ...steps.map((s) => s[1])),
          label: { show: true, position: 'inside', formatter: '{b}：{c}' },
          data: steps.map(([name, value]) => ({ name, value })),
        },
      ],
    };
  }, [f, campaign, t]);
  return (
    <>
      <PageHeader
        title={campaign ? campaign.name : t('cmp.title')}
        extra={
          <>
            {campaign && campaign.status === 'ACTIVE' && can('campaign:manage') ? (
              <Popconfirm
                title={t('cmp.closeConfirm')}
                onConfirm={async () => {
                  try {
                    setCampaign(await campaignsApi.close(campaign.id));
                    showSuccess(t('cmp.closed'));
                  } catch (e) {
                    showError(e);
                  }
                }}
              >
                <Button danger data-testid="campaign-close">
                  {t('cmp.close')}
                </Button>
              </Popconfirm>
            ) : null}
            <Link to="/campaigns">{t('cmp.back')}</Link>
          </>
        }
      />
      {campaign && f ? (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={16}>
              <Card title={t('cmp.figures')} data-testid="campaign-figures">
                <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
                  <Descriptions.Item label={t('cmp.kind')}>{t(`cmp.kind.${campaign.kind as CampaignKind}`)}</Descriptions.Item>
                  <Descriptions.Item label={t('cmp.branch')}>{campaign.branch.name}</Descriptions.Item>
                  <Descriptions.Item label={t('cmp.period')}>
                    {campaign.startDate} ~ {campaign.endDate}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cmp.phase')}>{t(`cmp.phase.${campaign.phase}`)}</Descriptions.Item>
                </Descriptions>
                <Row gutter={16} style={{ marginBottom: 16 }}>
                  <Col span={4}>
                    <Statistic title={t('cmp.sent')} value={f.sent} />
                  </Col>
                  <Col span={4}>
                    <Statistic title={t('cmp.reached')} value={f.reached} />
                  </Col>
                  <Col span={4}>
                    <div data-testid="campaign-visited">
                      <Statistic title={t('cmp.visited')} value={f.visited} />
                    </div>
                  </Col>
                  <Col span={4}>
                    <div data-testid="campaign-applied">
                      <Statistic title={t('cmp.applied')} value={f.applied} />
                    </div>
                  </Col>
                  <Col span={4}>
                    <Statistic title={t('cmp.approved')} value={f.approved} />
                  </Col>
                  <Col span={4}>
                    <Statistic title={t('cmp.disbursedAmount')} value={f.disbursedAmount} />
                  </Col>
                </Row>
                <Typography.Title level={5}>{t('cmp.funnel')}</Typography.Title>
                {funnel ? <Chart option={funnel} height={260} testId="campaign-funnel" /> : null}
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card
                title={t('cmp.share')}
                data-testid="campaign-share"
                extra={
                  <Button onClick={() => printQr(campaign)} data-testid="campaign-print">
                    {t('cmp.print')}
                  </Button>
                }
              >
                <img src={campaign.share.qrDataUrl} alt={campaign.share.code} width={200} height={200} data-testid="campaign-qr" />
                <Typography.Paragraph className="hn-mono" data-testid="campaign-code">
                  {campaign.share.code}
                </Typography.Paragraph>
                <Typography.Paragraph copyable={{ text: campaign.share.link }} data-testid="campaign-link">
                  {campaign.share.link}
                </Typography.Paragraph>
              </Card>
            </Col>
          </Row>
          {campaign.kind === 'SMS' && can('campaign:manage') ? (
            <SmsSendCard campaign={campaign} onSent={() => setVersion((v) => v + 1)} />
          ) : null}
          {campaign.sends.length > 0 ? (
            <Card title={t('cmp.sends')}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={campaign.sends}
                columns={[
                  { title: t('cmp.id'), dataIndex: 'id', width: 70 },
                  { title: t('cmp.segment'), dataIndex: 'segmentKind', render: (v: SegmentKind) => t(`cmp.segment.${v}`) },
                  { title: t('cmp.segmentRef'), dataIndex: 'segmentRef' },
                  { title: t('cmp.sent'), dataIndex: 'recipients', align: 'right' as const },
                  { title: t('cmp.perMinute'), dataIndex: 'perMinute', align: 'right' as const },
                  { title: t('cmp.startDate'), dataIndex: 'firstSendAt', render: (v: string) => formatDateTime(v) },
                ]}
              />
            </Card>
          ) : null}
        </>
      ) : null}
    </>
  );
}
