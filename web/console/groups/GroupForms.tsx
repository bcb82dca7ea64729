/** The group screens' forms: name or edit a group, add a member, import members from a file, start group pre-credit. */
import { useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Upload, type UploadProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { showError, showSuccess } from '../shell/feedback';
import { tid } from '../shell/testid';
import { GROUP_KINDS, groupEditApi, type GroupDetail, type GroupKind, type Option } from './api';

interface GroupFormValues {
  kind: GroupKind;
  name: string;
  branchId?: number;
  officerId: number;
  keyName?: string;
  keyMobile?: string;
  note?: string;
}

/** New group (no `group`) or an edit of one: kind, name, branch (new only), officer, key person, note. */
export function GroupFormModal(props: {
  open: boolean;
  group?: GroupDetail | null;
  onClose: () => void;
  onSaved: (g: GroupDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<GroupFormValues>();
  const [branches, setBranches] = useState<Option[]>([]);
  const [officers, setOfficers] = useState<Option[]>([]);
  const [saving, setSaving] = useState(false);
  const editing = props.group ?? null;
  const branchId = Form.useWatch('branchId', form) ?? editing?.branch.id;
  useEffect(() => {
    if (!props.open || editing) return;
    const ctl = new AbortController();
    groupEditApi.branches(ctl.signal).then(setBranches, (e: unknown) => !ctl.signal.aborted && showError(e));
    return () => ctl.abort();
  }, [props.open, editing]);
  useEffect(() => {
    if (!props.open || !branchId) return;
    const ctl = new AbortController();
    groupEditApi.officers(branchId, ctl.signal).then(setOfficers, (e: unknown) => !ctl.signal.aborted && showError(e));
    return () => ctl.abort();
  }, [props.open, branchId]);
  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (editing)
      form.setFieldsValue({ kind: editing.kind, name: editing.name, officerId: editing.officer.id, note: editing.note ?? undefined });
  }, [props.open, editing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const keyPerson = v.keyName && v.keyMobile ? { name: v.keyName, mobile: v.keyMobile } : undefined;
    setSaving(true);
    try {
      const saved = editing
        ? await groupEditApi.update(editing.id, { kind: v.kind, name: v.name, officerId: v.officerId, keyPerson, note: v.note ?? null })
        : await groupEditApi.create({
            kind: v.kind,
            name: v.name,
            branchId: v.branchId!,
            officerId: v.officerId,
            keyPerson: keyPerson!,
            note: v.note ?? null,
          });
      showSuccess(t('grp.saved'));
      props.onSaved(saved);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={editing ? t('grp.edit') : t('grp.create')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t('grp.save')}
      okButtonProps={{ loading: saving, ...tid('group-form-save') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="group-form">
        <Form.Item name="kind" label={t('grp.kind')} rules={[{ required: true }]}>
          <Select data-testid="group-form-kind" options={GROUP_KINDS.map((k) => ({ value: k, label: t(`grp.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('grp.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="group-form-name" />
        </Form.Item>
        {editing ? null : (
          <Form.Item name="branchId" label={t('grp.branch')} rules={[{ required: true }]}>
            <Select
              data-testid="group-form-branch"
              showSearch={{ optionFilterProp: 'label' }}
              options={branches.map((b) => ({ value: b.id, label: b.name }))}
              onChange={() => form.setFieldValue('officerId', undefined)}
            />
          </Form.Item>
        )}
        <Form.Item name="officerId" label={t('grp.officer')} rules={[{ required: true }]}>
          <Select data-testid="group-form-officer" options={officers.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item
          name="keyName"
          label={t('grp.keyPerson')}
          rules={[{ required: !editing, max: 50 }]}
          extra={editing ? t('grp.keyUnchanged') : undefined}
        >
          <Input data-testid="group-form-key-name" />
        </Form.Item>
        <Form.Item name="keyMobile" label={t('grp.keyMobile')} rules={[{ required: !editing, max: 20 }]}>
          <Input data-testid="group-form-key-mobile" />
        </Form.Item>
        <Form.Item name="note" label={t('grp.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} data-testid="group-form-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Adds one person (name, ID number, mobile); an existing member (same ID number) is reported, not added twice. */
export function AddMemberModal(props: { open: boolean; groupId: number; onClose: () => void; onAdded: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; idNumber: string; mobile: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const out = await groupEditApi.addMember(props.groupId, v);
      showSuccess(out.added ? t('grp.memberAdded') : t('grp.memberExisting'));
      form.resetFields();
      props.onAdded();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={t('grp.addMember')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, ...tid('member-form-save') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="member-form">
        <Form.Item name="name" label={t('grp.memberName')} rules={[{ required: true, max: 50 }]}>
          <Input data-testid="member-form-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('grp.idNumber')} rules={[{ required: true, max: 30 }]}>
          <Input data-testid="member-form-id" />
        </Form.Item>
        <Form.Item name="mobile" label={t('grp.mobile')} rules={[{ required: true, max: 20 }]}>
          <Input data-testid="member-form-mobile" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Uploads a GROUP_MEMBERS file (客群码,姓名,身份证号,手机号): the valid rows wait for a checker, the rest are reported. */
export function ImportMembersButton() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    setBusy(true);
    groupEditApi
      .importMembers(file as File)
      .then((b) => {
        onSuccess?.(b);
        Modal.info({
          title: t('grp.importDone', { id: b.id }),
          content: t('grp.importReport', { valid: b.validRows, errors: b.errorRows }),
        });
      })
      .catch((e: unknown) => {
        onError?.(e instanceof Error ? e : new Error(String(e)));
        showError(e);
      })
      .finally(() => setBusy(false));
  };
  return (
    <Upload accept=".csv,.xlsx" showUploadList={false} customRequest={customRequest}>
      <Button icon={<UploadOutlined />} loading={busy} data-testid="group-import-members">
        {t('grp.importMembers')}
      </Button>
    </Upload>
  );
}

const OCCUPATIONS = ['ENTERPRISE_EMPLOYEE', 'CIVIL_SERVANT', 'FARMER', 'SELF_EMPLOYED'] as const;

/** Hands the group's members to the pre-credit white list (with the group's income and occupation): reviewed like an uploaded list. */
export function GroupPreCreditModal(props: { open: boolean; groupId: number; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ monthlyIncome?: string; occupation?: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const out = await groupEditApi.preCredit(props.groupId, {
        monthlyIncome: v.monthlyIncome || undefined,
        occupation: v.occupation || undefined,
      });
      showSuccess(t('grp.preCreditSubmitted', { members: out.members, request: out.reviewRequestId }));
      props.onClose();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={t('grp.preCredit')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, ...tid('group-precredit-submit') }}
      destroyOnHidden
    >
      <p>{t('grp.preCreditHint')}</p>
      <Form form={form} layout="vertical">
        <Form.Item
          name="monthlyIncome"
          label={t('grp.monthlyIncome')}
          rules={[{ pattern: /^\d{1,9}(\.\d{1,2})?$/, message: t('grp.amountFormat') }]}
        >
          <Input data-testid="group-precredit-income" placeholder="8000.00" />
        </Form.Item>
        <Form.Item name="occupation" label={t('grp.occupation')}>
          <Select
            allowClear
            data-testid="group-precredit-occupation"
            options={OCCUPATIONS.map((o) => ({
              value: o,
              label: t(`grp.occupation.${o}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
