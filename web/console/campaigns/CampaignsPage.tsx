/** 营销活动: the campaigns in scope with their figures (paged, filtered, exported) and the form to create one. */
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Tag } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { PRODUCT_CODES } from '../../../src/modules/products/products.contract';
import { api } from '../../shared/api';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan, useUser } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { CAMPAIGN_KINDS, campaignsApi, type CampaignItem, type CampaignKind, type CampaignPhase } from './api';

type Filters = { kind?: CampaignKind };

interface CreateValues {
  kind: CampaignKind;
  name: string;
  branchId: number;
  productCode?: string;
  startDate: string;
  endDate: string;
  attributionDays?: number;
  code?: string;
}

const PHASE_COLOR: Record<CampaignPhase, string> = { PLANNED: 'default', RUNNING: 'green', ENDED: 'orange', CLOSED: 'default' };

/** YYYY-MM-DD plus days (calendar days; the form's default end). */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function CreateCampaignModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const user = useUser();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const { data: branches } = useAsync(
    (signal) => api.get<{ items: Array<{ id: number; name: string }> }>('/api/v1/branches', undefined, { signal }),
    [],
    { enabled: open },
  );
  const { data: today } = useAsync((signal) => campaignsApi.businessDate(signal), [], { enabled: open });
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const c = await campaignsApi.create({
        kind: v.kind,
        name: v.name,
        branchId: Number(v.branchId),
        productCode: v.productCode || null,
        startDate: v.startDate,
        endDate: v.endDate,
        ...(v.attributionDays ? { attributionDays: v.attributionDays } : {}),
        ...(v.code ? { code: v.code } : {}),
      });
      showSuccess(t('cmp.created'));
      onClose();
      navigate(`/campaigns/${c.id}`);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const businessDate = today?.businessDate;
  return (
    <Modal
      open={open}
      title={t('cmp.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={tid('campaign-create-submit')}
    >
      {businessDate ? (
        <Form<CreateValues>
          form={form}
          layout="vertical"
          initialValues={{
            kind: 'WECHAT_OA',
            branchId: user.branchId,
            startDate: businessDate,
            endDate: plusDays(businessDate, 30),
            attributionDays: 30,
          }}
          data-testid="campaign-create-form"
        >
          <Form.Item name="kind" label={t('cmp.kind')} rules={[{ required: true }]}>
            <Select data-testid="campaign-kind" options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(`cmp.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('cmp.name')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="campaign-name" />
          </Form.Item>
          <Form.Item name="branchId" label={t('cmp.branch')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="campaign-branch"
              options={(branches?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
          <Form.Item name="productCode" label={t('cmp.product')}>
            <Select
              allowClear
              data-testid="campaign-product"
              options={PRODUCT_CODES.map((p) => ({ value: p, label: t(`loan.product.${p}`) }))}
            />
          </Form.Item>
          <Form.Item name="startDate" label={t('cmp.startDate')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input data-testid="campaign-start" />
          </Form.Item>
          <Form.Item name="endDate" label={t('cmp.endDate')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input data-testid="campaign-end" />
          </Form.Item>
          <Form.Item name="attributionDays" label={t('cmp.attributionDays')}>
            <InputNumber min={1} max={365} />
          </Form.Item>
          <Form.Item name="code" label={t('cmp.customCode')} rules={[{ pattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/ }]}>
            <Input data-testid="campaign-code" />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

export function CampaignsPage() {
  const { t } = useI18n();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const list = usePagedQuery<CampaignItem, Filters>((q, signal) => campaignsApi.list(q, signal), { onError: showError });
  const { draft, setDraft, search, reset } = list;
  const columns = [
    {
      title: t('cmp.id'),
      dataIndex: 'id',
      width: 70,
      fixed: 'left' as const,
      render: (id: number) => <Link to={`/campaigns/${id}`}>{id}</Link>,
    },
    { title: t('cmp.code'), dataIndex: 'code', width: 120, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('cmp.name'), dataIndex: 'name', width: 200 },
    { title: t('cmp.kind'), dataIndex: 'kind', width: 120, render: (v: CampaignKind) => t(`cmp.kind.${v}`) },
    { title: t('cmp.branch'), dataIndex: ['branch', 'name'], width: 130 },
    { title: t('cmp.period'), key: 'period', width: 200, render: (_: unknown, r: CampaignItem) => `${r.startDate} ~ ${r.endDate}` },
    {
      title: t('cmp.phase'),
      dataIndex: 'phase',
      width: 90,
      render: (v: CampaignPhase) => <Tag color={PHASE_COLOR[v]}>{t(`cmp.phase.${v}`)}</Tag>,
    },
    { title: t('cmp.sent'), dataIndex: ['figures', 'sent'], width: 90, align: 'right' as const },
    { title: t('cmp.visited'), dataIndex: ['figures', 'visited'], width: 90, align: 'right' as const },
    { title: t('cmp.applied'), dataIndex: ['figures', 'applied'], width: 90, align: 'right' as const },
    { title: t('cmp.approved'), dataIndex: ['figures', 'approved'], width: 90, align: 'right' as const },
    { title: t('cmp.disbursedAmount'), dataIndex: ['figures', 'disbursedAmount'], width: 130, align: 'right' as const },
  ];
  return (
    <>
      <PageHeader
        title={t('cmp.title')}
        subtitle={t('cmp.subtitle')}
        extra={
          can('campaign:manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
              {t('cmp.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <PagedTable<CampaignItem, Filters>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="campaigns"
          testId="campaigns-table"
          emptyText={t('cmp.empty')}
          scroll={{ x: 1500 }}
          exportTo={{ path: '/api/v1/campaigns', filename: t('cmp.title'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`campaign-row-${r.id}`)}
          toolbar={
            <>
              <Select<CampaignKind>
                allowClear
                style={{ width: 160 }}
                placeholder={t('cmp.kind')}
                value={draft.kind}
                onChange={(v) => setDraft((f) => ({ ...f, kind: v ?? undefined }))}
                options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(`cmp.kind.${k}`) }))}
                data-testid="campaigns-filter-kind"
              />
              <Button type="primary" onClick={() => search()} data-testid="campaigns-search">
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
            </>
          }
        />
      </Card>
      <CreateCampaignModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
