import { Component, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Result, Typography } from 'antd';
import { useI18n } from '../i18n';
import { useCan } from './auth';

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('page.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('page.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('page.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('page.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Renders children only for users holding one of the permissions. */
export function RequirePermission({ permissions, children }: { permissions?: readonly string[]; children: ReactNode }) {
  const can = useCan();
  if (permissions && !can(permissions)) return <ForbiddenPage />;
  return <>{children}</>;
}

/** The title block at the top of a page. */
export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="hn-page-header">
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {subtitle}
          </Typography.Text>
        )}
      </div>
      {extra && <div className="hn-page-header-extra">{extra}</div>}
    </div>
  );
}

interface BoundaryState {
  error: unknown;
}

/** Keeps a failed page (e.g. a chunk that did not load after a deploy) from blanking the console. */
export class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string; message: string }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) {
      return (
        <Result status="warning" subTitle={this.props.message} extra={<Button onClick={() => window.location.reload()}>{'⟳'}</Button>} />
      );
    }
    return this.props.children;
  }
}
