/**
 * A policy version's decision tables, one antd Table per node (input columns, output columns, rule
 * rows), read-only or editable (cells, descriptions, add / remove / move rows), plus its formulas.
 */
import { Button, Empty, Input, Space, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import type { FlatColumn, FlatExpressionNode, FlatRule, FlatTable } from './api';
import { emptyRule } from './document';

interface Props {
  tables: FlatTable[];
  expressions: FlatExpressionNode[];
  editing: boolean;
  onChange?: (tables: FlatTable[]) => void;
}

function ColumnTitle({ column }: { column: FlatColumn }) {
  return (
    <Space orientation="vertical" size={0}>
      <span>{column.name}</span>
      {column.field && (
        <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
          {column.field}
        </Typography.Text>
      )}
    </Space>
  );
}

function DecisionTable({ table, editing, onChange }: { table: FlatTable; editing: boolean; onChange: (t: FlatTable) => void }) {
  const { t } = useI18n();
  const setRule = (index: number, rule: FlatRule) => onChange({ ...table, rules: table.rules.map((r, i) => (i === index ? rule : r)) });
  const setCell = (index: number, colId: string, value: string) =>
    setRule(index, { ...table.rules[index], cells: { ...table.rules[index].cells, [colId]: value } });
  const move = (index: number, by: -1 | 1) => {
    const rules = [...table.rules];
    const [rule] = rules.splice(index, 1);
    rules.splice(index + by, 0, rule);
    onChange({ ...table, rules });
  };
  const remove = (index: number) => onChange({ ...table, rules: table.rules.filter((_, i) => i !== index) });
  const add = () => onChange({ ...table, rules: [...table.rules, emptyRule(table)] });

  const cellColumn = (col: FlatColumn, isInput: boolean): TableColumnsType<FlatRule>[number] => ({
    key: col.id,
    title: <ColumnTitle column={col} />,
    width: isInput && !col.field ? 360 : isInput ? 150 : 200,
    render: (_: unknown, rule, index) => {
      const value = rule.cells[col.id] ?? '';
      if (editing) {
        return (
          <Input.TextArea
            value={value}
            autoSize={{ minRows: 1, maxRows: 6 }}
            placeholder={isInput ? t('decision.cellPlaceholder') : undefined}
            onChange={(e) => setCell(index, col.id, e.target.value)}
            data-testid={`decision-cell-${table.nodeId}-${index}-${col.id}`}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
          />
        );
      }
      if (!value.trim()) return <Typography.Text type="secondary">{isInput ? t('decision.cellPlaceholder') : '—'}</Typography.Text>;
      return (
        <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {value}
        </Typography.Text>
      );
    },
  });

  const columns: TableColumnsType<FlatRule> = [
    { key: 'no', title: '#', width: 48, fixed: 'left', render: (_: unknown, __, index) => index + 1 },
    {
      key: 'rule',
      title: t('decision.description'),
      width: 220,
      render: (_: unknown, rule, index) =>
        editing ? (
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {rule.id}
            </Typography.Text>
            <Input.TextArea
              value={rule.description ?? ''}
              autoSize={{ minRows: 1, maxRows: 4 }}
              onChange={(e) => setRule(index, { ...rule, description: e.target.value })}
              data-testid={`decision-desc-${table.nodeId}-${index}`}
            />
          </Space>
        ) : (
          <Space orientation="vertical" size={0}>
            <span>{rule.description ?? '—'}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {rule.id}
            </Typography.Text>
          </Space>
        ),
    },
    { key: 'inputs', title: t('decision.inputs'), children: table.inputs.map((c) => cellColumn(c, true)) },
    { key: 'outputs', title: t('decision.outputs'), children: table.outputs.map((c) => cellColumn(c, false)) },
  ];
  if (editing) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 120,
      fixed: 'right',
      render: (_: unknown, __, index) => (
        <Space size={0}>
          <Tooltip title={t('decision.moveUp')}>
            <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} />
          </Tooltip>
          <Tooltip title={t('decision.moveDown')}>
            <Button
              type="text"
              size="small"
              icon={<ArrowDownOutlined />}
              disabled={index === table.rules.length - 1}
              onClick={() => move(index, 1)}
            />
          </Tooltip>
          <Tooltip title={t('decision.removeRow')}>
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={() => remove(index)}
              data-testid={`decision-remove-row-${table.nodeId}-${index}`}
            />
          </Tooltip>
        </Space>
      ),
    });
  }

  return (
    <>
      <Space style={{ marginBottom: 8 }} wrap>
        <Tag color="blue">{t(table.hitPolicy === 'first' ? 'decision.hitPolicy.first' : 'decision.hitPolicy.collect')}</Tag>
        <Typography.Text type="secondary">{t('decision.rules', { count: table.rules.length })}</Typography.Text>
      </Space>
      <Table<FlatRule>
        size="small"
        bordered
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={table.rules}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid={`decision-table-${table.nodeId}`}
      />
      {editing && (
        <Button
          icon={<PlusOutlined />}
          type="dashed"
          block
          style={{ marginTop: 8 }}
          onClick={add}
          data-testid={`decision-add-row-${table.nodeId}`}
        >
          {t('decision.addRow')}
        </Button>
      )}
    </>
  );
}

function Formulas({ nodes }: { nodes: FlatExpressionNode[] }) {
  const { t } = useI18n();
  if (nodes.length === 0) return <Empty />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('decision.expressionsHint')}</Typography.Text>
      {nodes.map((node) => (
        <div key={node.nodeId}>
          <Typography.Title level={5}>{node.nodeName}</Typography.Title>
          <Table
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            dataSource={node.expressions}
            columns={[
              {
                key: 'key',
                title: t('decision.key'),
                dataIndex: 'key',
                width: 280,
                render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
              },
              {
                key: 'value',
                title: t('decision.formula'),
                dataIndex: 'value',
                render: (v: string) => (
                  <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {v}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </div>
      ))}
    </Space>
  );
}

export function PolicyTables({ tables, expressions, editing, onChange }: Props) {
  const { t } = useI18n();
  const replace = (next: FlatTable) => onChange?.(tables.map((x) => (x.nodeId === next.nodeId ? next : x)));
  const items = [
    ...tables.map((table) => ({
      key: table.nodeId,
      label: <span data-testid={`decision-tab-${table.nodeId}`}>{table.nodeName}</span>,
      children: <DecisionTable table={table} editing={editing} onChange={replace} />,
    })),
    {
      key: '__formulas',
      label: <span data-testid="decision-tab-formulas">{t('decision.expressions')}</span>,
      children: <Formulas nodes={expressions} />,
    },
  ];
  return <Tabs items={items} defaultActiveKey={tables.find((x) => x.nodeId === 'knockout')?.nodeId ?? tables[0]?.nodeId} />;
}
