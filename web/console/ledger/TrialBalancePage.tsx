import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useAsync } from '../../shared/useAsync';
import { ExportButton } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { groupYuan } from '../loans/ui';
import { ledgerApi, type TrialBalanceAccount } from './api';

const TYPE_COLOR: Record<TrialBalanceAccount['type'], string> = {
  ASSET: 'blue',
  LIABILITY: 'purple',
  INCOME: 'gold',
  EXPENSE: 'red',
  OFF_BALANCE: 'default',
};

function Amount({ value, strong, testId }: { value: string; strong?: boolean; testId?: string }) {
  return (
    <span className="hn-mono" style={strong ? { fontWeight: 600 } : undefined} data-testid={testId}>
      {groupYuan(value)}
    </span>
  );
}

export function TrialBalancePage() {
  const { t } = useI18n();
  const [date, setDate] = useState<Dayjs | null>(null);
  const dateParam = date ? date.format('YYYY-MM-DD') : undefined;
  const { data, loading, reload } = useAsync((signal) => ledgerApi.trialBalance(dateParam, signal), [dateParam], { onError: showError });

  const columns: TableColumnsType<TrialBalanceAccount> = [
    { title: t('ledger.code'), dataIndex: 'code', width: 100, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('ledger.name'), dataIndex: 'name' },
    {
      title: t('ledger.type'),
      dataIndex: 'type',
      width: 130,
      render: (v: TrialBalanceAccount['type']) => <Tag color={TYPE_COLOR[v]}>{tryT(t, `ledger.type.${v}`, v)}</Tag>,
    },
    {
      title: t('ledger.side'),
      dataIndex: 'normalSide',
      width: 90,
      render: (v: 'D' | 'C') => t(v === 'D' ? 'ledger.side.D' : 'ledger.side.C'),
    },
    { title: t('ledger.debit'), dataIndex: 'debit', width: 170, align: 'right', render: (v: string) => <Amount value={v} /> },
    { title: t('ledger.credit'), dataIndex: 'credit', width: 170, align: 'right', render: (v: string) => <Amount value={v} /> },
    { title: t('ledger.balance'), dataIndex: 'balance', width: 170, align: 'right', render: (v: string) => <Amount value={v} strong /> },
  ];

  const balanced = data ? data.balanced && data.totalDebit === data.totalCredit : null;
  const totalStyle = balanced === null ? undefined : { background: balanced ? '#f6ffed' : '#fff1f0' };

  return (
    <>
      <PageHeader
        title={t('ledger.title')}
        subtitle={t('ledger.subtitle')}
        extra={
          <>
            <DatePicker
              value={date}
              onChange={(d) => setDate(d)}
              placeholder={data?.date ?? t('ledger.dateHint')}
              allowClear
              data-testid="ledger-date"
            />
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            {/* the balance as shown: the same date, every account, then the totals */}
            <ExportButton
              path="/api/v1/ledger/trial-balance"
              query={{ date: data?.date ?? dateParam }}
              filename={`${t('ledger.title')}_${data?.date ?? dateParam ?? ''}`}
              onError={showError}
              testId="ledger-export"
            />
          </>
        }
      />
      <Card>
        {data && (
          <Alert
            style={{ marginBottom: 12 }}
            type={balanced ? 'success' : 'error'}
            showIcon
            icon={balanced ? <CheckCircleFilled /> : <CloseCircleFilled />}
            title={<span data-testid="ledger-balanced">{t(balanced ? 'ledger.balanced' : 'ledger.unbalanced')}</span>}
            description={t(balanced ? 'ledger.balancedDetail' : 'ledger.unbalancedDetail', {
              date: data.date,
              debit: groupYuan(data.totalDebit),
              credit: groupYuan(data.totalCredit),
            })}
          />
        )}
        <Table<TrialBalanceAccount>
          rowKey="code"
          columns={columns}
          dataSource={data?.accounts ?? []}
          loading={loading}
          size="small"
          bordered
          pagination={false}
          locale={{ emptyText: <Empty description={t('ledger.empty')} /> }}
          data-testid="ledger-table"
          summary={() =>
            data ? (
              <Table.Summary fixed>
                <Table.Summary.Row style={totalStyle} data-testid="ledger-total-row">
                  <Table.Summary.Cell index={0} colSpan={4}>
                    <Typography.Text strong>
                      {t('ledger.total')} ({data.date})
                    </Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <Amount value={data.totalDebit} strong testId="ledger-total-debit" />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    <Amount value={data.totalCredit} strong testId="ledger-total-credit" />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="center">
                    {balanced ? (
                      <Typography.Text type="success" strong>
                        <CheckCircleFilled /> {t('ledger.balanced')}
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="danger" strong>
                        <CloseCircleFilled /> {t('ledger.unbalanced')}
                      </Typography.Text>
                    )}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </Card>
    </>
  );
}
