import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { useI18n } from '../i18n';
import { useAuth } from './auth';
import { BankMark } from './BankMark';
import { DemoBuildBanner } from './DemoBuildBanner';
import { LangSwitch } from './LangSwitch';

interface Values {
  username: string;
  password: string;
}

function redirectTarget(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const { user, ready, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (ready && user) return <Navigate to={redirectTarget(location.state)} replace />;

  const onFinish = async (v: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      navigate(redirectTarget(location.state), { replace: true });
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="hn-login">
      <div className="hn-login-lang">
        <LangSwitch dark />
      </div>
      <div className="hn-login-inner">
        <div className="hn-login-brand">
          <BankMark size={48} />
          <Typography.Title level={3} style={{ color: '#fff', margin: '12px 0 4px' }}>
            {t('app.title')}
          </Typography.Title>
        </div>
        <DemoBuildBanner />
        <Card className="hn-login-card" title={t('login.title')}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Form<Values> layout="vertical" requiredMark={false} onFinish={(v) => void onFinish(v)} size="large">
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('login.tip')}
          </Typography.Paragraph>
        </Card>
        <div className="hn-login-footer">{t('app.footer')}</div>
      </div>
    </div>
  );
}
