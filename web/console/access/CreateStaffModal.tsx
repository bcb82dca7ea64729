import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Space } from 'antd';
import { useI18n } from '../i18n';
import { showError, showSuccess } from '../shell/feedback';
import { generatePassword, passwordRules } from '../shell/password';
import { useRoles } from '../shell/roles';
import { tid } from '../shell/testid';
import { accessApi, type Branch } from './api';
import { BranchTreeSelect } from './branchTree';
import { normalizeMobile } from '../../../src/kernel/mobile';

interface Values {
  username: string;
  name: string;
  branchId: string;
  mobile: string;
  roles: string[];
  initialPassword: string;
}

export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{2,31}$/;
/** A staff mobile is typed as its bare 11 digits: the kernel's rule, with no prefix or separators. */
const isBareMobile = (v: string) => normalizeMobile(v) === v;

export function CreateStaffModal({
  open,
  onClose,
  onDone,
  branches,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  branches: Branch[] | undefined;
}) {
  const { t } = useI18n();
  const { roles } = useRoles();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const branch = branches?.find((b) => String(b.id) === v.branchId);
      const result = await accessApi.createStaff({
        username: v.username.trim(),
        name: v.name.trim(),
        branchId: branch?.id ?? v.branchId,
        mobile: v.mobile.trim(),
        roles: v.roles,
        initialPassword: v.initialPassword,
      });
      if (result.kind === 'review') {
        showSuccess(t('staff.submittedForReview'));
      } else {
        showSuccess(t('staff.createdDirectly'));
      }
      form.resetFields();
      onDone();
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('staff.createTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.submit')}
      confirmLoading={saving}
      okButtonProps={tid('staff-create-submit')}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" preserve={false} autoComplete="off">
        <Form.Item
          name="username"
          label={t('staff.username')}
          extra={t('staff.usernameRule')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('staff.username') }) },
            { pattern: USERNAME_PATTERN, message: t('staff.usernameRule') },
          ]}
        >
          <Input maxLength={32} data-testid="staff-username" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('staff.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('staff.name') }) }]}
        >
          <Input maxLength={40} data-testid="staff-name" />
        </Form.Item>
        <Form.Item
          name="branchId"
          label={t('staff.branch')}
          rules={[{ required: true, message: t('common.select', { field: t('staff.branch') }) }]}
        >
          <BranchTreeSelect branches={branches} disableInactive data-testid="staff-branch" />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('staff.mobile')}
          rules={[
            { required: true, message: t('common.required', { field: t('staff.mobile') }) },
            {
              validator: (_, v?: string) => (!v || isBareMobile(v) ? Promise.resolve() : Promise.reject(new Error(t('staff.mobileRule')))),
            },
          ]}
        >
          <Input maxLength={11} inputMode="numeric" data-testid="staff-mobile" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('staff.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('staff.rolesRequired') }]}
        >
          <Select mode="multiple" data-testid="staff-roles" options={roles.map((r) => ({ value: r.code, label: r.label }))} />
        </Form.Item>
        <Form.Item label={t('staff.initialPassword')} required extra={`${t('password.rule')}；${t('staff.initialPasswordTip')}`}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="initialPassword" noStyle rules={passwordRules(t, t('common.required', { field: t('staff.initialPassword') }))}>
              <Input.Password autoComplete="new-password" data-testid="staff-password" />
            </Form.Item>
            <Button
              onClick={() => {
                form.setFieldValue('initialPassword', generatePassword());
                void form.validateFields(['initialPassword']).catch(() => undefined);
              }}
            >
              {t('staff.generate')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
