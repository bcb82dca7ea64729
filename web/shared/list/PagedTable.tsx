/**
 * One paged table for every console list: the toolbar (the page's filters on the left; column
 * settings and 导出 Excel on the right), an antd Table that keeps its key columns fixed (columns the
 * page marks `fixed`) and scrolls the rest sideways inside the card, server-side paging from
 * usePagedQuery, and column settings (which of the other columns show) kept per list in this browser.
 *
 * Sorting: a column marked `sorter: true` is sorted by the server — its key (or dataIndex) is the
 * sort field the route accepts; clicking its header applies `field` / `-field` through the query
 * (back to page 1) and 导出 Excel carries the same sort. Columns with their own sorter function keep
 * sorting the page in the browser as before.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Button, Checkbox, Empty, Popover, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import type { Query } from '../api';
import { ExportButton } from './ExportButton';
import { listText } from './texts';
import type { Filters, PagedQuery } from './usePagedQuery';

export interface PagedTableExport {
  /** The list endpoint, answering `format=xlsx` with the same filters. */
  path: string;
  filename: string;
  onError?: (err: unknown) => void;
  /** POST: the list is searched by POST and exports by POST, the filters in the body. */
  method?: 'GET' | 'POST';
}

export interface PagedTableProps<T, F extends Filters> extends Omit<TableProps<T>, 'columns' | 'dataSource' | 'pagination' | 'loading'> {
  query: PagedQuery<T, F>;
  columns: TableColumnsType<T>;
  /** Names the list for its column settings (stored in this browser). */
  settingsKey: string;
  /** The page's filters and buttons, left of the table's own actions. */
  toolbar?: ReactNode;
  /** Offer 导出 Excel for this list. */
  exportTo?: PagedTableExport;
  emptyText?: ReactNode;
  pageSizeOptions?: number[];
  testId?: string;
}

type Column<T> = TableColumnsType<T>[number];

function columnId<T>(c: Column<T>, i: number): string {
  if (c.key !== undefined) return String(c.key);
  const di = (c as { dataIndex?: unknown }).dataIndex;
  if (typeof di === 'string' || typeof di === 'number') return String(di);
  if (Array.isArray(di)) return di.join('.');
  return `#${i}`;
}

const STORAGE_PREFIX = 'hn_list_hidden_';

function readHidden(key: string): string[] {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(STORAGE_PREFIX + key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function writeHidden(key: string, hidden: string[]) {
  try {
    globalThis.localStorage?.setItem(STORAGE_PREFIX + key, JSON.stringify(hidden));
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** A server-sorted column: keyed by its sort field, showing the query's sort as its own. */
function serverSorted<T>(c: Column<T>, field: string, sort: string | undefined): Column<T> {
  const sortOrder = sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null;
  return { ...c, key: field, sortOrder };
}

function titleText(title: unknown, fallback: string): ReactNode {
  return typeof title === 'function' ? fallback : ((title as ReactNode) ?? fallback);
}

export function PagedTable<T extends object, F extends Filters>(props: PagedTableProps<T, F>) {
  const { query, columns, settingsKey, toolbar, exportTo, emptyText, pageSizeOptions = [20, 50, 100], testId, ...tableProps } = props;
  const [hidden, setHidden] = useState<string[]>(() => readHidden(settingsKey));
  const ids = useMemo(() => columns.map((c, i) => columnId(c, i)), [columns]);
  const sort = query.sort;
  const shown = columns
    .map((c, i) => (c.sorter === true ? serverSorted(c, ids[i], sort) : c))
    .filter((c, i) => c.fixed || !hidden.includes(ids[i]));

  const onChange: TableProps<T>['onChange'] = (pagination, filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = s?.order && s.columnKey !== undefined ? String(s.columnKey) : undefined;
      query.changeSort(field === undefined ? undefined : s.order === 'descend' ? `-${field}` : field);
    }
    tableProps.onChange?.(pagination, filters, sorter, extra);
  };

  const setHiddenAndKeep = (next: string[]) => {
    setHidden(next);
    writeHidden(settingsKey, next);
  };

  const settings = (
    <div data-testid="list-columns-panel" style={{ maxHeight: 360, overflowY: 'auto' }}>
      <Space direction="vertical" size={4}>
        {columns.map((c, i) => (
          <Checkbox
            key={ids[i]}
            checked={!hidden.includes(ids[i])}
            // key columns stay: they say which row is which
            disabled={Boolean(c.fixed)}
            onChange={(e) => setHiddenAndKeep(e.target.checked ? hidden.filter((h) => h !== ids[i]) : [...hidden, ids[i]])}
            data-testid={`list-column-${ids[i]}`}
          >
            {titleText(c.title, ids[i])}
          </Checkbox>
        ))}
        <Button size="small" type="link" onClick={() => setHiddenAndKeep([])}>
          {listText('columnsReset')}
        </Button>
      </Space>
    </div>
  );

  return (
    <>
      <div className="hn-toolbar">
        {toolbar}
        <div style={{ marginLeft: 'auto', display: 'flex', gap: 8 }}>
          <Popover content={settings} trigger="click" placement="bottomRight" title={listText('columns')}>
            <Button icon={<SettingOutlined />} data-testid="list-columns">
              {listText('columns')}
            </Button>
          </Popover>
          {exportTo && (
            <ExportButton
              path={exportTo.path}
              method={exportTo.method}
              filename={exportTo.filename}
              query={sort ? { ...(query.filters as Query), sort } : (query.filters as Query)}
              onError={exportTo.onError}
            />
          )}
        </div>
      </div>
      <Table<T>
        size="small"
        scroll={{ x: 'max-content' }}
        tableLayout="fixed"
        {...tableProps}
        columns={shown}
        onChange={onChange}
        dataSource={query.items}
        loading={query.loading}
        data-testid={testId}
        locale={emptyText === undefined ? tableProps.locale : { ...tableProps.locale, emptyText: <Empty description={emptyText} /> }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: query.total,
          showSizeChanger: true,
          pageSizeOptions,
          showTotal: (total) => listText('total', { total }),
          onChange: query.changePage,
        }}
      />
    </>
  );
}
