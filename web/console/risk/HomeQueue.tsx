/** The home page's work queue of alerts (the inspector's, the officer's, the branch head's): open alerts in scope, earliest deadline first. */
import { Link } from 'react-router-dom';
import { Card, Empty, List, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { riskApi } from './api';
import { LevelTag } from './ui';

export function RiskQueueCard() {
  const { t } = useI18n();
  const { data, loading } = useAsync((signal) => riskApi.alerts({ status: 'OPEN', sort: 'dueAt', page: 1, pageSize: 8 }, signal), []);
  return (
    <Card
      title={
        <span>
          <AlertOutlined /> {t('home.riskQueue')} {data ? `(${data.total})` : ''}
        </span>
      }
      extra={<Link to="/risk/alerts">{t('risk.title')}</Link>}
      loading={loading && !data}
      data-testid="home-card-risk-queue"
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('home.riskQueueHint')}
      </Typography.Text>
      {data && data.items.length === 0 ? (
        <Empty description={t('home.riskQueueEmpty')} />
      ) : (
        <List
          size="small"
          dataSource={data?.items ?? []}
          renderItem={(a) => (
            <List.Item key={a.id} data-testid={`home-risk-${a.id}`}>
              <Link to={`/risk/alerts/${a.id}`}>
                <LevelTag level={a.level} /> {a.customerNameMasked ?? a.customerId}
              </Link>
              <span style={a.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>
                {a.dueAt}
                {a.overdue ? ` · ${t('risk.overdue')}` : ''}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
