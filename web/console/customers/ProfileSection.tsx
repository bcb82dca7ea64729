/**
 * The customer profile collected by credit staff (AB角): current values, the pending change (masked,
 * or whole for pii:unmask holders — audited), an edit form that submits a change for a second
 * person's cross-check, and the field-by-field history (shared list, Excel export).
 */
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Divider, Form, Input, InputNumber, Modal, Select, Table, Typography } from 'antd';
import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { MARITAL_STATUSES, type ProfileField } from '../../../src/modules/customers/customers.contract';
import { customerProfileApi, type CustomerDetail, type ProfileChangeBody, type ProfileHistoryItem, type ProfilePendingView } from './api';

type FormValues = {
  mobile?: string;
  residence?: string;
  occupation?: string;
  employer?: string;
  monthlyIncome?: string;
  maritalStatus?: string | null;
  dependants?: number | null;
  spouseName?: string;
  collateralNotes?: string;
};

/** Only the fields the user changed; an emptied text clears the field. */
function changedFields(c: CustomerDetail, v: FormValues): ProfileChangeBody {
  const body: ProfileChangeBody = {};
  const text = (s: string | undefined) => (s === undefined ? undefined : s.trim() === '' ? null : s.trim());
  if (v.mobile && v.mobile.trim()) body.mobile = v.mobile.trim();
  const pairs: Array<[keyof ProfileChangeBody, string | null | undefined, string | null]> = [
    ['residence', text(v.residence), c.residence],
    ['occupation', text(v.occupation), c.occupation],
    ['employer', text(v.employer), c.employer],
    ['collateralNotes', text(v.collateralNotes), c.collateralNotes],
    ['monthlyIncome', text(v.monthlyIncome), c.monthlyIncome],
  ];
  for (const [k, next, now] of pairs) if (next !== undefined && next !== now) (body as Record<string, unknown>)[k] = next;
  if ((v.maritalStatus ?? null) !== c.maritalStatus) body.maritalStatus = (v.maritalStatus ?? null) as ProfileChangeBody['maritalStatus'];
  if ((v.dependants ?? null) !== c.dependants) body.dependants = v.dependants ?? null;
  if (v.spouseName !== undefined && v.spouseName.trim() !== '') body.spouseName = v.spouseName.trim();
  else if (v.maritalStatus !== 'MARRIED' && c.spouseNameMasked !== null) body.spouseName = null;
  return body;
}

export function ProfileSection({ customer, onChanged }: { customer: CustomerDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [pending, setPending] = useState<ProfilePendingView | null>(null);
  const [form] = Form.useForm<FormValues>();
  const c = customer;

  const history = usePagedQuery<ProfileHistoryItem, Record<string, string | undefined>>(
    (q, signal) => customerProfileApi.history(c.id, q, signal),
    { onError: showError },
  );

  const label = (f: ProfileField) => tryT(t, `customers.field.${f}`, f);

  const submit = async () => {
    const values = await form.validateFields();
    const body = changedFields(c, values);
    setSaving(true);
    try {
      const res = await customerProfileApi.submit(c.id, body);
      message.success(t('customers.profileSubmitted', { id: res.reviewRequestId }));
      setEditing(false);
      onChanged();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const showPending = async () => {
    try {
      setPending(await customerProfileApi.pending(c.id));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <Divider titlePlacement="start">{t('customers.collected')}</Divider>
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'employer', label: label('employer'), children: c.employer ?? '—' },
          {
            key: 'marital',
            label: label('maritalStatus'),
            children: c.maritalStatus ? tryT(t, `customers.marital.${c.maritalStatus}`, c.maritalStatus) : '—',
          },
          { key: 'dependants', label: label('dependants'), children: c.dependants ?? '—' },
          { key: 'spouse', label: label('spouseName'), children: c.spouseNameMasked ?? '—' },
          { key: 'collateral', label: label('collateralNotes'), children: c.collateralNotes ?? '—' },
        ]}
      />
      {c.pendingProfileChangeId !== null ? (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          title={t('customers.pendingTitle', { id: c.pendingProfileChangeId })}
          description={t('customers.pendingTip')}
          action={
            <Button size="small" icon={<EyeOutlined />} onClick={showPending} data-testid="customer-profile-pending">
              {t('customers.pendingShow')}
            </Button>
          }
          data-testid="customer-profile-pending-alert"
        />
      ) : (
        can('customer:write') && (
          <Button
            style={{ marginTop: 12 }}
            icon={<EditOutlined />}
            onClick={() => {
              form.resetFields();
              setEditing(true);
            }}
            data-testid="customer-profile-edit"
          >
            {t('customers.edit')}
          </Button>
        )
      )}
      {pending && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={pending.lines}
          title={() => (pending.unmasked ? t('customers.pendingUnmasked') : t('customers.pendingMasked'))}
          columns={[
            { title: t('customers.historyField'), dataIndex: 'label' },
            { title: t('customers.historyBefore'), dataIndex: 'before', render: (v: string | null) => v ?? '—' },
            { title: t('customers.historyAfter'), dataIndex: 'after', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}

      <Divider titlePlacement="start">{t('customers.history')}</Divider>
      <PagedTable<ProfileHistoryItem, Record<string, string | undefined>>
        query={history}
        settingsKey="customer-profile-history"
        exportTo={{ path: customerProfileApi.historyPath(c.id), filename: t('customers.history'), onError: showError }}
        rowKey={(r) => String(r.id)}
        size="small"
        emptyText={t('customers.historyEmpty')}
        pageSizeOptions={[10, 20, 50]}
        columns={[
          { title: t('customers.historyAt'), dataIndex: 'changedAt', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('customers.historyField'), dataIndex: 'label', width: 100 },
          { title: t('customers.historyBefore'), dataIndex: 'before', render: (v: string | null) => v ?? '—' },
          { title: t('customers.historyAfter'), dataIndex: 'after', render: (v: string | null) => v ?? '—' },
          {
            title: t('customers.historyBy'),
            key: 'by',
            width: 130,
            render: (_: unknown, r) => (
              <Typography.Text>
                {r.makerName ?? r.makerId} / {r.checkerName ?? r.checkerId}
              </Typography.Text>
            ),
          },
        ]}
      />

      <Modal
        open={editing}
        title={t('customers.editTitle')}
        okText={t('customers.submitForReview')}
        confirmLoading={saving}
        onOk={submit}
        onCancel={() => setEditing(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'customer-profile-submit' } as Record<string, string>}
      >
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('customers.editTip')} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            residence: c.residence ?? '',
            occupation: c.occupation ?? '',
            employer: c.employer ?? '',
            monthlyIncome: c.monthlyIncome ?? '',
            maritalStatus: c.maritalStatus,
            dependants: c.dependants,
            collateralNotes: c.collateralNotes ?? '',
          }}
        >
          <Form.Item name="mobile" label={label('mobile')} extra={t('customers.mobileKeep', { mobile: c.mobileMasked })}>
            <Input maxLength={20} data-testid="profile-mobile" />
          </Form.Item>
          <Form.Item name="residence" label={label('residence')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="occupation" label={label('occupation')}>
            <Input maxLength={50} data-testid="profile-occupation" />
          </Form.Item>
          <Form.Item name="employer" label={label('employer')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="monthlyIncome"
            label={label('monthlyIncome')}
            rules={[{ pattern: /^\d{1,8}(\.\d{1,2})?$/, message: t('customers.incomeFormat') }]}
          >
            <Input maxLength={12} />
          </Form.Item>
          <Form.Item name="maritalStatus" label={label('maritalStatus')}>
            <Select allowClear options={MARITAL_STATUSES.map((m) => ({ value: m, label: tryT(t, `customers.marital.${m}`, m) }))} />
          </Form.Item>
          <Form.Item name="dependants" label={label('dependants')}>
            <InputNumber min={0} max={20} precision={0} />
          </Form.Item>
          <Form.Item
            name="spouseName"
            label={label('spouseName')}
            extra={c.spouseNameMasked ? t('customers.spouseKeep', { name: c.spouseNameMasked }) : undefined}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="collateralNotes" label={label('collateralNotes')}>
            <Input.TextArea maxLength={500} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
