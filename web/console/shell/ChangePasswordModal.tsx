/**
 * Change one's own password. When the account must change it (first login, after a reset) the
 * dialog cannot be dismissed; the only other way out is to log out.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { api } from '../../shared/api';
import { useI18n } from '../i18n';
import { useAuth } from './auth';
import { showError, showSuccess } from './feedback';
import { passwordRules } from './password';

interface Props {
  open: boolean;
  forced?: boolean;
  onClose?: () => void;
}

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, forced = false, onClose }: Props) {
  const { t } = useI18n();
  const { refresh, logout } = useAuth();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.post<void>('/api/v1/auth/change-password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      showSuccess(t('password.changed'));
      form.resetFields();
      await refresh();
      onClose?.();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const footer = [
    forced ? (
      <Button key="logout" data-testid="change-password-logout" onClick={() => void logout()}>
        {t('header.logout')}
      </Button>
    ) : (
      <Button key="cancel" onClick={onClose}>
        {t('common.cancel')}
      </Button>
    ),
    <Button
      key="ok"
      type="primary"
      loading={saving}
      data-testid="change-password-submit"
      onClick={() => void submit().catch(() => undefined)}
    >
      {t('common.submit')}
    </Button>,
  ];

  return (
    <Modal
      open={open}
      title={t('password.title')}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      onCancel={forced ? undefined : onClose}
      footer={footer}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('password.forcedTip')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('common.required', { field: t('password.current') }) }]}
        >
          <Input.Password autoComplete="current-password" data-testid="change-password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule')}
          dependencies={['currentPassword']}
          rules={[
            ...passwordRules(t, t('common.required', { field: t('password.new') })),
            ({ getFieldValue }) => ({
              validator: async (_r, value: unknown) => {
                if (value && value === getFieldValue('currentPassword')) throw new Error(t('password.sameAsOld'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="change-password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { field: t('password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: async (_r, value: unknown) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="change-password-confirm" />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
